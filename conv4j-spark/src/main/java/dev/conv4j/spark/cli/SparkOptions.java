package dev.conv4j.spark.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** How every {@code spark} command gets its session: embedded local mode unless told otherwise. */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (default: every core of this machine), local[N], spark://HOST:7077,"
                + " yarn, k8s://... Under spark-submit, spark-submit's --master wins.")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. spark.task.cpus=2 (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    SparkSession session(String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        String chosen = master != null ? master : System.getProperty("spark.master");
        if (chosen == null) {
            chosen = "local[*]";
        }
        b.master(chosen);
        if (chosen.startsWith("local")) {
            // embedded: nothing to reach from outside, and a host name that does not resolve must not matter
            b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        conf.forEach(b::config);
        return b.getOrCreate();
    }
}
