package org.sportsdb.stack.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on loopback for the alert tests, started. GreenMail gives its server 2 s to start,
 * too few on a loaded 2-core machine (./stack test runs every suite at once); its {@code greenmail.startup.timeout}
 * property reaches only GreenMail's standalone setup, hence the timeout set here.
 */
public final class SmtpServer {

    public static final long STARTUP_TIMEOUT_MS = 30_000;

    private SmtpServer() {
    }

    /** On a free port. */
    public static GreenMail start() {
        return start(ServerSetupTest.SMTP.dynamicPort());
    }

    public static GreenMail startOn(int port) {
        return start(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    private static GreenMail start(ServerSetup setup) {
        setup.setServerStartupTimeout(STARTUP_TIMEOUT_MS);
        GreenMail smtp = new GreenMail(setup);
        smtp.start();
        return smtp;
    }

    /**
     * The application's alert mails in {@code settings} sent through a server on loopback {@code port}, from
     * pipeline@sportsdb.test to {@code recipients}; returns {@code settings}.
     */
    public static Map<String, String> alertsTo(Map<String, String> settings, int port, String recipients) {
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", Integer.toString(port));
        settings.put("alert.from", "pipeline@sportsdb.test");
        settings.put("alert.to", recipients);
        return settings;
    }

    /** The mails {@code smtp} received, each once (GreenMail keeps one copy per recipient; copies share the Message-ID). */
    public static List<MimeMessage> mails(GreenMail smtp) {
        Map<String, MimeMessage> byId = new LinkedHashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                byId.putIfAbsent(m.getMessageID(), m);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(byId.values());
    }
}
