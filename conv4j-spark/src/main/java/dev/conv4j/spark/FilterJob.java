package dev.conv4j.spark;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code spark filter}: many images, signals and volumes, each filtered by one task exactly as
 * {@code conv4j filter} filters it, outputs under one directory with the inputs' relative paths,
 * and a {@code _summary.parquet} with one row per file and kernel (or per unreadable file).
 *
 * <p>The driver only lists the files; the rows go from the tasks straight into the Parquet
 * dataset, so neither the outputs nor the summary pass through the driver.
 */
public final class FilterJob {
    /** The summary's name inside the output directory (a Parquet dataset written by Spark). */
    public static final String SUMMARY = "_summary.parquet";

    private static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("kernel", DataTypes.StringType)
            .add("output", DataTypes.StringType)
            .add("shape", DataTypes.StringType)
            .add("min", DataTypes.DoubleType)
            .add("max", DataTypes.DoubleType)
            .add("mean", DataTypes.DoubleType)
            .add("millis", DataTypes.DoubleType)
            .add("error", DataTypes.StringType);

    private FilterJob() {
    }

    /**
     * What to do.
     *
     * @param kernels kernel names, as {@code --kernel} takes them (checked per file against its rank)
     * @param boundary what kernels see past the edges
     * @param convolve flipped kernels (true convolution)
     * @param format {@code npy}, {@code png} (images) or {@code nii.gz} (volumes)
     */
    public record Options(List<String> kernels, Boundary boundary, boolean convolve, String format) implements Serializable {
        public Options {
            kernels = List.copyOf(kernels);
            if (kernels.isEmpty()) {
                throw new IllegalArgumentException("--kernel: at least one kernel");
            }
            FileFilter.Format.parse(format);
        }
    }

    /**
     * What a job did.
     *
     * @param files files listed
     * @param failed files that could not be filtered (each a row with its error)
     * @param rows summary rows
     * @param seconds wall time
     */
    public record Report(long files, long failed, long rows, double seconds) {
    }

    public static Report run(SparkSession spark, String input, Path outDir, Options options) throws IOException {
        long start = System.nanoTime();
        Listing listing = list(input);
        for (String k : options.kernels()) {
            try {
                Kernels.parse(k, 2);
            } catch (IllegalArgumentException notImage) {
                try {
                    Kernels.parse(k, 1);
                } catch (IllegalArgumentException notSignal) {
                    Kernels.parse(k, 3);
                }
            }
        }
        Files.createDirectories(outDir);
        String root = listing.root().toAbsolutePath().toString();
        String out = outDir.toAbsolutePath().toString();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("conv4j filter: " + listing.files().size() + " files of " + input + " -> " + outDir);
        int slices = Math.max(1, Math.min(listing.files().size(), jsc.defaultParallelism() * 4));
        JavaRDD<FileFilter.Row> rows = jsc.parallelize(listing.files(), slices).flatMap(relative -> {
            TaskContext task = TaskContext.get();
            int threads = task == null ? 1 : Math.max(1, task.cpus());
            Filtering.Options filtering = new Filtering.Options(options.boundary(), options.convolve(),
                    Planner.standard().threads(threads));
            return FileFilter.filter(Path.of(root), relative, Path.of(out), options.kernels(), filtering,
                    FileFilter.Format.parse(options.format())).iterator();
        });
        Path summary = outDir.resolve(SUMMARY);
        Dataset<Row> frame = spark.createDataFrame(rows.map(r -> RowFactory.create(r.path(), r.kernel(), r.output(),
                r.shape(), r.min(), r.max(), r.mean(), r.millis(), r.error())), SCHEMA);
        // one Parquet file per task: coalescing here would pull the filtering itself into one task
        frame.write().mode(SaveMode.Overwrite).parquet(summary.toString());
        // the part files by name: Spark's reader skips a directory whose name starts with '_', and
        // reads its path argument as a glob, so brackets in the output's path are escaped
        List<String> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(summary)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).forEach(
                    n -> parts.add(summary.resolve(n).toString().replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1")));
        }
        Dataset<Row> written = spark.read().schema(SCHEMA).parquet(parts.toArray(String[]::new));
        long failed = written.filter(functions.col("error").isNotNull()).count();
        long total = written.count();
        return new Report(listing.files().size(), failed, total, (System.nanoTime() - start) / 1e9);
    }

    /** The files to filter: relative paths (with '/') under a root, sorted. */
    record Listing(Path root, List<String> files) {
    }

    /** A directory (walked recursively, files of known kinds) or a glob such as {@code data/**}{@code /*.png}. */
    static Listing list(String input) throws IOException {
        int glob = firstGlobChar(input);
        Path root;
        PathMatcher matcher;
        if (glob < 0) {
            root = Path.of(input);
            if (!Files.isDirectory(root)) {
                throw new NoSuchFileException(input, null, "not a directory (give a directory or a glob such as 'dir/*.png')");
            }
            matcher = p -> FileFilter.Kind.of(p.getFileName().toString()) != null;
        } else {
            int slash = input.lastIndexOf('/', glob);
            root = Path.of(slash < 0 ? "." : slash == 0 ? "/" : input.substring(0, slash));
            PathMatcher pattern = FileSystems.getDefault().getPathMatcher("glob:" + input.substring(slash + 1));
            matcher = p -> pattern.matches(p);
            if (!Files.isDirectory(root)) {
                throw new NoSuchFileException(root.toString(), null, "the glob's directory does not exist");
            }
        }
        List<String> files = new ArrayList<>();
        Path base = root;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path relative = base.relativize(p);
                if (Files.isRegularFile(p) && !relative.toString().startsWith("_") && matcher.matches(relative)) {
                    files.add(relative.toString().replace('\\', '/'));
                }
            }
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new NoSuchFileException(input, null, "no images, signals or volumes found");
        }
        return new Listing(root, files);
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
