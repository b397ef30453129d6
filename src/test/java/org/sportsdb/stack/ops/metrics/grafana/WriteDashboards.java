package org.sportsdb.stack.ops.metrics.grafana;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes every dashboard of {@link DashboardCatalog} to infra/grafana/dashboards/&lt;uid without "sportsdb-"&gt;.json. */
public final class WriteDashboards {

    static final Path DIR = Path.of("infra", "grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WriteDashboards() {
    }

    static Path fileOf(Dashboard dashboard) {
        return DIR.resolve(dashboard.uid().replaceFirst("^sportsdb-", "") + ".json");
    }

    static String text(Dashboard dashboard) throws IOException {
        return JSON.writeValueAsString(dashboard.json()) + "\n";
    }

    public static void main(String[] args) throws IOException {
        for (Dashboard dashboard : DashboardCatalog.all()) {
            Path file = fileOf(dashboard);
            Files.writeString(file, text(dashboard));
            System.out.println("wrote " + file);
        }
    }
}
