package dev.conv4j.tfcompare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conv4j.bench.BenchOp;
import dev.conv4j.io.Npy;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tensorflow.proto.ConfigProto;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs convolutions and their 2D gradients through TensorFlow for {@code tools/tf-check}: many
 * jobs in one JVM, so that TensorFlow's start-up is paid once. A job file is
 * {@code {"jobs": [{"op": "conv2d", "input": "x.npy", "filter": "w.npy", "strides": [1, 2],
 * "dilations": [1, 1], "padding": "SAME", "out": "y.npy"}, ...]}}: channels-last {@code .npy}
 * files (paths relative to the job file), the padding {@code SAME}, {@code VALID} or
 * {@code [[before, after], ...]} per spatial axis. A gradient job names the output gradient
 * ({@code "grad_output": "dy.npy"}) and the shape of what it differentiates by:
 * {@code conv2d_grad_input} takes {@code "filter"} and {@code "input_shape": [N, H, W, C]},
 * {@code conv2d_grad_filter} takes {@code "input"} and {@code "filter_shape": [kh, kw, C, out]}
 * (TensorFlow's Conv2DBackpropInput and Conv2DBackpropFilter). One line per job on stdout, in order:
 * {@code ok N} or {@code refused N: TensorFlow's message}; a job TensorFlow refuses writes nothing.
 */
@Command(name = "tf-jobs", mixinStandardHelpOptions = true,
        description = "Run convolution jobs (a JSON file) through TensorFlow Java and write their outputs.")
public final class TfJobs implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "JOBS.json", description = "The job file.")
    Path jobFile;

    @Option(names = "--threads", defaultValue = "2", description = "TF intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException {
        JsonNode jobs = JSON.readTree(jobFile.toFile()).path("jobs");
        Path folder = jobFile.toAbsolutePath().getParent();
        ConfigProto config = TfConvOp.config(threads, 1);
        PrintStream out = System.out;
        for (int i = 0; i < jobs.size(); i++) {
            JsonNode job = jobs.get(i);
            try {
                run(job, folder, config);
                out.println("ok " + i);
            } catch (RuntimeException e) {
                out.println("refused " + i + ": " + firstLine(e));
            }
            out.flush();
        }
        return 0;
    }

    private static void run(JsonNode job, Path folder, ConfigProto config) throws IOException {
        BenchOp op = BenchOp.parse(job.path("op").asText());
        // TfConvOp's two fed tensors: (x, w) forward, (w, dy) for the input gradient, (x, dy) for the filter's
        Tensor first = Npy.read(folder.resolve(job.path(op == BenchOp.CONV2D_GRAD_INPUT ? "filter" : "input").asText()));
        Tensor second = Npy.read(folder.resolve(job.path(op.gradient() ? "grad_output" : "filter").asText()));
        TfConv conv = conv(op, job, first.shape().dims(), second.shape().dims());
        try (TfConvOp tf = new TfConvOp(conv, first, second, config)) {
            Npy.write(folder.resolve(job.path("out").asText()), tf.runAndFetch());
        }
    }

    /**
     * The job's convolution, given the shapes of the two tensors fed to it: the input and filter
     * shapes are those of the tensors, but for the gradient's own result, whose shape the job names.
     */
    static TfConv conv(BenchOp op, JsonNode job, int[] first, int[] second) {
        int[] input = switch (op.result()) {
            case INPUT_GRADIENT -> ints(job.path("input_shape"));
            case OUTPUT, FILTER_GRADIENT -> first;
        };
        int[] filter = switch (op.result()) {
            case FILTER_GRADIENT -> ints(job.path("filter_shape"));
            case OUTPUT -> second;
            case INPUT_GRADIENT -> first;
        };
        return new TfConv(op, input, filter, ints(job.path("strides")), ints(job.path("dilations")),
                padding(job.path("padding")));
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    private static Padding padding(JsonNode node) {
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "SAME" -> Padding.SAME;
                case "VALID" -> Padding.VALID;
                default -> throw new IllegalArgumentException("padding " + node + ": SAME, VALID or [[before, after], ...]");
            };
        }
        int[] before = new int[node.size()];
        int[] after = new int[node.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = node.get(i).get(0).asInt();
            after[i] = node.get(i).get(1).asInt();
        }
        return new Padding.Explicit(before, after);
    }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int end = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (end < 0 ? m : m.substring(0, end));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TfJobs()).execute(args));
    }
}
