package org.sportsdb.stack.ops.console;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.StackProperties;

/**
 * The operations console side of the application: Jolokia behind credentials (for Hawtio) and live
 * route edits ({@code routes.reload.*}: the YAML files of the route folder are reloaded when they change).
 */
public final class ConsoleBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        StackProperties settings = new StackProperties(context);
        JolokiaGuard.apply(context, JolokiaCredentials.from(settings));

        if (settings.isTrue("routes.reload.enabled", false)) {
            Path folder = Path.of(settings.require("routes.reload.directory"));
            if (!Files.isDirectory(folder)) {
                LOG.warn("live route edits are off: {} (routes.reload.directory) is not a folder", folder.toAbsolutePath());
                return;
            }
            RouteFileReloader reloader = new RouteFileReloader(folder, settings.require("routes.reload.pattern"));
            context.getRegistry().bind("routeFileReloader", reloader);
            context.addService(reloader, true, true);
        }
    }
}
