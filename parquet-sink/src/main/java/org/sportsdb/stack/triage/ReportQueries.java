package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code triage-report.sql}: blocks that start with {@code -- name: x} and {@code -- title: y}
 * and end with {@code ;}. The {@code dates} query lists days; the others are the report's tables.
 */
public final class ReportQueries {

    public static final String RESOURCE = "/triage-report.sql";
    public static final String DATES = "dates";

    private static final Pattern BLOCK = Pattern.compile(
            "^-- name: (\\S+)\\s*\\n-- title: ([^\\n]+)\\n(.*?);\\s*$", Pattern.MULTILINE | Pattern.DOTALL);

    private ReportQueries() {
    }

    public static List<ReportQuery> all() {
        String text;
        try (InputStream in = ReportQueries.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ReportQuery> queries = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            queries.add(new ReportQuery(m.group(1), m.group(2).trim(), m.group(3).trim()));
        }
        if (queries.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " holds no '-- name:' blocks");
        }
        return queries;
    }

    /** The report's tables, in file order (everything but {@link #DATES}). */
    public static List<ReportQuery> tables() {
        return all().stream().filter(q -> !q.name().equals(DATES)).toList();
    }

    public static ReportQuery dates() {
        return all().stream().filter(q -> q.name().equals(DATES)).findFirst()
                .orElseThrow(() -> new IllegalStateException(RESOURCE + " has no '" + DATES + "' query"));
    }
}
