package dev.conv4j.jmh;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.Vectorization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The main class of {@code benchmarks.jar}: JMH over every (case, algorithm) pair in which
 * the algorithm accepts the case (the forward cases of the benchmark suite, {@code shapes.json}), then a summary in GFLOP/s. The algorithms are those of
 * {@code Algorithms.standard()} in this JVM (plus {@code direct}), so new kernels are measured
 * as soon as they are in the list.
 *
 * <p>Every JMH option works ({@code -f}, {@code -wi}, {@code -i}, {@code -r}, {@code -prof gc},
 * {@code -rf json}, ...). {@code -p shape=s5_vgg,s9_depthwise}, {@code -p algorithm=X,Y} and
 * {@code -p threads=1} narrow or change the grid; {@code -h}, {@code -l} and the other listing
 * options go to JMH's own main.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            try {
                org.openjdk.jmh.Main.main(args);
            } catch (Exception e) {
                throw new RunnerException(e);
            }
            return;
        }
        List<BenchCase> cases;
        try {
            cases = given(cmd, "shape").map(names -> names.stream().map(ConvBenchmark::forwardCase).toList())
                    .orElse(ConvBenchmark.forwardCases());
        } catch (IllegalArgumentException e) {
            System.err.println("-p shape: " + e.getMessage());
            System.exit(2);
            return;
        }
        Optional<List<String>> algorithmsGiven = given(cmd, "algorithm");
        System.out.println("conv4j JMH: kernels " + Vectorization.reason() + "; algorithms "
                + ConvBenchmark.algorithms().stream().map(ConvAlgorithm::name).toList());
        List<RunResult> results = new ArrayList<>();
        for (BenchCase shape : cases) {
            String shapeName = shape.name();
            CanonicalConv problem = ConvBenchmark.problem(shape);
            List<String> accepting = new ArrayList<>();
            for (ConvAlgorithm a : ConvBenchmark.algorithms()) {
                if (algorithmsGiven.isPresent() && !algorithmsGiven.get().contains(a.name())) {
                    continue;
                }
                Optional<String> rejection = a.rejection(problem);
                if (rejection.isPresent()) {
                    System.out.println("  " + shapeName + ": " + a.name() + " declines (" + rejection.get() + ")");
                } else {
                    accepting.add(a.name());
                }
            }
            if (accepting.isEmpty()) {
                continue;
            }
            System.out.println("  " + shapeName + " (" + shape.geometry().problem() + "): " + accepting);
            OptionsBuilder options = new OptionsBuilder();
            options.parent(cmd);
            options.include(ConvBenchmark.class.getName() + ".convolve");
            options.param("shape", shapeName);
            options.param("algorithm", accepting.toArray(String[]::new));
            results.addAll(new Runner(options.build()).run());
        }
        System.out.println();
        System.out.println(summary(results));
    }

    private static Optional<List<String>> given(CommandLineOptions cmd, String name) {
        org.openjdk.jmh.util.Optional<Collection<String>> values = cmd.getParameter(name);
        return values.hasValue() ? Optional.of(List.copyOf(values.get())) : Optional.empty();
    }

    /** One line per pair: time per operation and GFLOP/s. */
    static String summary(List<RunResult> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %-28s %7s %12s %10s %9s%n", "shape",
                "algorithm", "threads", "time/op", "± (99.9%)", "GFLOP/s"));
        for (RunResult r : results) {
            String shape = r.getParams().getParam("shape");
            Result<?> primary = r.getPrimaryResult();
            double secondsPerOp = secondsPerOp(primary.getScore(), primary.getScoreUnit());
            double gflops = ConvBenchmark.forwardCase(shape).flops() / secondsPerOp / 1e9;
            sb.append(String.format(Locale.ROOT, "%-16s %-28s %7s %12s %10s %9.2f%n", shape,
                    r.getParams().getParam("algorithm"), r.getParams().getParam("threads"),
                    String.format(Locale.ROOT, "%.4g %s", primary.getScore(), primary.getScoreUnit()),
                    String.format(Locale.ROOT, "%.3g", primary.getScoreError()), gflops));
        }
        return sb.toString();
    }

    /** Seconds per operation from a JMH score in {@code ms/op}, {@code ops/s}, ...; NaN for other units. */
    static double secondsPerOp(double score, String unit) {
        if (unit.endsWith("/op")) {
            return score * seconds(unit.substring(0, unit.length() - 3));
        }
        if (unit.startsWith("ops/")) {
            return seconds(unit.substring(4)) / score;
        }
        return Double.NaN;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> Double.NaN;
        };
    }
}
