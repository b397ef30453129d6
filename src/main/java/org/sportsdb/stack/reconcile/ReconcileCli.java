package org.sportsdb.stack.reconcile;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sportsdb.stack.CommandMain;
import org.sportsdb.stack.ErrorText;
import org.sportsdb.stack.StackProperties;

/**
 * {@code ./stack reconcile [--since DURATION | --from TIMESTAMP] [--topic soccer.X]}: prints the ledger and exits 0
 * when every record is accounted for, 1 when some are not (their first offsets are printed), 2 on bad arguments (a
 * {@code --topic} outside the ledger's scope too),
 * 3 when the ledger could not be built (Kafka or the warehouse unreachable) or a stage of it could not be accounted (the
 * ledger printed, the reasons on stderr: no audit record, no commit of a stage's consumer group, ...). Starts the application's beans only (no
 * routes, no schedules, no topic provisioning).
 */
public final class ReconcileCli {
    private static final List<String> OPTIONS = List.of("--since", "--from", "--topic");
    static final String USAGE = "usage: ./stack reconcile [--since DURATION (24h, 90m, 7d) | --from TIMESTAMP (2026-12-01T06:00:00Z)] [--topic soccer.X]";

    private ReconcileCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Map.of(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> overrides, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
                err.println(USAGE);
                return 2;
            }
            options.put(args[i], args[i + 1]);
        }
        String since = options.get("--since");
        String from = options.get("--from");
        if (since != null && from != null) {
            err.println("reconcile: --since or --from, not both\n" + USAGE);
            return 2;
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("reconcile.interval-seconds", "0");
        settings.putAll(overrides);
        return CommandMain.run("classpath:reconcile-no-routes/*", settings, context -> {
            Instant start;
            try {
                start = from != null ? Instant.parse(from)
                        : windowStart(since != null ? since : new StackProperties(context).get("reconcile.window"));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                err.println("reconcile: " + e.getMessage() + "\n" + USAGE);
                return 2;
            }
            Reconciler reconciler = context.getRegistry().lookupByNameAndType("reconciler", Reconciler.class);
            Ledger ledger;
            try {
                ledger = reconciler.run(start, options.get("--topic"));
            } catch (Reconciler.UnknownTopicException e) {
                err.println("reconcile: " + e.getMessage() + "\n" + USAGE);
                return 2;
            }
            out.print(ledger.render());
            if (!ledger.cannotAccount().isEmpty()) {
                // a stage whose traces are not there: its records are neither accounted for nor gaps
                ledger.cannotAccount().forEach(c -> {
                    int colon = c.indexOf(": ");
                    err.println("reconcile: the " + c.substring(0, colon) + " stage could not be accounted: " + c.substring(colon + 2));
                });
                return 3;
            }
            return ledger.unaccounted() == 0 ? 0 : 1;
        }, e -> {
            err.println("reconcile failed: " + ErrorText.of(e));
            return 3;
        });
    }

    private static Instant windowStart(String window) {
        Duration d = ReconcileBeans.window(window);
        return d == null ? null : Instant.now().minus(d);
    }
}
