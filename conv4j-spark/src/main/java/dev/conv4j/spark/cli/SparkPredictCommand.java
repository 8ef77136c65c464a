package dev.conv4j.spark.cli;

import dev.conv4j.nn.predict.Predictor;
import dev.conv4j.spark.Conv4jSpark;
import dev.conv4j.spark.PredictJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conv4j spark predict --model DIR --input IN --output preds.parquet}. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify every sample of IN with a saved conv4j-nn model (model.json + model.safetensors), as"
            + " conv4j predict does, the model loaded once per executor and each task taking a run of whole batches."
            + " IN: an IDX images file, a Fashion-MNIST directory (its test set), a directory of .png/.jpg images, or an"
            + " .npy array [N, sample...]. Writes one row per sample in input order (index, id, class, class_name where"
            + " the model names its classes, p_NAME per class) as CSV or Parquet by OUT's extension (a Spark dataset"
            + " directory).",
        footer = {"", "Examples:",
            "  conv4j spark predict --model models/fashion --input /usr/share/datasets/fashion-mnist --output preds.parquet",
            "  conv4j spark predict --model models/fashion --input shirts/ --output preds.csv --master local[2]"})
public final class SparkPredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "A model saved by conv4j train --save DIR.")
    Path model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "IN", description = "The samples.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "preds.csv or preds.parquet.")
    Path output;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per forward pass (default " + Predictor.DEFAULT_BATCH + ").")
    int batch = Predictor.DEFAULT_BATCH;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        try (SparkSession spark = sparkOptions.session("conv4j spark predict")) {
            PredictJob.Report r = Conv4jSpark.predict(spark, model, input, output, batch);
            out.printf(Locale.ROOT, "%s: %d sample(s) with %s -> %s in %d task(s), %.1f s, %.0f samples/s (%s)%n", input,
                    r.samples(), model, output, r.tasks(), r.seconds(), r.samples() / Math.max(1e-9, r.seconds()),
                    spark.sparkContext().master());
        }
        out.flush();
        return 0;
    }
}
