package dev.conv4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * conv4j's Spark jobs, each taking the caller's {@link SparkSession} so that they compose with
 * the caller's own pipeline. Tasks compute with the cores Spark gives them
 * ({@code spark.task.cpus}), never with all of an executor's processors.
 */
public final class Conv4jSpark {
    private Conv4jSpark() {
    }

    /**
     * Filters or convolves a Zarr volume ({@code [D,H,W]} or {@code [D,H,W,C]}) into a new Zarr
     * array, block by block; equal bit for bit to the same operation on the whole volume in one JVM.
     */
    public static VolumeJob.Report convolveZarr(SparkSession spark, Path input, Path output, VolumeOperation operation,
                                                VolumeJob.Options options) throws IOException {
        return VolumeJob.run(spark, input, output, operation, options);
    }

    /**
     * Filters every image, signal and volume under {@code input} (a directory, walked recursively,
     * or a glob) into {@code outDir}, one task per group of files, with {@code _summary.parquet}.
     */
    public static FilterJob.Report filterFiles(SparkSession spark, String input, Path outDir, FilterJob.Options options)
            throws IOException {
        return FilterJob.run(spark, input, outDir, options);
    }

    /**
     * Runs the model saved in {@code modelDir} over {@code input} (IDX images, a Fashion-MNIST
     * directory's test set, a directory of images, an {@code .npy} array) in batches of
     * {@code batch}, writing one row per sample to {@code output} (.csv or .parquet).
     */
    public static PredictJob.Report predict(SparkSession spark, Path modelDir, Path input, Path output, int batch)
            throws IOException {
        return PredictJob.run(spark, modelDir, input, output, batch);
    }
}
