package org.sportsdb.stack.ops.alerts;

import org.sportsdb.stack.ErrorText;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert mails through camel-mail, one at a time on a thread of its own: the caller (a feed)
 * never waits for the SMTP server, and a server that is down, refuses or times out costs a counted,
 * logged failure and a call-back, never an exception in the feed.
 */
public final class AlertMailer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AlertMailer.class);

    private final CamelContext context;
    private final SmtpSettings smtp;
    private final AlertStats stats;
    private ExecutorService sender;
    private ProducerTemplate template;
    private MailEndpoint endpoint;

    public AlertMailer(CamelContext context, SmtpSettings smtp, AlertStats stats) {
        this.context = context;
        this.smtp = smtp.validated();
        this.stats = stats;
    }

    /** Queues the mail; {@code onFailure} runs (on the sender thread) when the SMTP server does not take it. */
    public void send(AlertMail mail, Runnable onFailure) {
        stats.mailQueued();
        sender.execute(() -> deliver(mail, onFailure));
    }

    private void deliver(AlertMail mail, Runnable onFailure) {
        try {
            template.sendBodyAndHeaders(endpoint, mail.body(), Map.of("Subject", mail.subject()));
            stats.mailSent();
            LOG.info("alert mail sent to {}: {}", String.join(",", smtp.to()), mail.subject());
        } catch (RuntimeException e) {
            stats.mailFailed();
            LOG.warn("alert mail not sent ({}): {} -- subject was: {}", smtp.describe(), ErrorText.of(e), mail.subject());
            onFailure.run();
        }
    }

    @Override
    protected void doStart() throws Exception {
        MailConfiguration config = new MailConfiguration(context);
        config.configureProtocol(smtp.tls() == SmtpSettings.Tls.SSL ? "smtps" : "smtp");
        config.setHost(smtp.host());
        config.setPort(smtp.port());
        if (!smtp.user().isEmpty()) {
            config.setUsername(smtp.user());
            config.setPassword(smtp.password());
        }
        config.setFrom(smtp.from());
        config.setTo(String.join(",", smtp.to()));
        config.setContentType("text/plain; charset=UTF-8");
        config.setConnectionTimeout(smtp.timeoutMillis());
        config.setAdditionalJavaMailProperties(javaMailProperties());
        MailComponent component = context.getComponent("smtp", MailComponent.class);
        endpoint = new MailEndpoint(config.getProtocol() + "://" + smtp.host() + ":" + smtp.port(), component, config);
        endpoint.setCamelContext(context);
        template = context.createProducerTemplate();
        sender = context.getExecutorServiceManager().newSingleThreadExecutor(this, "alert-mailer");
        LOG.info("alert mails go to {}", smtp.describe());
    }

    private Properties javaMailProperties() {
        String p = smtp.tls() == SmtpSettings.Tls.SSL ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        String timeout = Integer.toString(smtp.timeoutMillis());
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        if (smtp.tls() == SmtpSettings.Tls.STARTTLS) {
            props.setProperty("mail.smtp.starttls.enable", "true");
            props.setProperty("mail.smtp.starttls.required", "true");
        }
        return props;
    }

    @Override
    protected void doStop() throws Exception {
        if (sender != null) {
            sender.shutdown();
            // mails already queued get the SMTP timeout to go out, then the application stops anyway
            if (!sender.awaitTermination(smtp.timeoutMillis() + 1000L, TimeUnit.MILLISECONDS)) {
                LOG.warn("alert mails still queued at shutdown were dropped");
            }
            context.getExecutorServiceManager().shutdownNow(sender);
        }
        if (template != null) {
            template.stop();
        }
    }
}
