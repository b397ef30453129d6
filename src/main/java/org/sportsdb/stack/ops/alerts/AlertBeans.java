package org.sportsdb.stack.ops.alerts;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.api.ApiGiveUpRecorder;

/**
 * E-mail alerts: binds {@code alertStats} always, and when alerts are on ({@code alerts.enabled}, by
 * default exactly when SMTP_HOST is set) the mailer and the feed failure listener on the shared API
 * route's give-up path ({@code apiGiveUpRecorder}).
 */
public final class AlertBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AlertBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        StackProperties settings = new StackProperties(context);
        AlertSettings alerts = AlertSettings.from(settings);
        AlertStats stats = new AlertStats();
        context.getRegistry().bind("alertStats", stats);
        if (!alerts.enabled()) {
            LOG.info("e-mail alerts are off (set SMTP_HOST, ALERT_FROM and ALERT_TO to turn them on)");
            return;
        }
        AlertMailer mailer = new AlertMailer(context, SmtpSettings.from(settings), stats);
        FeedFailureAlerts feedAlerts = new FeedFailureAlerts(context, new FeedFailureWindow(alerts.window()), mailer, stats,
                alerts.subjectPrefix(), Clock.systemUTC());
        context.getRegistry().bind("alertMailer", mailer);
        context.getRegistry().bind("feedFailureAlerts", feedAlerts);
        context.addService(mailer, true, true);
        context.addService(feedAlerts, true, true);
        context.getRegistry().lookupByNameAndType("apiGiveUpRecorder", ApiGiveUpRecorder.class).addListener(feedAlerts);
    }
}
