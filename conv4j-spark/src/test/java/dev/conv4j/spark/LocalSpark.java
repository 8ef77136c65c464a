package dev.conv4j.spark;

import org.apache.spark.sql.SparkSession;

/** Embedded Spark for tests: bound to the loopback interface, no web UI. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("conv4j-test")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
