package org.sportsdb.stack.hawtio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;

/**
 * Serves the Hawtio war at /hawtio on the given port with embedded Jetty 12 (EE10).
 * Usage: HawtioLauncher WAR_FILE PORT [BIND_HOST]. Hawtio's own settings come as -Dhawtio.* system properties.
 */
public final class HawtioLauncher {
    private HawtioLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HawtioLauncher WAR_FILE PORT [BIND_HOST]");
            System.exit(2);
        }
        Path war = Path.of(args[0]);
        if (!Files.isRegularFile(war)) {
            System.err.println("HawtioLauncher: war file not found: " + war.toAbsolutePath());
            System.exit(2);
        }
        Server server = new Server(new java.net.InetSocketAddress(args.length > 2 ? args[2] : "0.0.0.0",
                Integer.parseInt(args[1])));
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toAbsolutePath().toString());
        server.setHandler(hawtio);
        server.setStopAtShutdown(true);
        server.start();
        server.join();
    }
}
