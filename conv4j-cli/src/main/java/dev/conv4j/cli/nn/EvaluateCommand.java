package dev.conv4j.cli.nn;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.cli.ThreadsOption;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Evaluation;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.SoftmaxCrossEntropy;
import dev.conv4j.nn.data.BuiltInData;
import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: loads a saved model and reports its accuracy on a test set, overall and per class. */
@Command(name = "evaluate",
        description = "Load a model saved by 'conv4j train --output DIR' and report its test accuracy, overall and per class.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Directory with model.json and model.safetensors.")
    Path modelDir;

    @Option(names = "--data", paramLabel = "NAME", description = "fashion-mnist, signals or volumes (default: the one it was trained on).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the Fashion-MNIST IDX files are.")
    Path dataDir;

    @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + " must be >= 1");
        }
        CliFiles.checkInputFileOrDirectory(modelDir, "--model");
        Compute compute = Compute.threads(threads.count());
        SavedModel saved = ModelFiles.loadSaved(modelDir);
        Sequential net = saved.model();
        String dataName = data != null ? data : saved.metadata().get("data");
        if (dataName == null) {
            throw new IllegalArgumentException("the model does not say what it was trained on: pass --data");
        }
        Dataset test = BuiltInData.named(dataName).test(dataDir);
        long start = System.nanoTime();
        Evaluation e = net.evaluate(test, batch, compute);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: accuracy %.4f, loss %.4f (%d samples, %.1f s)%n", net.name(), test.name(),
                e.accuracy(), e.loss(), e.samples(), seconds);
        int classes = test.classes().size();
        int[] seen = new int[classes];
        int[] right = new int[classes];
        int[] order = java.util.stream.IntStream.range(0, test.size()).toArray();
        for (int from = 0; from < test.size(); from += batch) {
            int to = Math.min(test.size(), from + batch);
            Tensor logits = net.forward(test.gather(order, from, to), Pass.inference(compute));
            int[] predicted = SoftmaxCrossEntropy.predictions(logits);
            for (int i = from; i < to; i++) {
                seen[test.labels()[i]]++;
                right[test.labels()[i]] += predicted[i - from] == test.labels()[i] ? 1 : 0;
            }
        }
        int width = test.classes().stream().mapToInt(String::length).max().orElse(5);
        for (int c = 0; c < classes; c++) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %.4f  (%d/%d)%n", test.classes().get(c),
                    seen[c] == 0 ? 0 : (double) right[c] / seen[c], right[c], seen[c]);
        }
        return 0;
    }
}
