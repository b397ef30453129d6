package org.sportsdb.stack.ops.alerts;

import org.sportsdb.stack.ErrorText;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert mails through camel-mail, one at a time on a thread of its own: the caller (a feed)
 * never waits for the SMTP server, and a server that is down, refuses or times out costs a counted,
 * logged failure and a call-back, never an exception in the feed. At most {@code maxQueued} mails wait
 * for the server (a silent one takes the SMTP timeout per mail): a mail beyond them is dropped, counted,
 * and its call-back runs at once, on the caller's thread, so its failures go into the source's next mail.
 * Never does the caller send a mail itself (a thread pool's caller-runs policy would make a feed wait for
 * the SMTP server once the queue is full).
 */
public final class AlertMailer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AlertMailer.class);

    private final CamelContext context;
    private final SmtpSettings smtp;
    private final AlertStats stats;
    private final int maxQueued;
    private final AtomicBoolean dropping = new AtomicBoolean();
    private ExecutorService sender;
    private ProducerTemplate template;
    private MailEndpoint endpoint;

    /** @param maxQueued mails waiting for the SMTP server at most ({@code alerts.mail-queue-size}), above 0 */
    public AlertMailer(CamelContext context, SmtpSettings smtp, AlertStats stats, int maxQueued) {
        if (maxQueued <= 0) {
            throw new IllegalArgumentException("setting alerts.mail-queue-size must be above 0, was " + maxQueued);
        }
        this.context = context;
        this.smtp = smtp.validated();
        this.stats = stats;
        this.maxQueued = maxQueued;
    }

    /**
     * Queues the mail, never waiting; {@code onFailure} runs when the SMTP server does not take it (on the sender
     * thread), or at once when the queue is full or the mailer stopped (on the caller's thread: the mail is dropped).
     */
    public void send(AlertMail mail, Runnable onFailure) {
        try {
            sender.execute(() -> deliver(mail, onFailure));
        } catch (RejectedExecutionException full) {
            stats.mailDropped();
            if (dropping.compareAndSet(false, true)) {
                LOG.warn("alert mail dropped: {} mails already wait for {} (alerts.mail-queue-size); its failures go into the next mail"
                        + " -- subject was: {}", maxQueued, smtp.describe(), mail.subject());
            }
            onFailure.run();
            return;
        }
        stats.mailQueued();
        if (dropping.getAndSet(false)) {
            LOG.info("alert mails queued again; {} dropped so far (sportsdb_alert_mails_total{outcome=\"dropped\"})", stats.mailsDropped());
        }
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
        // one sender, a bounded queue, and a full queue refused (never run on the caller's thread, Camel's default)
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("alert-mailer").poolSize(1).maxPoolSize(1).allowCoreThreadTimeOut(false)
                .maxQueueSize(maxQueued).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build();
        sender = context.getExecutorServiceManager().newThreadPool(this, "alert-mailer", profile);
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
