package org.sportsdb.stack.validator;

import org.sportsdb.stack.validator.batch.FileValidation;
import org.sportsdb.stack.validator.batch.ValidationCounts;
import org.sportsdb.stack.validator.config.ValidatorKnobs;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code ./stack validate --topic soccer.<name> --input FILE.jsonl --output-dir DIR}: the stream's validation on a file. */
public final class ValidateFile {
    private ValidateFile() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--topic") || a.equals("--input") || a.equals("--output-dir")) && i + 1 < args.length) {
                opts.put(a, args[++i]);
            } else {
                return usage(a.equals("--help") || a.equals("-h") ? null : "unexpected argument '" + a + "'");
            }
        }
        if (opts.size() != 3) {
            return usage("--topic, --input and --output-dir are required");
        }
        ContractCatalog catalog = ContractCatalog.fromClasspath();
        String topic = opts.get("--topic");
        if (catalog.forTopic(topic) == null) {
            return usage("no contract for topic '" + topic + "'; known topics: " + String.join(", ", catalog.all().keySet()));
        }
        Path input = Path.of(opts.get("--input"));
        if (!Files.isReadable(input)) {
            return usage("cannot read input file " + input);
        }
        Path out = Path.of(opts.get("--output-dir"));
        ValidationCounts counts = new FileValidation(RecordValidator.fromClasspath(),
                DedupWindow.parse(ValidatorKnobs.DEDUP_WINDOW.value())).run(topic, input, out);
        System.out.print(counts.report());
        System.out.println("wrote " + out.resolve(FileValidation.VALIDATED_FILE) + " and " + out.resolve(FileValidation.REJECTED_FILE));
        return 0;
    }

    private static int usage(String error) {
        if (error != null) {
            System.err.println("validate: " + error);
        }
        System.err.println("usage: ./stack validate --topic soccer.<name> --input FILE.jsonl --output-dir DIR\n"
                + "  FILE.jsonl holds one record value (JSON object) per line; writes DIR/validated.jsonl and DIR/rejected.jsonl\n"
                + "  and prints the counts. VALIDATOR_DEDUP_WINDOW (default 48h) applies as in the stream.");
        return error == null ? 0 : 2;
    }
}
