package org.sportsdb.stack.warehouse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.kafka.KafkaClientSettings;
import org.sportsdb.stack.kafka.TopicProvisioner;
import org.sportsdb.stack.kafka.TopicSpec;

/**
 * Binds the warehouse beans that {@code routes/warehouse.yaml} and {@code routes/warehouse-ingest.yaml}
 * call: {@code warehouseDataSource} (camel-jdbc), {@code migrationRunner}, {@code warehouseIngest},
 * {@code warehouseRejects}, {@code warehouseRouteStarter}, {@code warehouseUnavailableRetry} and the counters {@code warehouseStats}.
 * Nothing connects here: the warehouse is reached only when a route runs.
 */
public final class WarehouseBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseBeans.class);

    @Override
    public void configure(CamelContext context) {
        StackProperties settings = new StackProperties(context);
        Registry registry = context.getRegistry();

        WarehouseDataSource dataSource = new WarehouseDataSource(settings.require("warehouse.jdbc.url"),
                settings.get("warehouse.jdbc.user"), settings.get("warehouse.jdbc.password"),
                WarehouseDataSource.parseSettings(settings.get("warehouse.jdbc.settings")));
        WarehouseStats stats = new WarehouseStats();
        MigrationLedger ledger = new MigrationLedger(dataSource, settings.require("warehouse.ledger.table"),
                settings.require("warehouse.ledger.create"), settings.require("warehouse.ledger.select"));
        registry.bind("warehouseDataSource", dataSource);
        registry.bind("warehouseStats", stats);

        RawTableNames names = new RawTableNames(settings.require("warehouse.raw.table-prefix"),
                settings.require("warehouse.rejected.topic-prefix"));
        RawTableColumns columns = new RawTableColumns(Set.of("loaded_at"));
        RawBatchWriter writer = new RawBatchWriter(dataSource, columns, new RawRowMapper(),
                WarehouseErrorCodes.parse(settings.require("warehouse.errors.data-codes")));
        int batchSize = settings.requireInt("warehouse.batch.size");
        KafkaClientSettings kafka = registry.lookupByNameAndType("kafkaClientSettings", KafkaClientSettings.class);
        TopicProvisioner provisioner = registry.lookupByNameAndType("topicProvisioner", TopicProvisioner.class);
        boolean provision = settings.isTrue("topics.provision-on-start", true);
        int partitions = settings.requireInt("topics.partitions");
        short replication = Short.parseShort(settings.require("topics.replication-factor"));
        long retentionHours = Long.parseLong(settings.require("topics.validated-retention-hours"));
        String groupId = settings.require("warehouse.ingest.group-id");
        Pattern topics = Pattern.compile(settings.require("warehouse.ingest.topics"));
        if (settings.isTrue("warehouse.enabled", false)) {
            WarehouseTopics.noTopicWarning(topics).ifPresent(LOG::warn);
        }

        RawIngestion ingestion = new RawIngestion(() -> {
            if (provision) {
                provisionRejectedTopics(provisioner, WarehouseTopics.rejected(names, partitions, replication, retentionHours));
            }
            return new IngestConsumer(kafka.clientProperties(), groupId, topics, batchSize,
                    expired -> stats.expiredBeforeIngestion(expired.topic(), expired.count()));
        }, names, writer, stats, batchSize, Long.parseLong(settings.require("warehouse.batch.max-bytes")),
                Duration.ofMillis(settings.requireInt("warehouse.batch.timeout-ms")),
                Duration.ofMillis(settings.requireInt("warehouse.ingest.retry-delay-ms")),
                Duration.ofMillis(settings.requireInt("warehouse.ingest.max-retry-delay-ms")));
        registry.bind("warehouseIngest", ingestion);
        registry.bind("migrationRunner", new MigrationRunner(new MigrationFiles(Path.of(settings.require("warehouse.migrations.dir"))),
                ledger, stats, Clock.systemUTC(), () -> {
                    columns.clear();
                    ingestion.migrationApplied();
                }));
        registry.bind("warehouseRejects", new WarehouseRejects(names));
        registry.bind("warehouseRouteStarter", new WarehouseRouteStarter(context));
        registry.bind("warehouseUnavailableRetry", new WarehouseUnavailableRetry(stats));
        try {
            context.addService(ingestion, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the warehouse ingestion service", e);
        }
    }

    private static void provisionRejectedTopics(TopicProvisioner provisioner, List<TopicSpec> specs) {
        try {
            provisioner.provision(specs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the warehouse's rejected topics: " + e.getMessage(), e);
        }
    }
}
