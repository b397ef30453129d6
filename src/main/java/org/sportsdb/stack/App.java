package org.sportsdb.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.kafka.TopicProvisioner;

/**
 * The sportsdb-stack Camel application.
 * <pre>
 *   App                       run every enabled feed on its schedule until stopped
 *   App --once [--feeds a,b] [--summary FILE]
 *                             run the enabled (or the named) feeds once, print topic → records, exit
 *   App --topics              create missing topics, report those that differ from their spec, exit
 *   App --direct ROUTE        send one message to direct:ROUTE (e.g. triage), print its result, exit
 * </pre>
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        if (argv.contains("--help") || argv.contains("-h")) {
            System.out.println("usage: App [--once [--feeds a,b] [--summary FILE] | --topics | --direct ROUTE]");
            return;
        }
        if (argv.contains("--topics")) {
            withStartedApp(Map.of("topics.provision-on-start", "false", "sportsdb.api.key-required", "false"), App::printTopics);
        } else if (argv.contains("--direct")) {
            String route = valueOf(argv, "--direct");
            withStartedApp(Map.of("sportsdb.api.key-required", "false"), context -> System.out.println(
                    context.createProducerTemplate().requestBody("direct:" + route, (Object) null)));
        } else if (argv.contains("--once")) {
            String feeds = valueOf(argv, "--feeds");
            String summary = valueOf(argv, "--summary");
            withStartedApp(Map.of(), context -> runOnce(context, feeds, summary));
        } else {
            Main main = newMain(Map.of());
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport m) {
                    if (new StackProperties(m.getCamelContext()).isTrue("feeds.run-at-start", false)) {
                        runEnabledFeedsInTheBackground(m.getCamelContext());
                    }
                }
            });
            main.run();
            System.exit(main.getExitCode());
        }
    }

    /** A Camel Main with the application's beans, settings and routes; extra properties override the settings. */
    public static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(StackBeans.class);
        // each area's beans: the classes listed in META-INF/services/org.apache.camel.CamelConfiguration
        ServiceLoader.load(CamelConfiguration.class).stream()
                .map(ServiceLoader.Provider::type)
                .filter(type -> type != StackBeans.class)
                .forEach(type -> main.configure().addConfiguration(type));
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // every setting can be overridden by an environment variable: sportsdb.api.key -> SPORTSDB_API_KEY
                ((PropertiesComponent) m.getCamelContext().getPropertiesComponent())
                        .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_OVERRIDE);
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                if (new StackProperties(m.getCamelContext()).isTrue("topics.provision-on-start", true)) {
                    provisionTopics(m.getCamelContext());
                }
            }
        });
        return main;
    }

    /** Work to do with a started application that has no schedules running. */
    public interface Task {
        void run(CamelContext context) throws Exception;
    }

    static void withStartedApp(Map<String, String> overrides, Task task) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(overrides);
        props.put("camel.component.quartz.auto-start-scheduler", "false");
        props.put("camel.management.enabled", "false");
        Main main = newMain(props);
        main.start();
        try {
            task.run(main.getCamelContext());
        } finally {
            main.stop();
        }
    }

    static TopicProvisioner.Report provisionTopics(CamelContext context) {
        try {
            TopicCatalog catalog = context.getRegistry().lookupByNameAndType("topicCatalog", TopicCatalog.class);
            TopicProvisioner provisioner = context.getRegistry().lookupByNameAndType("topicProvisioner", TopicProvisioner.class);
            return provisioner.provision(catalog.all());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("topic provisioning failed: " + e.getMessage(), e);
        }
    }

    private static void printTopics(CamelContext context) {
        System.out.print(provisionTopics(context).describe());
    }

    private static void runOnce(CamelContext context, String feedList, String summaryFile) throws Exception {
        OnDemandRuns runner = new OnDemandRuns(context);
        List<String> feeds = new ArrayList<>();
        if (feedList != null) {
            Arrays.stream(feedList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(feeds::add);
        } else {
            runner.allFeeds().stream().filter(runner::isEnabled).forEach(feeds::add);
        }
        Map<String, Long> perTopic = runner.runOnce(feeds);
        System.out.println();
        System.out.println("feeds run once: " + String.join(", ", feeds));
        System.out.print(OnDemandRuns.table(perTopic));
        if (summaryFile != null) {
            Path path = Path.of(summaryFile);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(path.toFile(), OnDemandRuns.json(perTopic));
            System.out.println("summary written to " + path);
        }
    }

    /** feeds.run-at-start: every enabled feed once right away (the demo), then on its schedule. */
    private static void runEnabledFeedsInTheBackground(CamelContext context) {
        Thread thread = new Thread(() -> {
            OnDemandRuns runner = new OnDemandRuns(context);
            List<String> feeds = runner.allFeeds().stream().filter(runner::isEnabled).collect(java.util.stream.Collectors.toList());
            System.out.print("feeds run at start:\n" + OnDemandRuns.table(runner.runOnce(feeds)));
        }, "feeds-at-start");
        thread.setDaemon(true);
        thread.start();
    }

    private static String valueOf(List<String> argv, String flag) {
        int i = argv.indexOf(flag);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return argv.get(i + 1);
    }
}
