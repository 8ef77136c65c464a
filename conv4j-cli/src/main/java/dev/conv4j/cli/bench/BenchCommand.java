package dev.conv4j.cli.bench;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchReport;
import dev.conv4j.bench.BenchSuite;
import dev.conv4j.bench.CaseResult;
import dev.conv4j.bench.Conv4jBench;
import dev.conv4j.bench.FmaProbe;
import dev.conv4j.bench.Machine;
import dev.conv4j.bench.PreparedCase;
import dev.conv4j.bench.Roofline;
import dev.conv4j.bench.StreamProbe;
import dev.conv4j.bench.Timer;
import dev.conv4j.cli.ThreadsOption;
import dev.conv4j.cli.Words;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.ConvShapeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j bench}: times conv4j on a suite of cases (by default the project's
 * {@code shapes.json}) and reports, per case, the median and minimum time, GFLOP/s, the share
 * of this machine's peak (measured in the same run by {@link FmaProbe}), how close the case comes
 * to its {@link Roofline} floor (with the bandwidth {@link StreamProbe} measures), the algorithm
 * the planner chose, and a spot check against the reference. Forward and gradient cases alike:
 * {@link PreparedCase} says what one timed run is for each op.
 */
@Command(name = "bench",
        description = {"Time conv4j on a benchmark suite (default: the built-in shapes.json, cases s1..s13).",
                "Per case: plan (Planner.standard().threads(N)), warm up, >= --runs timed runs (more until --min-time "
                        + "seconds are filled, at most --max-runs); median and min ms, GFLOP/s, %% of the peak the FMA "
                        + "probe measures on N threads, MB moved, compute- or memory-bound and %% of the roofline floor "
                        + "(FLOPs at that peak or bytes at the stream probe's bandwidth), the chosen algorithm, and a spot check of a sample of output "
                        + "elements against the float64 reference. Inputs are uniform in [-1, 1) from --seed.",
                "Gradient cases (conv2d_grad_input, conv2d_grad_filter) time planGradInput(...).run(dy) and "
                        + "planGradFilter(...).run(x, dy), dy uniform of the forward output's shape, and count the "
                        + "forward FLOPs; their checks compare sampled elements of dx or dW with the reference gradients."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case ran (or was skipped) and passed its check",
                "1:the suite file cannot be read",
                "2:usage error, unknown case, malformed suite file",
                "3:a spot check failed (conv4j computed a wrong result)"})
public final class BenchCommand implements Callable<Integer> {
    /** Exit code when a spot check fails. */
    public static final int CHECK_FAILED = 3;

    /** Output forms. */
    public enum Format { table, json }

    @Spec
    CommandSpec command;

    @Option(names = "--suite", paramLabel = "FILE",
            description = "Suite file (JSON, the form of shapes.json). Default: the built-in copy of shapes.json.")
    Path suiteFile;

    @Option(names = "--case", split = ",", paramLabel = "NAME",
            description = "Only these cases, in this order (comma-separated or repeated). Default: all.")
    List<String> caseNames = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (aligned columns, default) or json (an array, one object per case).")
    Format format;

