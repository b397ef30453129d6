package org.sportsdb.stack.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The tests' SMTP server (GreenMail) gets the start-up time a loaded 2-core machine needs, on any port. */
class SmtpServerTest {

    @Test
    void theServerMayTakeThirtySecondsToStart() {
        GreenMail smtp = SmtpServer.start();
        try {
            // GreenMail's own default is 2 s (and its -Dgreenmail.startup.timeout reaches only its standalone setup):
            // under ./stack test an alert test failed with "Could not start mail server ... > 2000"
            assertEquals(30_000, smtp.getSmtp().getServerSetup().getServerStartupTimeout());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void onAGivenPortToo() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        GreenMail smtp = SmtpServer.startOn(port);
        try {
            assertEquals(port, smtp.getSmtp().getPort());
            assertEquals(30_000, smtp.getSmtp().getServerSetup().getServerStartupTimeout());
        } finally {
            smtp.stop();
        }
    }
}
