package dev.conv4j.cli.nn;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.cli.ProgressBar;
import dev.conv4j.cli.ThreadsOption;
import dev.conv4j.cli.Words;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Evaluation;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.Training;
import dev.conv4j.nn.TrainingListener;
import dev.conv4j.nn.data.BuiltInData;
import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.nn.optim.Adam;
import dev.conv4j.nn.optim.LearningRate;
import dev.conv4j.nn.optim.Optimizer;
import dev.conv4j.nn.optim.Sgd;
import dev.conv4j.nn.zoo.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: fits one of the named models on its data set, reports test accuracy, optionally saves it. */
@Command(name = "train",
        description = {"Train a named CNN (fashion-cnn, signal-1d, volume-3d) on its data set, with Adam and"
            + " softmax cross-entropy; print the test accuracy and optionally save the model (with its class names"
            + " and how images become its input, for 'conv4j predict').",
            "Progress goes to stderr: a bar on a terminal, one line per epoch otherwise or with --quiet."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "NAME", completionCandidates = TrainableModels.class,
            description = "${COMPLETION-CANDIDATES}.")
    String model;

    @Option(names = "--data", paramLabel = "NAME", description = "fashion-mnist, signals or volumes (default: the model's).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the Fashion-MNIST IDX files are (default: $CONV4J_FASHION_MNIST or /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default: the model's, 5).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Mini-batch size (default: the model's; 32 for fashion-cnn).")
    Integer batch;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seeds the weights, the shuffling and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd", description = "adam (Keras defaults) or sgd (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "Initial learning rate (default: the model's; 0.001 for fashion-cnn; 0.01 for sgd).")
    Double learningRate;

    @Option(names = "--lr-decay", paramLabel = "R",
            description = "Multiply the learning rate by R after each epoch (default: the model's; 0.7 for fashion-cnn; 1 = constant).")
    Double lrDecay;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M", description = "SGD momentum (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training samples only.")
    Integer limit;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Save the model: model.json and model.safetensors in DIR (created; its parent must exist).")
    Path save;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar: one line per epoch.")
    boolean quiet;

    /** The models {@code train} takes: those with a data set. */
    static final class TrainableModels implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Models.all().stream().filter(e -> e.data() != null).map(Models.Entry::name).iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        String trainable = String.join(", ", new TrainableModels());
        Models.Entry entry = Models.all().stream().filter(e -> e.name().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--model " + model + ": unknown; train one of " + trainable));
        if (entry.data() == null) {
            throw new IllegalArgumentException("--model " + model + " is an architecture to show with 'conv4j summary',"
                    + " not one to train; train one of " + trainable);
        }
        BuiltInData dataSet = BuiltInData.named(data != null ? data : entry.data());
        Models.Recipe recipe = entry.recipe();
        int epochCount = epochs != null ? epochs : recipe.epochs();
        int batchSize = batch != null ? batch : recipe.batch();
        boolean sgd = switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "adam" -> false;
            case "sgd" -> true;
            default -> throw new IllegalArgumentException("--optimizer must be adam or sgd, got " + optimizer);
        };
        double rate = learningRate != null ? learningRate : sgd ? 0.01 : recipe.learningRate();
        double decay = lrDecay != null ? lrDecay : recipe.decayPerEpoch();
        if (epochCount < 0 || batchSize < 1 || (limit != null && limit < 1)) {
            throw new IllegalArgumentException("--epochs must be >= 0, --batch >= 1 and --limit >= 1");
        }
        if (!(rate > 0) || !(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("--learning-rate must be > 0 and --lr-decay in (0, 1], got " + rate
                    + " and " + decay);
        }
        if (save != null) {
            CliFiles.checkOutputDirectory(save, "--output", dataDir == null ? List.of() : List.of(dataDir));
        }
        int threadCount = threads.count();
        Compute compute = Compute.threads(threadCount);
        Dataset train = dataSet.train(dataDir);
        if (limit != null) {
            train = train.slice(0, Math.min(limit, train.size()));
        }
        long stepsPerEpoch = Math.max(1, (train.size() + batchSize - 1) / batchSize);
        LearningRate schedule = decay == 1 ? LearningRate.constant(rate)
                : LearningRate.exponentialDecay(rate, stepsPerEpoch, decay, true);
        Optimizer opt = sgd ? new Sgd(schedule, momentum, false) : new Adam(schedule);
        String optimizerText = String.format(Locale.ROOT, "%s(lr=%s%s%s)", sgd ? "SGD" : "Adam", number(rate),
                decay == 1 ? "" : ", decay " + number(decay) + "/epoch", sgd ? ", momentum " + number(momentum) : "");
        Dataset test = dataSet.test(dataDir);
        Sequential net = entry.build(train.sampleShape()).initialize(seed);
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        err.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %,d samples, %s of batch %d, %s, seed %d, %s%n",
                net.name(), net.parameterCount(), train.name(), train.size(), Words.count(epochCount, "epoch"), batchSize,
                optimizerText, seed, Words.count(threadCount, "thread"));
        err.flush();
        long start = System.nanoTime();
        List<TrainingListener.Epoch> history = net.fit(train, test, opt, new Training(epochCount, batchSize, seed, compute),
                new TrainingProgress(err, !quiet && ProgressBar.terminal()));
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation result = history.isEmpty() ? net.evaluate(test, 256, compute) : history.getLast().validation();
        out.printf(Locale.ROOT, "%s on %s: test accuracy %.4f, test loss %.4f (%,d samples) after %s in %.1f s"
                + " wall time%n", net.name(), test.name(), result.accuracy(), result.loss(), result.samples(),
                Words.count(epochCount, "epoch"), seconds);
        if (save != null) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("data", dataSet.dataName());
            meta.put("epochs", Integer.toString(epochCount));
            meta.put("batch", Integer.toString(batchSize));
            meta.put("seed", Long.toString(seed));
            meta.put("optimizer", optimizerText);
            meta.put("test_accuracy", String.format(Locale.ROOT, "%.4f", result.accuracy()));
            ModelFiles.save(new SavedModel(net, test.classes(), dataSet.imagePreprocessing(), meta), save);
            out.println("saved " + save.resolve(ModelFiles.ARCHITECTURE) + " and " + save.resolve(ModelFiles.WEIGHTS));
        }
        return 0;
    }

    /** {@code 0.001}, {@code 0.7}: as a person writes the number. */
    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
