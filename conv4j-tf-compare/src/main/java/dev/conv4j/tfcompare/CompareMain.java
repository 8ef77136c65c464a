package dev.conv4j.tfcompare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchSuite;
import dev.conv4j.bench.CaseResult;
import dev.conv4j.bench.Conv4jBench;
import dev.conv4j.bench.Machine;
import dev.conv4j.bench.Roofline;
import dev.conv4j.bench.PreparedCase;
import dev.conv4j.bench.SpotCheck;
import dev.conv4j.bench.Timer;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.plan.Planner;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * conv4j and TensorFlow on the same suite in one JVM: per case, the same random data, conv4j
 * and TF timed one after the other (conv4j first on even cases, TF first on odd ones) by the
 * same rule ({@link Timer}), both outputs spot-checked against the reference and compared
 * with each other; then a Markdown report, written into {@code docs/benchmarks.md} between its
 * markers when {@code --md} is given.
 */
@Command(name = "bench-vs-tf", mixinStandardHelpOptions = true,
        description = "Time conv4j and TensorFlow (TensorFlow Java 1.1.0) on the benchmark suite, alternating per case.")
public final class CompareMain implements Callable<Integer> {

    @Option(names = "--suite", paramLabel = "FILE", description = "Suite file (default: the built-in shapes.json).")
    Path suiteFile;