    /** Threads for conv4j and for the FMA and stream probes. */
    @Mixin
    ThreadsOption threadCount;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N",
            description = "Timed runs per case, at least (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N",
            description = "Untimed runs before timing, at least (default: ${DEFAULT-VALUE}); warm-up also lasts at "
                    + "least half of --min-time, and until the runs have stopped getting faster.")
    int warmup;

    @Option(names = "--min-time", defaultValue = "1.0", paramLabel = "SECONDS",
            description = "Keep timing until the runs fill this many seconds (default: ${DEFAULT-VALUE}).")
    double minTime;

    @Option(names = "--max-runs", defaultValue = "200", paramLabel = "N",
            description = "Timed runs per case, at most (default: ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Spot-check each result against the float64 reference (default: on; --no-check skips it).")
    boolean check;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the random inputs and checked positions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--algo", paramLabel = "NAME",
            description = "Time this algorithm instead of the planner's choice; cases it cannot compute are skipped"
                    + " with its reason, an unknown name is an error listing the algorithms.")
    String algorithm;

    @Option(names = "--list", description = "List the suite's cases (op, shapes, GFLOP) and exit.")
    boolean list;

    @Option(names = {"-q", "--quiet"}, description = "No progress notes on stderr.")
    boolean quiet;

    /** The algorithms to plan with; {@code --threads} is applied to it. */
    private final Planner planner;

    /** The bench of {@link Planner#standard()}. */
    public BenchCommand() {
        this(Planner.standard());
    }

    /** A bench of another planner's algorithms (tests use it to plant a broken one). */
    BenchCommand(Planner planner) {
        this.planner = planner;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        int threads = threadCount.count();
        Timer.Options timing;
        try {
            timing = new Timer.Options(warmup, runs, Math.max(maxRuns, runs), minTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timing options: " + e.getMessage(), e);
        }
        Planner planned = planner.threads(threads).algorithm(algorithm);
        BenchSuite suite = suiteFile == null ? BenchSuite.standard() : BenchSuite.read(suiteFile);
        List<BenchCase> cases = suite.select(caseNames);
        if (list) {
            for (BenchCase c : cases) {
                out.printf(Locale.ROOT, "%-22s %-19s %-22s %-18s %9.3f GFLOP  %s%n", c.name(), c.op(), c.input(),
                        c.filter(), c.flops() / 1e9, c.problem());
            }
            out.flush();
            return 0;
        }

        note(err, "bench: FMA and stream probes on " + Words.count(threads, "thread") + " ...");
        Roofline first = Roofline.measure(threads);
        if (format == Format.table) {
            out.println("conv4j bench: suite " + suite.source() + " (" + cases.size() + " of " + suite.cases().size()
                    + " cases), " + Words.count(threads, "thread") + ", runs >= " + runs + " (filling " + minTime
                    + " s, at most " + timing.maxRuns() + ") after >= " + warmup + " warm-up runs, seed " + seed);
            out.println("machine: " + Machine.describe());
            out.flush();
        }
        Conv4jBench.Settings settings = new Conv4jBench.Settings(planned, timing, check, seed);
        List<CaseResult> measured = new ArrayList<>();
        for (BenchCase c : cases) {
            note(err, "bench: " + c.name() + " (" + c.op() + " " + c.input() + " * " + c.filter() + ") ...");
            CaseResult r;
            try {
                r = Conv4jBench.run(c, settings);
            } catch (ConvShapeException e) {
                if (algorithm == null || !e.argument().equals("algorithm")) {
                    throw e;
                }
                r = CaseResult.skipped(c, e.getMessage());
            }
            measured.add(r);
            if (!r.ok()) {
                note(err, "bench: " + c.name() + " spot check FAILED: " + r.check().firstFailure());
            }
        }
        note(err, "bench: the probes again ...");
        Roofline roofline = first.best(Roofline.measure(threads));
        List<CaseResult> results = measured.stream().map(r -> r.withRoofline(roofline)).toList();
        if (format == Format.table) {
            out.println("peak: FMA probe " + roofline.peak().describe() + " = 100 % below");
            out.println("bandwidth: stream probe " + roofline.bandwidth().describe() + "; with the peak, each case's "
                    + "floor (roofline), the least time it can take");
            out.println("(each probe ran before and after the cases; the better run counts)");
            out.println();
        }
        if (format == Format.json) {
            out.println(BenchReport.jsonText(results));
        } else {
            out.print(BenchReport.table(results));
        }
        out.flush();
        return results.stream().allMatch(CaseResult::ok) ? 0 : CHECK_FAILED;
    }

    private void note(PrintWriter err, String text) {
        if (!quiet) {
            err.println(text);
            err.flush();
        }
    }
}
