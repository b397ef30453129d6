package org.sportsdb.stack.feeds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

/** The record shapes that are not the API row as received: event details and players. */
public final class FeedRecords {

    /** {@code {"idEvent": <the event asked for>, ...the row}}; the row's own idEvent wins when it has one. */
    public Map<String, Object> eventDetail(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("idEvent", exchange.getProperty("idEvent"));
        row.forEach((field, value) -> {
            if (!"idEvent".equals(field) || (value != null && !value.toString().isBlank())) {
                record.put(field, value);
            }
        });
        return record;
    }

    /**
     * {@code {"idPlayer", "idTeam", "list_player": <row of /list/players>, "lookup_player": <row of
     * /lookup/player or {}>}}: the list row is exchange property {@code listPlayer}, the body is the
     * lookup's rows (or still the list row when the lookup is switched off).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> player(Exchange exchange) {
        Map<String, Object> listed = exchange.getProperty("listPlayer", Map.class);
        Object body = exchange.getIn().getBody();
        Map<String, Object> lookup = body instanceof List && !((List<?>) body).isEmpty()
                ? (Map<String, Object>) ((List<?>) body).get(0) : Map.of();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("idPlayer", listed.get("idPlayer"));
        record.put("idTeam", listed.get("idTeam") != null ? listed.get("idTeam") : exchange.getProperty("idTeam"));
        record.put("list_player", listed);
        record.put("lookup_player", lookup);
        return record;
    }
}
