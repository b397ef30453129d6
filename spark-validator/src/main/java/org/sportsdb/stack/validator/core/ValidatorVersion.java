package org.sportsdb.stack.validator.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The validator version written into every rejection (from the Maven project version). */
public final class ValidatorVersion {
    public static final String VALUE = load();

    private ValidatorVersion() {
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = ValidatorVersion.class.getResourceAsStream("/validator-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }
}
