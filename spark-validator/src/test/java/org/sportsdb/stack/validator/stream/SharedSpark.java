package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession for the whole test JVM (starting Spark takes seconds). */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSessions.create("validator-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
