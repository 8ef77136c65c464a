package dev.conv4j.jmh;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchSuite;
import dev.conv4j.bench.PreparedCase;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.DirectConv;
import dev.conv4j.plan.Algorithms;
import dev.conv4j.plan.Planner;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One planned convolution run again and again: {@code plan.run(x, y)} with the weights packed
 * once, as an application would call it. The problem is a forward case of the benchmark suite
 * ({@code shapes.json} in conv4j-bench, read by {@link BenchSuite#standard()}), with the suite's
 * random data ({@link PreparedCase}). The algorithm is forced with
 * {@code Planner.of(List.of(algorithm, new DirectConv()))}; a setup in which the algorithm
 * declines the case (so the direct one would run) fails with the algorithm's reason.
 *
 * <p>{@link BenchmarkMain} runs every forward case with every algorithm that accepts it; with
 * plain JMH options, {@code -p shape=s9_depthwise -p algorithm=direct} picks one pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBenchmark {
    private static final long SEED = 42;

    /**
     * A forward case's name in the suite. JMH wants a default; {@link BenchmarkMain} passes every
     * forward case instead, and plain JMH takes {@code -p shape=...}.
     */
    @Param({"s5_vgg"})
    public String shape;

    /** An algorithm's {@code name()} in {@link Algorithms#standard()} (or {@code direct}). */
    @Param({"direct"})
    public String algorithm;

    @Param({"2"})
    public int threads;

    private PreparedCase prepared;

    @Setup
    public void setUp() {
        BenchCase c = forwardCase(shape);
        ConvAlgorithm chosen = algorithm(algorithm);
        prepared = PreparedCase.prepare(c, Planner.of(List.of(chosen, new DirectConv())).threads(threads), SEED);
        if (!prepared.algorithm().equals(algorithm)) {
            throw new IllegalStateException(algorithm + " declines " + shape + ": " + chosen.rejection(problem(c))
                    .orElse("the planner chose " + prepared.algorithm()));
        }
    }

    @Benchmark
    public Tensor convolve() {
        prepared.run();
        return prepared.output();
    }

    /** The suite's forward cases (the gradients' have plans of their own, not timed here). */
    static List<BenchCase> forwardCases() {
        return BenchSuite.standard().cases().stream().filter(c -> !c.op().gradient()).toList();
    }

    /** The forward case named; an unknown or gradient case is an error naming the forward ones. */
    static BenchCase forwardCase(String name) {
        return forwardCases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no forward case '" + name + "' in the suite; known: "
                        + forwardCases().stream().map(BenchCase::name).toList()));
    }

    /** The canonical problem the algorithms accept or reject. */
    static CanonicalConv problem(BenchCase c) {
        return CanonicalConv.of(c.geometry(), false);
    }

    /** The standard list's algorithms, and the direct one. */
    static List<ConvAlgorithm> algorithms() {
        List<ConvAlgorithm> all = new ArrayList<>(Algorithms.standard());
        if (all.stream().noneMatch(a -> a.name().equals("direct"))) {
            all.add(new DirectConv());
        }
        return all;
    }

    static ConvAlgorithm algorithm(String name) {
        return algorithms().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no algorithm '" + name + "'; known: "
                        + algorithms().stream().map(ConvAlgorithm::name).toList()));
    }
}