    @Option(names = "--case", split = ",", paramLabel = "NAME", description = "Only these cases.")
    List<String> caseNames = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "2", description = "conv4j threads and FMA probe threads (default 2).")
    int threads;

    @Option(names = "--tf-intra-threads", defaultValue = "2", description = "TF intra-op threads (default 2).")
    int tfIntra;

    @Option(names = "--tf-inter-threads", defaultValue = "1", description = "TF inter-op threads (default 1).")
    int tfInter;

    @Option(names = "--runs", defaultValue = "10", description = "Timed runs, at least (default 10).")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up runs, at least (default 3).")
    int warmup;

    @Option(names = "--min-time", defaultValue = "1.0", description = "Seconds of timed runs, at least (default 1).")
    double minTime;

    @Option(names = "--max-runs", defaultValue = "200", description = "Timed runs, at most (default 200).")
    int maxRuns;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the data (default 42).")
    long seed;

    @Option(names = "--check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Spot-check both outputs against the reference (default on).")
    boolean check;

    @Option(names = "--md", paramLabel = "FILE",
            description = "Write the report into FILE between its tf-compare markers (created or appended if absent).")
    Path markdown;

    @Option(names = "--note", paramLabel = "TEXT", description = "A line added to the report, e.g. about the machine.")
    String note;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write TensorFlow's timings as JSON (one object per case), for bin/bench-vs-peers.")
    Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompareMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        BenchSuite suite = suiteFile == null ? BenchSuite.standard() : BenchSuite.read(suiteFile);
        List<BenchCase> cases = suite.select(caseNames);
        Timer.Options timing = new Timer.Options(warmup, runs, Math.max(runs, maxRuns), minTime);
        ConfigProto config = TfConvOp.config(tfIntra, tfInter);
        String tfVersion = TensorFlow.version();
        String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        note("FMA and stream probes on " + threads + " thread(s) ...");
        Roofline first = Roofline.measure(threads);
        note("peak " + first.peak().describe() + "; bandwidth " + first.bandwidth().describe());
        Conv4jBench.Settings settings = new Conv4jBench.Settings(Planner.standard().threads(threads), timing, check, seed);

        String machine = Machine.describe();
        List<CompareRow> measured = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            BenchCase c = cases.get(i);
            boolean conv4jFirst = i % 2 == 0;
            note(c.name() + " (" + c.op() + " " + c.input() + " * " + c.filter() + "), "
                    + (conv4jFirst ? "conv4j first" : "TensorFlow first") + " ...");
            try {
                CompareRow row = compare(c, conv4jFirst, settings, timing, config);
                measured.add(row);
                note("  conv4j " + (row.conv4j().skipped() ? "skipped"
                        : String.format(Locale.ROOT, "%.2f GFLOP/s (%s)", row.conv4j().gflops(), row.conv4j().algorithm()))
                        + ", TF " + String.format(Locale.ROOT, "%.2f GFLOP/s", row.tfGflops()));
            } catch (RuntimeException | OutOfMemoryError e) {
                // one broken case must not lose the others' results
                note("  FAILED: " + e);
                measured.add(CompareRow.failed(c, String.valueOf(e)));
            }
        }

        note("FMA and stream probes again ...");
        Roofline roofline = first.best(Roofline.measure(threads));
        note("peak " + roofline.peak().describe() + "; bandwidth " + roofline.bandwidth().describe()
                + " (the better of the two runs of each probe)");
        List<CompareRow> rows = measured.stream().map(r -> r.withRoofline(roofline)).toList();
        CompareReport report = new CompareReport(
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                machine,
                "TensorFlow " + tfVersion + " (TensorFlow Java 1.1.0), TF_ENABLE_ONEDNN_OPTS="
                        + (onednn == null ? "unset (oneDNN on, TF's default on x86 Linux)" : onednn)
                        + ", intra-op " + tfIntra + " / inter-op " + tfInter + " threads; conv4j " + threads + " threads",
                roofline, timing, seed, note, reproduceCommand(), rows);
        String block = report.markdown();
        System.out.println(block);
        if (markdown != null) {
            CompareReport.writeInto(markdown, block);
            note("wrote " + markdown);
        }
        if (json != null) {
            AtomicFiles.write(json, out -> out.write(tfTimingsJson(rows).getBytes(StandardCharsets.UTF_8)));
            note("wrote " + json);
        }
        boolean allPass = rows.stream().allMatch(r -> r.failure() == null && r.conv4j().ok());
        return allPass ? 0 : 3;
    }

    /**
     * One case: both engines on the same data, in the given order. A gradient case feeds both the
     * same dy ({@link PreparedCase#gradOutput}) and checks both results with the same gradient check.
     */
    private CompareRow compare(BenchCase c, boolean conv4jFirst, Conv4jBench.Settings settings,
                               Timer.Options timing, ConfigProto config) {
        Tensor[] data = PreparedCase.data(c, seed);
        Tensor dy = c.op().gradient() ? PreparedCase.gradOutput(c, seed) : null;
        CaseResult mine = null;
        PreparedCase prepared = null;
        TfResult theirs = null;
        for (int turn = 0; turn < 2; turn++) {
            boolean conv4jTurn = (turn == 0) == conv4jFirst;
            if (conv4jTurn) {
                prepared = PreparedCase.prepare(c, settings.planner(), seed);
                mine = Conv4jBench.measure(prepared, settings);
            } else {
                theirs = timeTensorFlow(c, data, dy, timing, config);
            }
        }
        double maxDiff = theirs.output() != null ? maxAbsDiff(prepared.output(), theirs.output()) : Double.NaN;
        return new CompareRow(c, mine, theirs.timing(), theirs.check(), maxDiff, null);
    }

    /** TF's two fed tensors: (x, w) forward, (w, dy) for the input gradient, (x, dy) for the filter gradient. */
    private TfResult timeTensorFlow(BenchCase c, Tensor[] data, Tensor dy, Timer.Options timing, ConfigProto config) {
        Tensor first = switch (c.op()) {
            case CONV2D_GRAD_INPUT -> data[1];
            default -> data[0];
        };
        Tensor second = c.op().gradient() ? dy : data[1];
        try (TfConvOp op = new TfConvOp(TfConv.of(c), first, second, config)) {
            Timer.Timing t = Timer.time(timing, op::run);
            Tensor out = op.runAndFetch();
            SpotCheck.Result ok = check ? PreparedCase.check(c, data[0], data[1], dy, out, seed) : null;
            return new TfResult(t, ok, out);
        }
    }

    /** Per case: {@code name}, TensorFlow's {@code median_ms} (null if the case failed) and whether its output passed the check. */
    static String tfTimingsJson(List<CompareRow> rows) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (CompareRow r : rows) {
            ObjectNode o = array.addObject().put("name", r.benchCase().name());
            if (r.tf() == null) {
                o.putNull("median_ms").put("failure", r.failure());
            } else {
                o.put("median_ms", r.tf().medianMs()).put("runs", r.tf().runs());
            }
            if (r.tfCheck() != null) {
                o.put("check", r.tfCheck().passed() ? "pass" : "fail");
            }
        }
        return array.toPrettyString() + "\n";
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            return Double.POSITIVE_INFINITY;
        }
        float[] x = a.data();
        float[] y = b.data();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs((double) x[i] - y[i]);
            if (!(d <= max)) {
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        return max;
    }

    private String reproduceCommand() {
        String base = System.getProperty("conv4j.command", "java ... dev.conv4j.tfcompare.CompareMain");
        List<String> args = new ArrayList<>();
        if (suiteFile != null) {
            args.add("--suite " + suiteFile);
        }
        if (!caseNames.isEmpty()) {
            args.add("--case " + String.join(",", caseNames));
        }
        addIf(args, threads != 2, "--threads " + threads);
        addIf(args, tfIntra != 2, "--tf-intra-threads " + tfIntra);
        addIf(args, tfInter != 1, "--tf-inter-threads " + tfInter);
        addIf(args, runs != 10, "--runs " + runs);
        addIf(args, warmup != 3, "--warmup " + warmup);
        addIf(args, minTime != 1.0, "--min-time " + minTime);
        addIf(args, maxRuns != 200, "--max-runs " + maxRuns);
        addIf(args, seed != 42, "--seed " + seed);
        addIf(args, !check, "--no-check");
        return args.isEmpty() ? base : base + " " + String.join(" ", args);
    }

    private static void addIf(List<String> args, boolean condition, String arg) {
        if (condition) {
            args.add(arg);
        }
    }

    private static void note(String text) {
        System.err.println("bench-vs-tf: " + text);
        System.err.flush();
    }

    /** TensorFlow's side of a case. */
    private record TfResult(Timer.Timing timing, SpotCheck.Result check, Tensor output) {
    }
}
