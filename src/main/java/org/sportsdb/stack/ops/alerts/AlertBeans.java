package org.sportsdb.stack.ops.alerts;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.api.ApiGiveUpRecorder;
import org.sportsdb.stack.feeds.RunGuard;
import org.sportsdb.stack.kafka.KafkaClientSettings;
import org.sportsdb.stack.warehouse.WarehouseStats;

/**
 * E-mail alerts: binds {@code alertStats} and {@code pipelineHealth} always, and the {@link PipelineWatch}
 * (warehouse and validator checks, gauges always; mails when alerts are on). When alerts are on
 * ({@code alerts.enabled}, by default exactly when SMTP_HOST is set): the mailer, the one alert path
 * {@code alerts} on the shared API route's give-up path ({@code apiGiveUpRecorder}), on runs the feeds skip
 * ({@code runGuard}) and on failed triage runs.
 */
public final class AlertBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AlertBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        StackProperties settings = new StackProperties(context);
        AlertSettings alertSettings = AlertSettings.from(settings);
        AlertStats stats = new AlertStats();
        PipelineHealth health = new PipelineHealth();
        context.getRegistry().bind("alertStats", stats);
        context.getRegistry().bind("pipelineHealth", health);
        Alerts alerts = null;
        if (alertSettings.enabled()) {
            AlertMailer mailer = new AlertMailer(context, SmtpSettings.from(settings), stats, settings.requireInt("alerts.mail-queue-size"));
            alerts = new Alerts(context, new AlertWindow(alertSettings.window()), mailer, stats, alertSettings.subjectPrefix(), Clock.systemUTC());
            context.getRegistry().bind("alertMailer", mailer);
            context.getRegistry().bind("alerts", alerts);
            context.addService(mailer, true, true);
            context.addService(alerts, true, true);
            context.getRegistry().lookupByNameAndType("apiGiveUpRecorder", ApiGiveUpRecorder.class).addListener(alerts);
            Alerts runAlerts = alerts;
            context.getRegistry().lookupByNameAndType("runGuard", RunGuard.class).addListener(new RunGuard.Listener() {
                @Override
                public void runSkipped(String feed, Instant previousRunStarted) {
                    runAlerts.feedRunSkipped(feed, previousRunStarted);
                }

                @Override
                public void recordsNotPublished(String feed, String topics, long records, String failure) {
                    runAlerts.recordsNotPublished(feed, topics, records, failure);
                }
            });
            context.getManagementStrategy().addEventNotifier(new TriageFailureAlerts(settings.require("ops.metrics.triage-endpoint"), alerts));
        } else {
            LOG.info("e-mail alerts are off (set SMTP_HOST, ALERT_FROM and ALERT_TO to turn them on)");
        }
        PipelineWatch.Settings watch = watchSettings(context, settings);
        if (watch.warehouse() != null || watch.validatorCheckpoint() != null) {
            KafkaClientSettings kafka = context.getRegistry().lookupByNameAndType("kafkaClientSettings", KafkaClientSettings.class);
            context.addService(new PipelineWatch(context, watch, health, alerts,
                    context.getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class),
                    () -> Admin.create(kafka.clientProperties()), Clock.systemUTC()), true, true);
        }
    }

    private static PipelineWatch.Settings watchSettings(CamelContext context, StackProperties settings) {
        DataSource warehouse = settings.isTrue("warehouse.enabled", false)
                ? context.getRegistry().lookupByNameAndType("warehouseDataSource", DataSource.class) : null;
        String checkpoint = settings.get("alerts.validator.checkpoint-dir");
        return new PipelineWatch.Settings(Duration.ofMillis(settings.requireInt("alerts.check-interval-ms")),
                warehouse, AlertSettings.minutes(settings, "alerts.warehouse.unreachable-minutes"),
                checkpoint == null || checkpoint.isBlank() ? null : Path.of(checkpoint.trim()),
                Pattern.compile(settings.require("alerts.validator.source-pattern")),
                Long.parseLong(settings.require("alerts.validator.max-lag-records").trim()),
                AlertSettings.minutes(settings, "alerts.validator.stall-minutes"));
    }
}
