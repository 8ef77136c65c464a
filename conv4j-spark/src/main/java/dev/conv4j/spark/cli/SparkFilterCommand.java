package dev.conv4j.spark.cli;

import dev.conv4j.spark.Conv4jSpark;
import dev.conv4j.spark.FilterJob;
import dev.conv4j.spec.Boundary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conv4j spark filter INPUT --kernel K[,K] --output OUT_DIR}. */
@Command(name = "filter", mixinStandardHelpOptions = true,
        description = {"Filter every image (.png, .jpg), signal (.csv, .wav) and volume (.npy, .nii, .nii.gz) under INPUT"
            + " (a directory, walked recursively, or a glob) with conv4j filter's code, one Spark task per group of"
            + " files. Writes OUT_DIR/<relative path without extension>.<kernel>.npy (float32, [H,W,C], [T,C] or"
            + " [D,H,W]) and OUT_DIR/_summary.parquet: one row per file and kernel (path, kernel, output, shape,"
            + " min, max, mean, millis, error); a file that cannot be read is a row with its error.",
            "Exit code 0 when every file was filtered, 100 + the number of files that failed (at most 200) otherwise."},
        footer = {"", "Examples:",
            "  conv4j spark filter photos/ --kernel edge,gaussian:2 --output filtered/",
            "  conv4j spark filter 'scans/**/*.nii.gz' --kernel gaussian3d:1 --format nii.gz --output smooth/ --master local[2]"})
public final class SparkFilterCommand implements Callable<Integer> {
    static final int FAILED_FILES_BASE = 100;
    static final int MAX_FAILED_REPORTED = 100;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A directory or a glob (quote it).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR", description = "The output directory.")
    Path output;

    @Option(names = {"-k", "--kernel"}, required = true, split = ",", paramLabel = "NAME",
            description = "Kernels, comma-separated or repeated, as conv4j filter takes them (each file takes those of its rank).")
    List<String> kernels = new ArrayList<>();

    @Option(names = "--boundary", paramLabel = "B", defaultValue = "reflect",
            description = "reflect (default), symmetric, replicate, circular, zero.")
    String boundary;

    @Option(names = "--convolve", description = "Flip the kernels (true convolution).")
    boolean convolve;

    @Option(names = "--format", paramLabel = "F", defaultValue = "npy", description = "npy (default), png (images), nii.gz (volumes).")
    String format;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        FilterJob.Options options = new FilterJob.Options(kernels, Boundary.parse(boundary), convolve, format);
        try (SparkSession spark = sparkOptions.session("conv4j spark filter")) {
            FilterJob.Report r = Conv4jSpark.filterFiles(spark, input, output, options);
            out.printf(Locale.ROOT, "%s: %d file(s), %d kernel(s) -> %s; %d summary row(s) in %s%n", input, r.files(),
                    kernels.size(), output, r.rows(), output.resolve(FilterJob.SUMMARY));
            out.printf(Locale.ROOT, "  %.1f s, %.1f files/s (%s)%n", r.seconds(), r.files() / Math.max(1e-9, r.seconds()),
                    spark.sparkContext().master());
            if (r.failed() > 0) {
                command.commandLine().getErr().printf(Locale.ROOT, "conv4j spark filter: %d of %d file(s) failed; their"
                        + " errors are in %s%n", r.failed(), r.files(), output.resolve(FilterJob.SUMMARY));
                out.flush();
                return FAILED_FILES_BASE + (int) Math.min(r.failed(), MAX_FAILED_REPORTED);
            }
        }
        out.flush();
        return 0;
    }
}
