package dev.conv4j.jmh;

import dev.conv4j.plan.Algorithms;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.DirectConv;
import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * once, as an application would call it. The algorithm is forced with
 * {@code Planner.of(List.of(algorithm, new DirectConv()))}; a setup in which the algorithm
 * declines the shape (so the direct one would run) fails with the algorithm's reason.
 *
 * <p>{@link BenchmarkMain} runs every shape with every algorithm that accepts it; with plain
 * JMH options, {@code -p shape=CONV2D_VGG56 -p algorithm=direct} picks one pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBenchmark {

    @Param({"CONV1D_SENTENCE", "CONV2D_GRAY", "CONV2D_VGG56", "CONV2D_STEM", "CONV2D_1X1", "CONV2D_LENET",
            "DEPTHWISE_3X3", "CONV3D_LIDAR64", "CONV3D_C3D"})
    public String shape;

    /** An algorithm's {@code name()} in {@link Algorithms#standard()} (or {@code direct}). */
    @Param({"direct"})
    public String algorithm;

    @Param({"2"})
    public int threads;

    private ConvPlan plan;
    private Tensor input;
    private Tensor output;

    @Setup
    public void setUp() {
        BenchShape s = BenchShape.valueOf(shape);
        SplittableRandom random = new SplittableRandom(42);
        input = uniform(s.input(), random);
        Tensor filter = uniform(s.filter(), random);
        ConvAlgorithm chosen = algorithm(algorithm);
        plan = Planner.of(List.of(chosen, new DirectConv())).threads(threads).plan(s.spec(), s.input(), filter, null);
        if (!plan.algorithm().equals(algorithm)) {
            throw new IllegalStateException(algorithm + " declines " + shape + ":\n" + plan.explain());
        }
        output = Tensor.zeros(plan.geometry().outputShape());
    }

    @Benchmark
    public Tensor convolve() {
        plan.run(input, output);
        return output;
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

    private static Tensor uniform(Shape shape, SplittableRandom random) {
        float[] v = new float[shape.checkedElementCount("benchmark tensor")];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat(-1f, 1f);
        }
        return Tensor.wrap(shape, v);
    }
}
