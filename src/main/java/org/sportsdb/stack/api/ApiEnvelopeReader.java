package org.sportsdb.stack.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.apache.camel.component.jsonvalidator.NoJsonBodyValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ends of the envelope check in {@code kamelet:sportsdb-api-call}. The route validates each answer
 * with {@code json-validator:} against its endpoint's schema ({@code schemas/sportsdb/<envelope>.json}:
 * the rows under the envelope key, or {@code {"Message": "No data found"}}); then
 * <ul>
 *   <li>{@link #rows}: a valid answer becomes its list of rows, or an empty list for "No data found"
 *       (counted {@code ok} / {@code no_data});</li>
 *   <li>{@link #rejected}: an answer that is not its envelope (the validator's error, an HTML page or
 *       truncated JSON that does not parse, or a non-2xx status) is counted as {@code envelope_rejected},
 *       logged with the endpoint and why, yields no rows and marks the call failed
 *       ({@link ExchangeKeys#API_FAILED}): the shared route then handles it as a call without an answer,
 *       never as an empty one.</li>
 * </ul>
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

    /** The rows of an answer its schema accepted; none for "No data found". */
    public List<Map<String, Object>> rows(Exchange exchange) throws JsonProcessingException {
        String endpoint = exchange.getProperty(ExchangeKeys.ENDPOINT, String.class);
        try {
            JsonNode list = json.readTree(exchange.getIn().getBody(String.class)).get(EndpointTemplate.of(endpoint).envelope());
            if (list == null) {
                stats.count(endpoint, "no_data");
                return List.of();
            }
            return rowsOf(list, endpoint, exchange.getProperty(ExchangeKeys.REQUEST_PATH, String.class));
        } finally {
            exchange.getIn().removeHeaders("*");
        }
    }

    /** An answer that is not its endpoint's envelope (the exception the route caught says why): counted, logged, the call failed. */
    public List<Map<String, Object>> rejected(Exchange exchange) {
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, String.class);
        String body = exchange.getIn().getBody(String.class);
        String why = why(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), body);
        stats.count(exchange.getProperty(ExchangeKeys.ENDPOINT, String.class), "envelope_rejected");
        LOG.warn("Rejected the answer of {} ({}): {}", path, why, snippet(body));
        exchange.setProperty(ExchangeKeys.API_FAILED, true);
        exchange.setProperty(ExchangeKeys.API_FAILURE, "answer rejected (" + why + ")");
        exchange.getIn().removeHeaders("*");
        return List.of();
    }

    static String why(Throwable caught, String body) {
        if (caught instanceof NoJsonBodyValidationException || (caught instanceof JsonValidationException && (body == null || body.isBlank()))) {
            return "empty body";
        }
        if (caught instanceof JsonValidationException invalid) {
            if (invalid.getCause() instanceof JsonProcessingException || invalid.getErrors() == null || invalid.getErrors().isEmpty()) {
                return "not JSON";
            }
            return invalid.getErrors().stream().map(e -> e.getMessage()).sorted().collect(Collectors.joining("; "));
        }
        return caught == null ? "unknown" : caught.getMessage();
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

    private static String snippet(String body) {
        if (body == null || body.isEmpty()) {
            return "<empty body>";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
    }
}
