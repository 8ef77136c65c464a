package dev.conv4j.spark;

import java.nio.file.Path;

/**
 * A driver for {@link FaultsTest} to kill: runs a gaussian filter over {@code args[0]} into
 * {@code args[1]} in local[2], pausing after every chunk so the kill lands midway.
 */
public final class KillableVolumeMain {
    private KillableVolumeMain() {
    }

    public static void main(String[] args) throws Exception {
        long pauseMillis = Long.parseLong(args[2]);
        try (var spark = LocalSpark.start("local[2]")) {
            Conv4jSpark.convolveZarr(spark, Path.of(args[0]), Path.of(args[1]), FaultsTest.OPERATION,
                    FaultsTest.OPTIONS.withObserver((chunk, attempt) -> {
                        try {
                            Thread.sleep(pauseMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
        }
    }
}
