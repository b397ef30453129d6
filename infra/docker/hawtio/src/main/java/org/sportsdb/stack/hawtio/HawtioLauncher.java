package org.sportsdb.stack.hawtio;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the Hawtio war at /hawtio on the given port with embedded Jetty 12 (EE10).
 * Usage: HawtioLauncher WAR_FILE PORT [BIND_HOST]. Hawtio's own settings come as -Dhawtio.* system properties.
 * With -Dhawtio.launcher.jolokiaUrl=URL it also serves /connect/, which opens Hawtio's Camel routes view
 * connected to that Jolokia (see {@link ConnectPage}).
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
        String jolokia = System.getProperty("hawtio.launcher.jolokiaUrl", "");
        if (jolokia.isBlank()) {
            server.setHandler(hawtio);
        } else {
            server.setHandler(new ContextHandlerCollection(hawtio, connectHandler(new ConnectPage(URI.create(jolokia.trim())))));
        }
        server.setStopAtShutdown(true);
        server.start();
        server.join();
    }

    private static ContextHandler connectHandler(ConnectPage page) {
        byte[] html = page.html().getBytes(StandardCharsets.UTF_8);
        return new ContextHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.write(true, ByteBuffer.wrap(html), callback);
                return true;
            }
        }, "/connect");
    }
}
