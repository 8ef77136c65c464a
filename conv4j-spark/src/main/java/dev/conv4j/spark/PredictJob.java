package dev.conv4j.spark;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.nn.predict.Prediction;
import dev.conv4j.nn.predict.Predictor;
import dev.conv4j.nn.predict.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code spark predict}: a saved conv4j-nn model over an input's samples (an IDX images file, a
 * Fashion-MNIST directory's test set, a directory of images, an {@code .npy} array), with
 * {@code conv4j predict}'s {@link Predictor}. Each task takes a run of whole batches, so every
 * sample goes through the same batch as in one JVM; the model is loaded once per executor.
 * Rows, in input order: {@code index}, {@code id}, {@code class}, {@code class_name} (when the
 * model names its classes) and one probability per class ({@code p_NAME}), as {@code conv4j predict}
 * writes them; CSV or Parquet by the output's extension (a Spark dataset directory).
 */
public final class PredictJob {
    /** Predictors already loaded in this JVM (an executor runs many tasks), by model, threads and batch. */
    private static final Map<String, Predictor> LOADED = new ConcurrentHashMap<>();

    private PredictJob() {
    }

    /**
     * What a job did.
     *
     * @param samples samples predicted
     * @param tasks tasks
     * @param seconds wall time
     */
    public record Report(long samples, int tasks, double seconds) {
    }

    public static Report run(SparkSession spark, Path modelDir, Path input, Path output, int batch) throws IOException {
        long start = System.nanoTime();
        String format = format(output);
        SavedModel saved = ModelFiles.loadSaved(modelDir);
        Path samplesPath = resolveInput(input);
        int n = Samples.open(samplesPath, saved).size();
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + " must be >= 1");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int batches = (n + batch - 1) / batch;
        int tasks = Math.max(1, Math.min(batches, jsc.defaultParallelism() * 4));
        int batchesPerTask = (batches + tasks - 1) / tasks;
        List<Integer> firsts = new ArrayList<>();
        for (int b = 0; b < batches; b += batchesPerTask) {
            firsts.add(b * batch);
        }
        String model = modelDir.toAbsolutePath().toString();
        String in = samplesPath.toAbsolutePath().toString();
        int span = batchesPerTask * batch;
        List<String> names = saved.classNames();
        int classes = saved.model().outputShape().dim(saved.model().outputShape().rank() - 1);
        jsc.setJobDescription("conv4j predict: " + n + " samples of " + input + " with " + modelDir);
        var rows = jsc.parallelize(firsts, Math.max(1, firsts.size())).flatMap(from -> {
            TaskContext task = TaskContext.get();
            int threads = task == null ? 1 : Math.max(1, task.cpus());
            Predictor predictor = LOADED.computeIfAbsent(model + "|" + threads + "|" + batch, key -> load(model, threads, batch));
            Samples samples = predictor.open(Path.of(in));
            List<Row> out = new ArrayList<>();
            int to = Math.min(samples.size(), from + span);
            for (int b = from; b < to; b += batch) {
                int index = b;
                for (Prediction p : predictor.predict(samples, b, Math.min(to, b + batch))) {
                    out.add(row(index++, p, !names.isEmpty()));
                }
            }
            return out.iterator();
        });
        Dataset<Row> frame = spark.createDataFrame(rows, schema(names, classes));
        DataFrameWriter<Row> writer = frame.write().mode(SaveMode.Overwrite);
        if (format.equals("csv")) {
            writer.option("header", "true").csv(output.toString());
        } else {
            writer.parquet(output.toString());
        }
        return new Report(n, firsts.size(), (System.nanoTime() - start) / 1e9);
    }

    private static Predictor load(String model, int threads, int batch) {
        try {
            return new Predictor(ModelFiles.loadSaved(Path.of(model)), Compute.threads(threads), batch);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Fashion-MNIST directory stands for its test set; anything else is read as {@link Samples} reads it. */
    static Path resolveInput(Path input) {
        if (Files.isDirectory(input)) {
            for (String name : List.of("t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz")) {
                if (Files.isRegularFile(input.resolve(name))) {
                    return input.resolve(name);
                }
            }
        }
        return input;
    }

    private static String format(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".parquet")) {
            return "parquet";
        }
        throw new IllegalArgumentException("--output " + output + ": the name must end in .csv or .parquet");
    }

    private static StructType schema(List<String> names, int classes) {
        StructType s = new StructType().add("index", DataTypes.IntegerType, false).add("id", DataTypes.StringType, false)
                .add("class", DataTypes.IntegerType, false);
        if (!names.isEmpty()) {
            s = s.add("class_name", DataTypes.StringType, false);
        }
        for (int c = 0; c < classes; c++) {
            s = s.add("p_" + (names.isEmpty() ? Integer.toString(c) : names.get(c)), DataTypes.FloatType, false);
        }
        return s;
    }

    private static Row row(int index, Prediction p, boolean named) {
        List<Object> v = new ArrayList<>();
        v.add(index);
        v.add(p.id());
        v.add(p.classIndex());
        if (named) {
            v.add(p.className());
        }
        for (float f : p.probabilities()) {
            v.add(f);
        }
        return RowFactory.create(v.toArray());
    }
}
