package org.sportsdb.stack.warehouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements, exactly like {@code warehouse/check/warehouse_sql.py}:
 * a statement ends at a line whose last non-blank character is {@code ;} (dropped) unless that line
 * is a {@code --} comment line; chunks holding only blank and comment lines are skipped; the text after
 * the last {@code ;} is a statement if it holds code. A {@code ;} ending a line inside a string literal
 * is not supported.
 */
public final class StatementSplitter {

    private StatementSplitter() {
    }

    public static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            current.add(line);
            String stripped = line.stripTrailing();
            if (stripped.endsWith(";") && !stripped.stripLeading().startsWith("--")) {
                current.set(current.size() - 1, stripped.substring(0, stripped.length() - 1));
                keepIfStatement(statements, current);
                current = new ArrayList<>();
            }
        }
        keepIfStatement(statements, current);
        return statements;
    }

    private static void keepIfStatement(List<String> statements, List<String> lines) {
        boolean hasCode = lines.stream().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("--"));
        if (hasCode) {
            statements.add(String.join("\n", lines).strip());
        }
    }
}
