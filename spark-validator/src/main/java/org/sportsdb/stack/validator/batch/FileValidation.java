package org.sportsdb.stack.validator.batch;

import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.core.SourcePosition;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Validates a JSONL file (one record value per line) of one topic with the stream's code, writing
 * {@code validated.jsonl} and {@code rejected.jsonl} into the output directory. Blank lines are records too
 * (rejected as json:malformed): nothing is skipped silently. A record is the bytes up to a {@code \n}, handed to the
 * validator as they are, as the stream hands it a Kafka value: a line that is not UTF-8 is one malformed record, and a
 * {@code \r} (JSON whitespace) ends no line.
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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
             BufferedWriter valid = Files.newBufferedWriter(outputDir.resolve(VALIDATED_FILE), StandardCharsets.UTF_8);
             BufferedWriter rejected = Files.newBufferedWriter(outputDir.resolve(REJECTED_FILE), StandardCharsets.UTF_8)) {
            byte[] line;
            long lineNumber = 0;
            while ((line = nextLine(in)) != null) {
                lineNumber++;
                RoutedRecord r = validator.validate(SourcePosition.fileLine(topic, lineNumber), null, line);
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

    /** The bytes up to the next {@code \n} (without it), or null at the end of the input. */
    private static byte[] nextLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toByteArray();
    }
}
