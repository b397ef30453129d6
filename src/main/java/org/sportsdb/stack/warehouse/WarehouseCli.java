package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.main.Main;
import org.sportsdb.stack.App;

/**
 * {@code ./stack warehouse migrate|status}: starts the application with only the warehouse routes
 * (no feeds, no schedules, no topic provisioning, no ingestion), sends one request to
 * {@code direct:warehouse-migrate} or {@code direct:warehouse-status}, prints the answer and exits
 * 0, or 1 with the reason (changed migration, failing statement, unreachable warehouse).
 */
public final class WarehouseCli {

    static final List<String> COMMANDS = List.of("migrate", "status");

    private WarehouseCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Map.of(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> overrides, PrintStream out, PrintStream err) {
        if (args.length != 1 || !COMMANDS.contains(args[0])) {
            err.println("usage: WarehouseCli migrate|status");
            return 2;
        }
        Map<String, String> props = new HashMap<>();
        props.put("camel.main.routesIncludePattern", "file:routes/warehouse.yaml");
        props.put("camel.component.quartz.auto-start-scheduler", "false");
        props.put("camel.management.enabled", "false");
        props.put("topics.provision-on-start", "false");
        props.put("warehouse.enabled", "false");
        // no route that calls the API is loaded here
        props.put("sportsdb.api.key-required", "false");
        props.putAll(overrides);
        Main main = App.newMain(props);
        try {
            main.start();
            out.print(main.getCamelContext().createProducerTemplate().requestBody("direct:warehouse-" + args[0], null, String.class));
            return 0;
        } catch (Exception e) {
            err.println("warehouse " + args[0] + " failed: " + reason(e));
            return 1;
        } finally {
            main.stop();
        }
    }

    static String reason(Throwable e) {
        WarehouseMigrationException migration = WarehouseMigrationException.in(e);
        if (migration != null) {
            return migration.getMessage();
        }
        Throwable cause = e;
        while (cause instanceof CamelExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return ErrorText.of(cause);
    }
}
