package dev.conv4j.cli.nn;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.cli.ThreadsOption;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.nn.predict.Predictor;
import dev.conv4j.nn.predict.Samples;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict}: a saved model's classes and probabilities for new images or arrays. */
@Command(name = "predict",
        description = {"Classify new data with a model saved by 'conv4j train --output DIR': one row per sample, in"
            + " input order, with its id, the class index, the class name (where the model has names) and the"
            + " probabilities.",
            "Inputs: a PNG/JPEG image or a directory of them (name order), preprocessed as recorded with the model"
            + " (Fashion-MNIST: grey, resized to 28x28, bytes/255); an IDX file of images; or an .npy batch"
            + " [N, sample...] taken as it is (already scaled as in training)."})
public final class PredictCommand implements Callable<Integer> {
    private static final List<String> OUTPUT_EXTENSIONS = List.of(".csv", ".parquet");

    @Spec
    CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Directory with model.json and model.safetensors.")
    Path modelDir;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|DIR",
            description = "An image, a directory of images, an IDX file or an .npy batch.")
    Path input;

    @Option(names = "--top", paramLabel = "K",
            description = "Only the K most probable classes and their probabilities (default: every class's probability).")
    Integer top;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the rows to FILE (.csv or .parquet) instead of a table on stdout.")
    Path output;

    @Option(names = "--batch", defaultValue = "256", paramLabel = "B",
            description = "Samples per forward pass; bounds the memory (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-q", "--quiet"}, description = "No summary line after writing --output.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + " must be >= 1");
        }
        CliFiles.checkInputFileOrDirectory(modelDir, "--model");
        CliFiles.checkInputFileOrDirectory(input, "--input");
        if (output != null) {
            CliFiles.checkOutput(output, "--output", OUTPUT_EXTENSIONS, List.of(input,
                    modelDir.resolve(ModelFiles.ARCHITECTURE), modelDir.resolve(ModelFiles.WEIGHTS)));
        }
        SavedModel saved = ModelFiles.loadSaved(modelDir);
        int classes = saved.model().outputShape().dim(0);
        if (top != null && (top < 1 || top > classes)) {
            throw new IllegalArgumentException("--top " + top + " must be between 1 and the model's " + classes + " classes");
        }
        Predictor predictor = new Predictor(saved, Compute.threads(threads.count()), batch);
        Samples samples = predictor.open(input);
        List<PredictionColumns.Column> columns = PredictionColumns.of(saved.classNames(), classes, top);
        PrintWriter out = command.commandLine().getOut();
        if (output == null) {
            int idWidth = IntStream.range(0, samples.size()).map(i -> samples.id(i).length()).max().orElse(2);
            int nameWidth = saved.classNames().stream().mapToInt(String::length).max().orElse(5);
            PredictionSink table = PredictionSink.table(out, columns, idWidth, nameWidth);
            predictor.predict(samples, table::write);
            table.finish();
            return 0;
        }
        boolean parquet = CliFiles.extension(output).equals(".parquet");
        AtomicFiles.write(output, stream -> {
            PredictionSink sink = parquet ? new ParquetPredictions(stream, columns) : PredictionSink.csv(stream, columns);
            predictor.predict(samples, sink::write);
            sink.finish();
        });
        if (!quiet) {
            out.printf(Locale.ROOT, "%d prediction%s of %s written to %s%n", samples.size(), samples.size() == 1 ? "" : "s",
                    saved.model().name(), output);
        }
        return 0;
    }
}
