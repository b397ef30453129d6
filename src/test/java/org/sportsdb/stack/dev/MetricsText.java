package org.sportsdb.stack.dev;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one Prometheus text scrape: "name{labels}" exactly as exposed → value. */
public final class MetricsText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)");

    private final Map<String, Double> samples = new LinkedHashMap<>();

    public MetricsText(String text) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
    }

    /** The value of the one sample of {@code name} whose labels include every given label="value" pair. */
    public OptionalDouble value(String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> hasLabels(e.getKey(), labels))
                .mapToDouble(Map.Entry::getValue)
                .reduce((a, b) -> {
                    throw new IllegalStateException("more than one sample of " + name + " with " + String.join(",", labels));
                });
    }

    /** The sum of the samples of {@code name} whose labels include every given label="value" pair; 0 when there is none. */
    public double sum(String name, String... labels) {
        return samplesOf(name).entrySet().stream().filter(e -> hasLabels(e.getKey(), labels)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Every sample of {@code name}: "name{labels}" → value. */
    public Map<String, Double> samplesOf(String name) {
        Map<String, Double> out = new LinkedHashMap<>();
        samples.forEach((series, value) -> {
            if (series.equals(name) || series.startsWith(name + "{")) {
                out.put(series, value);
            }
        });
        return out;
    }

    public double require(String name, String... labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " " + String.join(",", labels)
                + " in the scrape; samples of that name: " + samples.keySet().stream().filter(k -> k.startsWith(name)).toList()));
    }

    private static boolean hasLabels(String series, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!series.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }

    /** The samples, "name{labels}=value" (what a failed wait for a scrape shows). */
    @Override
    public String toString() {
        return samples.toString();
    }
}
