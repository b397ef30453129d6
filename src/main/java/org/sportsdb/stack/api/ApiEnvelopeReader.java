package org.sportsdb.stack.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one API answer into the list of rows under its envelope ({@code {"livescore": [...]}}).
 * "No data found" is a normal, empty answer. Anything else that is not the endpoint's envelope (an
 * HTML error page, {@code {"Message": "Invalid Premium API key..."}}, a missing or null list, a
 * string where the list should be, a non-2xx status, truncated JSON) is counted as {@code envelope_rejected},
 * logged with the endpoint, yields no rows and marks the call failed ({@link ExchangeKeys#API_FAILED}):
 * the shared route then handles it as a call without an answer, never as an empty one.
 */
public final class ApiEnvelopeReader {

    private static final Logger LOG = LoggerFactory.getLogger(ApiEnvelopeReader.class);
    private static final int SNIPPET = 160;

    private final ObjectMapper json;
    private final ApiCallStats stats;

    public ApiEnvelopeReader(ObjectMapper json, ApiCallStats stats) {
        this.json = json;
        this.stats = stats;
    }

    public List<Map<String, Object>> rows(Exchange exchange) {
        String endpoint = exchange.getProperty(ExchangeKeys.ENDPOINT, String.class);
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        String envelope = EndpointTemplate.of(endpoint).envelope();
        try {
            if (status < 200 || status > 299) {
                return rejected(exchange, "HTTP " + status, body);
            }
            JsonNode root = parse(body);
            if (root == null || !root.isObject()) {
                return rejected(exchange, "not a JSON object", body);
            }
            JsonNode list = root.get(envelope);
            if (list != null && list.isArray()) {
                return rowsOf(list, endpoint, path);
            }
            JsonNode message = root.get("Message");
            if (list == null && message != null && "No data found".equalsIgnoreCase(message.asText().trim())) {
                stats.count(endpoint, "no_data");
                return List.of();
            }
            String why = list == null ? "no \"" + envelope + "\" list" : "\"" + envelope + "\" is " + list.getNodeType().name().toLowerCase() + ", not a list";
            return rejected(exchange, why, body);
        } finally {
            exchange.getIn().removeHeaders("*");
        }
    }

    private List<Map<String, Object>> rowsOf(JsonNode list, String endpoint, String path) {
        List<Map<String, Object>> rows = new ArrayList<>(list.size());
        int notObjects = 0;
        for (JsonNode row : list) {
            if (row.isObject()) {
                rows.add(json.convertValue(row, JsonMaps.TYPE));
            } else {
                notObjects++;
            }
        }
        if (notObjects > 0) {
            stats.count(endpoint, "row_not_object");
            LOG.warn("{}: {} entries of the list are not JSON objects and were not published", path, notObjects);
        }
        stats.count(endpoint, "ok");
        return rows;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private List<Map<String, Object>> rejected(Exchange exchange, String why, String body) {
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, String.class);
        stats.count(exchange.getProperty(ExchangeKeys.ENDPOINT, String.class), "envelope_rejected");
        LOG.warn("Rejected the answer of {} ({}): {}", path, why, snippet(body));
        exchange.setProperty(ExchangeKeys.API_FAILED, true);
        exchange.setProperty(ExchangeKeys.API_FAILURE, "answer rejected (" + why + ")");
        return List.of();
    }

    private static String snippet(String body) {
        if (body == null || body.isEmpty()) {
            return "<empty body>";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
    }
}
