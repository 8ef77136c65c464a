package dev.conv4j.bench;

import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.GradFilterPlan;
import dev.conv4j.plan.GradInputPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A case ready to time with conv4j: random data (uniform in [-1, 1), from a seed and the case's
 * name, so a case's data does not depend on which other cases run), a plan built once, and the
 * operation each timed run performs:
 *
 * <ul>
 *   <li>forward ops: {@link ConvPlan#run(Tensor, Tensor)} into a preallocated output;</li>
 *   <li>{@code conv2d_grad_input}: {@link Planner#planGradInput} for the case's input shape and
 *       filter, then {@link GradInputPlan#run(Tensor) run(dy)};</li>
 *   <li>{@code conv2d_grad_filter}: {@link Planner#planGradFilter} for the input and filter shapes,
 *       then {@link GradFilterPlan#run(Tensor, Tensor) run(x, dy)};</li>
 * </ul>
 *
 * with {@code dy} of the forward output's shape ({@link #gradOutput}). The gradient plans return
 * a new tensor per run; {@link #output()} is the last run's result.
 */
public final class PreparedCase {
    private final BenchCase benchCase;
    private final Tensor input;
    private final Tensor filter;
    private final Tensor gradOutput;
    private final String algorithm;
    private final int threads;
    private final Operation operation;
    private Tensor output;

    /** One timed run; returns its result. */
    @FunctionalInterface
    private interface Operation {
        Tensor run();
    }

    private PreparedCase(BenchCase benchCase, Tensor input, Tensor filter, Tensor gradOutput, String algorithm,
                         int threads, Tensor initialOutput, Operation operation) {
        this.benchCase = benchCase;
        this.input = input;
        this.filter = filter;
        this.gradOutput = gradOutput;
        this.algorithm = algorithm;
        this.threads = threads;
        this.output = initialOutput;
        this.operation = operation;
    }

    /** Random data for {@code c} and a plan from {@code planner}. */
    public static PreparedCase prepare(BenchCase c, Planner planner, long seed) {
        Tensor[] data = data(c, seed);
        Tensor x = data[0];
        Tensor w = data[1];
        return switch (c.op()) {
            case CONV2D_GRAD_INPUT -> {
                Tensor dy = gradOutput(c, seed);
                GradInputPlan plan = planner.planGradInput(c.spec(), c.input(), w);
                Tensor dx = Tensor.zeros(c.input());
                yield new PreparedCase(c, x, w, dy, plan.algorithm(), planner.threads(), dx, () -> {
                    plan.run(dy, dx);
                    return dx;
                });
            }
            case CONV2D_GRAD_FILTER -> {
                Tensor dy = gradOutput(c, seed);
                GradFilterPlan plan = planner.planGradFilter(c.spec(), c.input(), c.filter());
                yield new PreparedCase(c, x, w, dy, plan.algorithm(), plan.threads(), Tensor.zeros(c.filter()),
                        () -> plan.run(x, dy));
            }
            default -> {
                ConvPlan plan = planner.plan(c.spec(), c.input(), w, null);
                Tensor y = Tensor.zeros(plan.geometry().outputShape());
                yield new PreparedCase(c, x, w, null, plan.algorithm(), plan.threads(), y, () -> {
                    plan.run(x, y);
                    return y;
                });
            }
        };
    }

    /** The case's input and filter: uniform in [-1, 1), the same for every engine given the same seed. */
    public static Tensor[] data(BenchCase c, long seed) {
        SplittableRandom random = new SplittableRandom(caseSeed(c, seed));
        return new Tensor[] {uniform(c.input(), random), uniform(c.filter(), random)};
    }

    /**
     * The output gradient {@code dy} a gradient case differentiates with: uniform in [-1, 1), of the
     * forward output's shape, from the seed and the case's name (a stream apart from {@link #data}).
     */
    public static Tensor gradOutput(BenchCase c, long seed) {
        return uniform(c.geometry().outputShape(), new SplittableRandom(caseSeed(c, seed) + 1));
    }

    private static long caseSeed(BenchCase c, long seed) {
        return seed ^ (long) c.name().hashCode() * 0x9E3779B97F4A7C15L;
    }

    /** A tensor of {@code shape} filled uniform in [-1, 1). */
    public static Tensor uniform(Shape shape, SplittableRandom random) {
        float[] v = new float[shape.checkedElementCount("benchmark tensor")];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat(-1f, 1f);
        }
        return Tensor.wrap(shape, v);
    }

    /** One operation: the timed one. */
    public void run() {
        output = operation.run();
    }

    public BenchCase benchCase() {
        return benchCase;
    }

    /** x: the forward input. */
    public Tensor input() {
        return input;
    }

    /** w: the filter. */
    public Tensor filter() {
        return filter;
    }

    /** dy for the gradient ops; null for the forward ones. */
    public Tensor gradOutput() {
        return gradOutput;
    }

    /** The plan's algorithm; for the input gradient, that of the forward convolution which computes it. */
    public String algorithm() {
        return algorithm;
    }

    public int threads() {
        return threads;
    }

    /** The last run's result (y, dx or dW); zeros before the first run. */
    public Tensor output() {
        return output;
    }

    /** The last run's result against the reference at sampled elements. */
    public SpotCheck.Result check(long seed) {
        return check(benchCase, input, filter, gradOutput, output, seed);
    }

    /**
     * Checks {@code result}, claimed to be {@code c}'s op on x, w (and, for the gradients, dy),
     * against the reference at sampled elements: {@link SpotCheck} for the forward ops,
     * {@link GradientSpotCheck} for the gradients. Any engine's result can be checked this way.
     */
    public static SpotCheck.Result check(BenchCase c, Tensor x, Tensor w, Tensor dy, Tensor result, long seed) {
        return switch (c.op()) {
            case CONV2D_GRAD_INPUT -> GradientSpotCheck.input(c.spec(), c.input(), w, Objects.requireNonNull(dy, "dy"),
                    result, seed);
            case CONV2D_GRAD_FILTER -> GradientSpotCheck.filter(c.spec(), x, c.filter(), Objects.requireNonNull(dy, "dy"),
                    result, seed);
            default -> SpotCheck.check(c.spec(), x, w, null, result, seed);
        };
    }
}
