package dev.conv4j.cli.bench;

import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A forward case ready to time with conv4j: random input and filter (uniform in [-1, 1), from
 * a seed and the case's name, so a case's data does not depend on which other cases run), a
 * plan, and an output tensor the timed runs write into ({@link ConvPlan#run(Tensor, Tensor)}: a
 * plan is built once and run many times).
 *
 * @param benchCase what is computed
 * @param input     the input tensor
 * @param filter    the filter tensor
 * @param plan      the plan, built with the given planner
 * @param output    where each run writes
 */
public record PreparedCase(BenchCase benchCase, Tensor input, Tensor filter, ConvPlan plan, Tensor output) {

    /** Random data for {@code c} and a plan from {@code planner}. */
    public static PreparedCase prepare(BenchCase c, Planner planner, long seed) {
        if (!c.implemented()) {
            throw new IllegalArgumentException("case " + c.name() + ": " + c.op() + " is " + BenchOp.NOT_IMPLEMENTED);
        }
        Tensor[] data = data(c, seed);
        ConvPlan plan = planner.plan(c.spec(), c.input(), data[1], null);
        return new PreparedCase(c, data[0], data[1], plan, Tensor.zeros(plan.geometry().outputShape()));
    }

    /** The case's input and filter: uniform in [-1, 1), the same for every engine given the same seed. */
    public static Tensor[] data(BenchCase c, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ (long) c.name().hashCode() * 0x9E3779B97F4A7C15L);
        return new Tensor[] {uniform(c.input(), random), uniform(c.filter(), random)};
    }

    /** A tensor of {@code shape} filled uniform in [-1, 1). */
    public static Tensor uniform(Shape shape, SplittableRandom random) {
        float[] v = new float[shape.checkedElementCount("benchmark tensor")];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat(-1f, 1f);
        }
        return Tensor.wrap(shape, v);
    }

    /** One convolution: the timed operation. */
    public void run() {
        plan.run(input, output);
    }

    /** The output of the last {@link #run} against the reference at sampled positions. */
    public SpotCheck.Result check(long seed) {
        return SpotCheck.check(benchCase.spec(), input, filter, null, output, seed);
    }
}
