package org.sportsdb.stack;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sportsdb.stack.common.EnvironmentSettings;

/**
 * The configuration table of docs/configuration.md, generated from application.properties: one section per
 * {@code # --- Title (note) ---} line, one row per setting (name, environment variable, default, meaning), the
 * meaning being the comment lines right above the setting. Regenerate with
 * {@code ./mvnw -B -q -pl app -am -Dtest=ConfigurationDocumentedTest -Ddocs.write=true test}.
 */
final class ConfigurationTable {

    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path DOC = Path.of("docs/configuration.md");
    static final String BEGIN = "<!-- generated from src/main/resources/application.properties by ConfigurationTable: do not edit by hand -->";
    static final String END = "<!-- end of the generated table -->";

    private static final Pattern MARKDOWN_PATH = Pattern.compile("(?<![\\w/.\\[])(?<!\\]\\()((?:[\\w.-]+/)*[\\w.-]+\\.md)\\b");

    private ConfigurationTable() {
    }

    /** The environment variable that overrides a setting (the application's own rule). */
    static String envName(String setting) {
        return EnvironmentSettings.envName(setting);
    }

    /** The generated part of docs/configuration.md, markers included. */
    static String render(String propertiesText) throws IOException {
        Properties values = new Properties();
        values.load(new StringReader(propertiesText));
        StringBuilder out = new StringBuilder(BEGIN).append('\n');
        List<String> comment = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        boolean tableOpen = false;
        String[] lines = propertiesText.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("# ---")) {
                String title = line.substring("# ---".length()).replaceAll("-+$", "").strip();
                String note = "";
                int paren = title.lastIndexOf(" (");
                if (paren > 0 && title.endsWith(")")) {
                    note = title.substring(paren + 2, title.length() - 1).strip();
                    title = title.substring(0, paren).strip();
                }
                out.append('\n').append("### ").append(title).append('\n');
                if (!note.isEmpty()) {
                    out.append('\n').append(linked(note)).append('\n');
                }
                tableOpen = false;
                comment.clear();
            } else if (line.startsWith("#")) {
                comment.add(line.substring(1).strip());
            } else if (line.isEmpty()) {
                comment.clear();
            } else {
                String name = line.split("[=:]", 2)[0].strip();
                while (lines[i].endsWith("\\") && i + 1 < lines.length) {
                    i++; // a value continued on the next line
                }
                if (!values.containsKey(name)) {
                    throw new IllegalStateException("cannot read the setting on line: " + line);
                }
                if (!tableOpen) {
                    if (seen.isEmpty()) {
                        out.append('\n').append("### Camel Main").append('\n');
                    }
                    out.append('\n')
                            .append("| setting | environment variable | default | meaning |\n")
                            .append("|---|---|---|---|\n");
                    tableOpen = true;
                }
                String value = values.getProperty(name);
                out.append("| `").append(name).append("` | `").append(envName(name)).append("` | ")
                        .append(value.isEmpty() ? "(empty)" : "`" + cell(value) + "`").append(" | ")
                        .append(cell(linked(String.join(" ", comment)))).append(" |\n");
                seen.add(name);
                comment.clear();
            }
        }
        if (!seen.equals(values.stringPropertyNames())) {
            throw new IllegalStateException("settings read " + seen + ", in the file " + values.stringPropertyNames());
        }
        return out.append('\n').append(END).append('\n').toString();
    }

    /** A repository path to a Markdown file becomes a link relative to docs/ (docs/operations.md, warehouse/README.md). */
    static String linked(String text) {
        return MARKDOWN_PATH.matcher(text).replaceAll(m -> {
            String path = m.group(1);
            String target = path.startsWith("docs/") ? path.substring("docs/".length()) : "../" + path;
            return Matcher.quoteReplacement("[" + path + "](" + target + ")");
        });
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** docs/configuration.md with its generated part replaced by {@code generated}. */
    static String withTable(String doc, String generated) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(DOC + " has lost its markers " + BEGIN + " / " + END);
        }
        return doc.substring(0, begin) + generated + doc.substring(end + END.length() + 1);
    }

    /** Rewrites the table of docs/configuration.md from application.properties. */
    public static void main(String[] args) throws IOException {
        String doc = Files.readString(DOC);
        Files.writeString(DOC, withTable(doc, render(Files.readString(PROPERTIES))));
    }
}
