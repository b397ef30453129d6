package org.sportsdb.stack.dev;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

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
}
