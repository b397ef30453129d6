package org.sportsdb.stack.reconcile;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.main.Main;
import org.sportsdb.stack.App;
import org.sportsdb.stack.ErrorText;
import org.sportsdb.stack.StackProperties;

/**
 * {@code ./stack reconcile [--since DURATION | --from TIMESTAMP] [--topic soccer.X]}: prints the ledger and exits 0
 * when every record is accounted for, 1 when some are not (their first offsets are printed), 2 on bad arguments,
 * 3 when the ledger could not be built (Kafka or the warehouse unreachable). Starts the application's beans only (no
 * routes, no schedules, no topic provisioning).
 */
public final class ReconcileCli {
    static final String USAGE = "usage: ./stack reconcile [--since DURATION (24h, 90m, 7d) | --from TIMESTAMP (2026-12-01T06:00:00Z)] [--topic soccer.X]";

    private ReconcileCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Map.of(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> overrides, PrintStream out, PrintStream err) {
        String since = null;
        String from = null;
        String topic = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--since" -> since = value;
                case "--from" -> from = value;
                case "--topic" -> topic = value;
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            if (value == null) {
                err.println(USAGE);
                return 2;
            }
            i++;
        }
        if (since != null && from != null) {
            err.println("reconcile: --since or --from, not both\n" + USAGE);
            return 2;
        }
        Map<String, String> props = App.commandSettings();
        props.put("camel.main.routesIncludePattern", "classpath:reconcile-no-routes/*");
        props.put("reconcile.interval-seconds", "0");
        props.putAll(overrides);
        Main main = App.newMain(props);
        try {
            main.start();
            Instant start;
            try {
                start = from != null ? Instant.parse(from)
                        : windowStart(since != null ? since : new StackProperties(main.getCamelContext()).get("reconcile.window"));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                err.println("reconcile: " + e.getMessage() + "\n" + USAGE);
                return 2;
            }
            Reconciler reconciler = main.getCamelContext().getRegistry().lookupByNameAndType("reconciler", Reconciler.class);
            Ledger ledger = reconciler.run(start, topic);
            out.print(ledger.render());
            return ledger.unaccounted() == 0 ? 0 : 1;
        } catch (Exception e) {
            err.println("reconcile failed: " + ErrorText.of(e));
            return 3;
        } finally {
            main.stop();
        }
    }

    private static Instant windowStart(String window) {
        Duration d = ReconcileBeans.window(window);
        return d == null ? null : Instant.now().minus(d);
    }
}
