package org.sportsdb.stack.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;

/** Settings the operations tests share on top of {@link TestStack#settings}. */
final class OpsTestSettings {

    private OpsTestSettings() {
    }

    /** The live score feed on two leagues (EPL 4328, La Liga 4335), one retry, alert mails to the given SMTP port. */
    static Map<String, String> alerting(ReplayServer api, int smtpPort, String recipients, String windowMinutes) {
        Map<String, String> settings = TestStack.settings(api.baseUrl());
        settings.put("feeds.live-score.leagues", "4328,4335");
        settings.put("feeds.live-event-lookup.enabled", "false");
        settings.put("sportsdb.api.max-retries", "1");
        SmtpServer.alertsTo(settings, smtpPort, recipients);
        settings.put("alerts.window-minutes", windowMinutes);
        return settings;
    }

    /** The management server (health, metrics, Jolokia) on the given loopback or wildcard address and port. */
    static Map<String, String> managed(ReplayServer api, String host, int port) {
        Map<String, String> settings = TestStack.settings(api.baseUrl());
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.host", host);
        settings.put("camel.management.port", Integer.toString(port));
        return settings;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
