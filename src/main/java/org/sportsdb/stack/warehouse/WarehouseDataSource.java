package org.sportsdb.stack.warehouse;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The warehouse as a {@link DataSource} (bean {@code warehouseDataSource}, used by camel-jdbc and the
 * batch writer): a new connection per call from the JDBC driver of the URL (ClickHouse in production,
 * H2 in tests). The password is never part of {@link #toString()}.
 */
public final class WarehouseDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private int loginTimeoutSeconds;

    public WarehouseDataSource(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("warehouse.jdbc.url (WAREHOUSE_JDBC_URL) is not set");
        }
        this.url = url.trim();
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties props = new Properties();
        if (!username.isEmpty()) {
            props.setProperty("user", username);
            props.setProperty("password", pass);
        }
        return DriverManager.getConnection(url, props);
    }

    public String url() {
        return url;
    }

    @Override
    public String toString() {
        return url + (user.isEmpty() ? "" : " as " + user);
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
