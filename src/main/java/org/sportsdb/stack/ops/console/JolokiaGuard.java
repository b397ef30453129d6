package org.sportsdb.stack.ops.console;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia (what Hawtio talks to) is not open to whoever reaches the management port: with
 * JOLOKIA_USER/JOLOKIA_PASSWORD set it asks for them (HTTP basic) on the Jolokia path only (health and
 * metrics stay open for probes and Prometheus); without them it may only listen on a loopback address,
 * and the application refuses to start otherwise.
 */
public final class JolokiaGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaGuard.class);
    static final String REALM = "sportsdb-stack jolokia";

    private JolokiaGuard() {
    }

    public static void apply(CamelContext context, JolokiaCredentials credentials) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || !server.isJolokiaEnabled()) {
            return;
        }
        String path = server.getJolokiaPath();
        if (credentials.isSet()) {
            AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
            entry.setPath(path.endsWith("*") ? path : path + "*");
            entry.setAuthenticationProviderFactory(vertx -> new JolokiaAuthenticationProvider(credentials));
            entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
                @Override
                public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                    return BasicAuthHandler.create(provider, REALM);
                }
            });
            AuthenticationConfig auth = server.getConfiguration().getAuthenticationConfig();
            auth.getEntries().add(entry);
            auth.setEnabled(true);
            LOG.info("Jolokia at {}:{}{} asks for the JOLOKIA_USER account ({})", server.getHost(), server.getPort(), path,
                    credentials.user());
        } else if (!isLoopback(server.getHost())) {
            throw new IllegalStateException("Jolokia would be open to anyone reaching " + server.getHost() + ":" + server.getPort()
                    + path + ": set JOLOKIA_USER and JOLOKIA_PASSWORD, or bind the management server to 127.0.0.1"
                    + " (CAMEL_MANAGEMENT_HOST), or turn Jolokia off (CAMEL_MANAGEMENT_JOLOKIAENABLED=false)");
        } else {
            LOG.info("Jolokia at {}:{}{} without credentials: loopback only (set JOLOKIA_USER/JOLOKIA_PASSWORD to require them)",
                    server.getHost(), server.getPort(), path);
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
