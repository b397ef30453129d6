package org.sportsdb.stack.validator.batch;

import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.core.SourcePosition;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Validates a JSONL file (one record value per line) of one topic with the stream's code, writing
 * {@code validated.jsonl} and {@code rejected.jsonl} into the output directory. Blank lines are records too
 * (rejected as json:malformed): nothing is skipped silently.
 */
public final class FileValidation {
    public static final String VALIDATED_FILE = "validated.jsonl";
    public static final String REJECTED_FILE = "rejected.jsonl";

    private final RecordValidator validator;
    private final DedupWindow window;

    public FileValidation(RecordValidator validator, DedupWindow window) {
        this.validator = validator;
        this.window = window;
    }

    public ValidationCounts run(String topic, Path input, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        ValidationCounts counts = new ValidationCounts();
        LastStateDeduplicator dedup = new LastStateDeduplicator(window, System::currentTimeMillis);
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             BufferedWriter valid = Files.newBufferedWriter(outputDir.resolve(VALIDATED_FILE), StandardCharsets.UTF_8);
             BufferedWriter rejected = Files.newBufferedWriter(outputDir.resolve(REJECTED_FILE), StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                RoutedRecord r = validator.validate(SourcePosition.fileLine(topic, lineNumber), null,
                        line.getBytes(StandardCharsets.UTF_8));
                boolean kept = dedup.keep(r);
                counts.count(r, kept);
                if (kept) {
                    BufferedWriter out = r.valid() ? valid : rejected;
                    out.write(r.valueText());
                    out.write('\n');
                }
            }
        }
        return counts;
    }
}
