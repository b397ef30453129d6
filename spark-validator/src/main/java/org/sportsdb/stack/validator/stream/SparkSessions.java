package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.SparkSession;
import org.sportsdb.stack.validator.config.ValidatorKnobs;

/** Builds the SparkSession: local master unless spark-submit set one; small, UI-less defaults for local runs. */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName)
                .config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"))
                .config("spark.sql.shuffle.partitions", ValidatorKnobs.SHUFFLE_PARTITIONS.value());
        // the state store of the de-duplication (ValidatorPipeline sets it again for each query it starts)
        b = b.config(DedupStore.PROVIDER_CLASS, DedupStore.parse(ValidatorKnobs.STATE_STORE.value()).providerClass());
        if (System.getProperty("spark.master") == null) {
            String master = ValidatorKnobs.SPARK_MASTER.value();
            b = b.master(master);
            if (master.startsWith("local")) {
                b = b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        return b.getOrCreate();
    }
}
