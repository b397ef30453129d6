package org.sportsdb.stack.ops.console;

import org.sportsdb.stack.ErrorText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.util.AntPathMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live route edits: watches the route folder and reloads the routes of a YAML file when it changes.
 * Unlike Camel's default reload it touches only the routes of the changed file, and a broken edit never
 * leaves the application without them: the error is logged and counted (this strategy's failed counter
 * and last error, also over JMX/Jolokia), and a route the failed load had already removed is put back
 * from the file's last good version.
 */
public final class RouteFileReloader extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);

    private final Path folder;
    private final String pattern;
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();

    public RouteFileReloader(Path folder, String pattern) {
        super(folder.toString(), false);
        this.folder = folder.toAbsolutePath().normalize();
        this.pattern = pattern;
        setPattern(pattern);
        setRemoveAllRoutes(false);
        setResourceReload((name, resource) -> reload(resource));
    }

    @Override
    protected void doStart() throws Exception {
        // the versions the application started with are the first "last good" ones
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(this::matches).toList()) {
                lastGood.put(file.toAbsolutePath().normalize(), Files.readString(file));
            }
        }
        super.doStart();
    }

    private boolean matches(Path file) {
        return Files.isRegularFile(file) && Stream.of(pattern.split(","))
                .map(String::trim).anyMatch(p -> AntPathMatcher.INSTANCE.match(p, file.getFileName().toString()));
    }

    private void reload(Resource resource) throws Exception {
        CamelContext context = getCamelContext();
        Path file = pathOf(resource.getLocation());
        Set<String> before = routeIdsOf(context, file);
        String content = read(resource);
        try {
            Set<String> ids = PluginHelper.getRoutesLoader(context).updateRoutes(List.of(resource));
            lastGood.put(file, content);
            LOG.info("routes reloaded from {}: {}", file.getFileName(), describe(context, ids));
            Set<String> gone = new TreeSet<>(before);
            gone.removeAll(ids);
            if (!gone.isEmpty()) {
                LOG.warn("routes {} are no longer in {} but keep running until the application restarts", gone, file.getFileName());
            }
        } catch (Exception e) {
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet()));
            if (!removed.isEmpty()) {
                restore(context, resource, file, removed);
            }
            LOG.error("route file {} NOT reloaded, its running routes {} stay as they were: {}", file.getFileName(),
                    describe(context, before), ErrorText.of(e));
            throw e;
        }
    }

    private void restore(CamelContext context, Resource resource, Path file, Set<String> removed) {
        String good = lastGood.get(file);
        if (good == null) {
            LOG.error("routes {} were removed by the failed reload of {} and no earlier version is known", removed, file.getFileName());
            return;
        }
        try {
            PluginHelper.getRoutesLoader(context).updateRoutes(List.of(ResourceHelper.fromString(resource.getLocation(), good)));
            LOG.warn("routes {} put back from the last good version of {}", removed, file.getFileName());
        } catch (Exception again) {
            LOG.error("routes {} could not be put back from the last good version of {}: {}", removed, file.getFileName(),
                    ErrorText.of(again));
        }
    }

    private Set<String> routeIdsOf(CamelContext context, Path file) {
        return context.getRoutes().stream()
                .filter(r -> r.getSourceResource() != null && file.equals(pathOf(r.getSourceResource().getLocation())))
                .map(Route::getRouteId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String describe(CamelContext context, Set<String> ids) {
        return ids.stream().map(id -> {
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            return id + " (" + (status == null ? "absent" : status.name()) + ")";
        }).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Path pathOf(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
