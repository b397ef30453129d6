package org.sportsdb.stack.warehouse;

import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientFaultCause;

/**
 * The warehouse as a {@link DataSource} (bean {@code warehouseDataSource}, used by camel-jdbc and the
 * batch writer): a new connection per call from the JDBC driver of the URL (ClickHouse in production,
 * H2 in tests). The password is never part of {@link #toString()}, nor one written into the URL
 * ({@code ?password=...}, {@code //user:password@host}): {@link #masked(String)}.
 * <p>
 * Server settings ({@code warehouse.jdbc.settings}, e.g. {@code async_insert=0}) go to clickhouse-jdbc as the
 * properties {@code clickhouse_setting_<name>}: the driver sends each as a URL parameter of every request, and it
 * refuses a bare unknown property ({@code async_insert=0}) before sending anything. Other drivers get none.
 * <p>
 * clickhouse-jdbc (client-v2) also retries by itself, at once, a request the server answered with a code it deems
 * retryable (241, 252, 319, ...: {@code client_retry_on_failures} includes {@code ServerRetryable} by default). An
 * immediate retry is the opposite of what a server with too many parts needs, and it hides the error from the
 * ingestion's backoff and counters: ClickHouse connections keep only the transport retries (no answer, connect
 * timeouts: a keep-alive connection the server closed).
 */
public final class WarehouseDataSource implements DataSource {

    /** clickhouse-jdbc's default list of retried failures without ServerRetryable. */
    static final String TRANSPORT_RETRIES_ONLY = "NoHttpResponse,ConnectTimeout,ConnectionRequestTimeout";

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, String> serverSettings;
    private int loginTimeoutSeconds;

    public WarehouseDataSource(String url, String user, String password) {
        this(url, user, password, Map.of());
    }

    public WarehouseDataSource(String url, String user, String password, Map<String, String> serverSettings) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("warehouse.jdbc.url (WAREHOUSE_JDBC_URL) is not set");
        }
        this.url = url.trim();
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
        this.serverSettings = isClickHouse(this.url) ? Map.copyOf(serverSettings) : Map.of();
    }

    /** "async_insert=0, max_threads=4" → name → value; empty or null → none. */
    public static Map<String, String> parseSettings(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || !pair.substring(0, eq).trim().matches("\\w+")) {
                throw new IllegalArgumentException("warehouse.jdbc.settings must be name=value pairs separated by ',', was '" + text + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static boolean isClickHouse(String url) {
        return url.startsWith("jdbc:clickhouse:") || url.startsWith("jdbc:ch:");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties props = new Properties();
        if (isClickHouse(url)) {
            props.setProperty("client_retry_on_failures", TRANSPORT_RETRIES_ONLY);
            serverSettings.forEach((name, value) -> props.setProperty("clickhouse_setting_" + name, value));
        }
        if (!username.isEmpty()) {
            props.setProperty("user", username);
            props.setProperty("password", pass);
        }
        return DriverManager.getConnection(url, props);
    }

    public String url() {
        return url;
    }

    /**
     * A new client-v2 {@link Client} for the same server, user and settings (the ingestion keeps one for its life: one
     * HTTP pool, no version query per write). Its endpoint is the URL's {@code http(s)://host:port}, its database the
     * URL's path; like the connections it retries only the transport failures. A ClickHouse URL only.
     */
    public Client newClient() {
        if (!isClickHouse(url)) {
            throw new IllegalStateException("the warehouse ingestion needs a ClickHouse URL (jdbc:clickhouse:...), was " + masked(url));
        }
        String rest = url.substring(url.indexOf(':', "jdbc:".length()) + 1);
        URI uri = URI.create(rest.startsWith("//") ? "http:" + rest : rest);
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "default" : uri.getPath().substring(1);
        Client.Builder builder = new Client.Builder()
                .addEndpoint(uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 8123))
                .setUsername(user.isEmpty() ? "default" : user).setPassword(password)
                .setDefaultDatabase(database)
                .retryOnFailures(ClientFaultCause.NoHttpResponse, ClientFaultCause.ConnectTimeout, ClientFaultCause.ConnectionRequestTimeout);
        serverSettings.forEach(builder::serverSetting);
        return builder.build();
    }

    @Override
    public String toString() {
        return masked(url) + (user.isEmpty() ? "" : " as " + user);
    }

    /** The URL with the value of every password parameter and the password of a {@code user:password@} as xxxxxx. */
    public static String masked(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1xxxxxx").replaceAll("(//[^/@:]*:)[^/@]*@", "$1xxxxxx@");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // connections come from DriverManager; nothing to log here
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
