package org.sportsdb.stack.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An endpoint of TheSportsDB v2 as the feeds write it, e.g. {@code /lookup/event/{idEvent}}. Its
 * group ({@code lookup}) is the envelope key of the answer, and each {@code {name}} is a path
 * parameter filled in (URL-encoded) from a value source.
 */
public final class EndpointTemplate {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final String template;
    private final List<String> parameters;

    private EndpointTemplate(String template) {
        if (template == null || !template.startsWith("/") || template.length() < 2) {
            throw new IllegalArgumentException("endpoint must be a path like /livescore/{league}, was: " + template);
        }
        this.template = template;
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        this.parameters = Collections.unmodifiableList(names);
    }

    public static EndpointTemplate of(String template) {
        return new EndpointTemplate(template);
    }

    public String template() {
        return template;
    }

    /** The envelope key of v2 answers: the endpoint's group, the first path segment. */
    public String envelope() {
        int end = template.indexOf('/', 1);
        return end < 0 ? template.substring(1) : template.substring(1, end);
    }

    public List<String> parameters() {
        return parameters;
    }

    /** Parameter name → its value, in template order; a missing or blank value is an error naming it. */
    public Map<String, String> values(Function<String, Object> source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameters) {
            Object value = source.apply(name);
            if (value == null || value.toString().isBlank()) {
                throw new IllegalArgumentException("endpoint " + template + " needs a value for {" + name + "}");
            }
            values.put(name, value.toString().trim());
        }
        return values;
    }

    /**
     * What a call of this endpoint fetches, for people: the fixed path segments without the API's verbs
     * (lookup, list, filter) and the parameter values, e.g. {@code /schedule/league/{league}/{season}} →
     * {@code schedule league of 4328/2026-2027}, {@code /lookup/player/{idPlayer}} → {@code player of 34148681}.
     */
    public String describe(Map<String, String> values) {
        List<String> words = new ArrayList<>();
        for (String segment : template.substring(1).split("/")) {
            if (!PARAM.matcher(segment).matches() && !List.of("lookup", "list", "filter").contains(segment)) {
                words.add(segment);
            }
        }
        List<String> given = new ArrayList<>();
        parameters.forEach(name -> given.add(values.getOrDefault(name, "{" + name + "}")));
        return String.join(" ", words) + (given.isEmpty() ? "" : " of " + String.join("/", given));
    }

    /** The request path with every parameter URL-encoded (spaces as %20, as the API expects). */
    public String resolve(Map<String, String> values) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String encoded = URLEncoder.encode(values.get(m.group(1)), StandardCharsets.UTF_8).replace("+", "%20");
            m.appendReplacement(out, Matcher.quoteReplacement(encoded));
        }
        m.appendTail(out);
        return out.toString();
    }
}
