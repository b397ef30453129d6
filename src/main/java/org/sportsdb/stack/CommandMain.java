package org.sportsdb.stack;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * One command run in a headless application ({@code ./stack warehouse}, {@code ./stack sql}, {@code ./stack
 * reconcile}): the application's beans and settings with only the routes the command names, no schedules, no
 * management server, no topic provisioning, no API key (such a command loads no route calling it); started, the
 * command run against its context, stopped. The command prints its answer and gives the exit status; a failure, of
 * the start or of the command, gives the status its {@link Failure} says.
 */
public final class CommandMain {

    /** What the command does with the started application: prints its answer, returns the exit status. */
    @FunctionalInterface
    public interface Command {
        int run(CamelContext context) throws Exception;
    }

    /** How the command reports a failure: prints it, returns the exit status. */
    @FunctionalInterface
    public interface Failure {
        int report(Exception e);
    }

    private CommandMain() {
    }

    /**
     * @param routesIncludePattern the routes the command loads ({@code camel.main.routesIncludePattern})
     * @param settings             the command's own settings and the caller's overrides; they win over the
     *                             defaults above
     */
    public static int run(String routesIncludePattern, Map<String, String> settings, Command command, Failure failure) {
        Map<String, String> props = new HashMap<>();
        props.put("camel.component.quartz.auto-start-scheduler", "false");
        props.put("camel.management.enabled", "false");
        props.put("topics.provision-on-start", "false");
        props.put("sportsdb.api.key-required", "false");
        props.put("camel.main.routesIncludePattern", routesIncludePattern);
        props.putAll(settings);
        Main main = App.newMain(props);
        try {
            main.start();
            return command.run(main.getCamelContext());
        } catch (Exception e) {
            return failure.report(e);
        } finally {
            main.stop();
        }
    }
}
