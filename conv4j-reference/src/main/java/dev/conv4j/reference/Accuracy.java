package dev.conv4j.reference;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

/**
 * When a float32 result counts as correct. Each check compares every element and, on failure,
 * names the first failing element by its multi-index, its actual and expected value, the bound
 * it broke, and how many elements failed.
 */
public final class Accuracy {
    /** {@code semantics.md}: the error allowed per unit of {@code Σ|x·w|}. */
    public static final double RELATIVE = 1e-5;
    /** {@code semantics.md}: the error allowed on top, for outputs near zero. */
    public static final double ABSOLUTE = 1e-6;

    private Accuracy() {
    }

    /** The largest error {@code semantics.md} allows an output whose products sum to {@code absSum} in magnitude. */
    public static double bound(double absSum) {
        return RELATIVE * absSum + ABSOLUTE;
    }

    /**
     * The project's accuracy rule: every {@code y} of {@code actual} satisfies
     * {@code |y - y_ref| <= 1e-5 * Σ|x·w| + 1e-6} against the float64 reference.
     *
     * @param context what was computed, e.g. a problem string, for the failure message
     */
    public static void assertAccurate(String context, Tensor actual, ReferenceConv.Result reference) {
        double[] expected = reference.values();
        double[] absSum = reference.absSum();
        assertEveryElement(context, "|y - y_ref| <= 1e-5*sum|x*w| + 1e-6", reference.shape(), actual,
                i -> Math.abs(actual.data()[i] - expected[i]) <= bound(absSum[i]),
                i -> describe(actual.data()[i], expected[i], bound(absSum[i])));
    }

    /**
     * A peer's own tolerance, as {@code numpy.allclose} reads it:
     * {@code |actual - expected| <= atol + rtol * |expected|}.
     */
    public static void assertWithinTolerance(String context, Tensor actual, Tensor expected, double rtol, double atol) {
        float[] want = expected.data();
        IntToDoubleFunction tolerance = i -> atol + rtol * Math.abs(want[i]);
        assertEveryElement(context, "|y - expected| <= " + atol + " + " + rtol + "*|expected|", expected.shape(), actual,
                i -> Math.abs((double) actual.data()[i] - want[i]) <= tolerance.applyAsDouble(i),
                i -> describe(actual.data()[i], want[i], tolerance.applyAsDouble(i)));
    }

    /**
     * Bit-for-bit equality, for results that must not depend on how the work was split (the
     * thread count): {@code -0.0} differs from {@code 0.0} and NaNs must carry the same bits.
     */
    public static void assertIdentical(String context, Tensor actual, Tensor expected) {
        float[] want = expected.data();
        assertEveryElement(context, "bit-identical", expected.shape(), actual,
                i -> Float.floatToRawIntBits(actual.data()[i]) == Float.floatToRawIntBits(want[i]),
                i -> "actual " + actual.data()[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(actual.data()[i]))
                        + "), expected " + want[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(want[i])) + ")");
    }

    private static String describe(double actual, double expected, double bound) {
        return "actual " + actual + ", expected " + expected + ", |diff| " + Math.abs(actual - expected)
                + " > bound " + bound;
    }

    /**
     * Fails unless {@code actual} has {@code expectedShape} and every element passes. The failed
     * comparison is written {@code !passes} so that a NaN, which compares false, fails.
     */
    private static void assertEveryElement(String context, String rule, Shape expectedShape, Tensor actual,
                                           IntPredicate passes, IntFunction<String> describeFailure) {
        if (!actual.shape().equals(expectedShape)) {
            throw new AssertionError(context + ": output shape " + actual.shape() + ", expected " + expectedShape);
        }
        int failures = 0;
        int first = -1;
        for (int i = 0; i < actual.data().length; i++) {
            if (!passes.test(i)) {
                failures++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (failures > 0) {
            throw new AssertionError(context + ": " + failures + " of " + actual.data().length
                    + " elements of output " + expectedShape + " break " + rule + "; the first at "
                    + MultiIndex.format(MultiIndex.unravel(first, expectedShape)) + ": " + describeFailure.apply(first));
        }
    }
}
