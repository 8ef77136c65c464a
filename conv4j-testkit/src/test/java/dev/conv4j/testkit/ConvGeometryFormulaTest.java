package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The reference takes its output shape and pads from {@link ConvGeometry}; this checks those
 * against {@code semantics.md}'s formulas, recomputed here from the spec and the raw shapes.
 */
class ConvGeometryFormulaTest {

    /**
     * {@code semantics.md}, "Output size, per spatial axis", for input {@code n}, kernel {@code k},
     * stride {@code s}, dilation {@code d}; {@code out <= 0} means the output would be empty.
     */
    private record Formula(long out, long before, long after) {
        static Formula of(Padding padding, int axis, int n, int k, int s, int d) {
            long e = (long) (k - 1) * d + 1;
            if (padding == Padding.VALID) {
                return new Formula(n < e ? 0 : Math.floorDiv(n - e, s) + 1, 0, 0);
            }
            if (padding == Padding.SAME) {
                long out = (n + s - 1) / s; // ceil(n / s)
                long total = Math.max((out - 1) * s + e - n, 0);
                return new Formula(out, total / 2, total - total / 2);
            }
            long before;
            long after;
            if (padding == Padding.CAUSAL) {
                before = e - 1;
                after = 0;
            } else {
                Padding.Explicit explicit = (Padding.Explicit) padding;
                int j = explicit.before().length == 1 ? 0 : axis;
                before = explicit.before()[j];
                after = explicit.after()[j];
            }
            long padded = n + before + after;
            return new Formula(padded < e ? 0 : Math.floorDiv(padded - e, s) + 1, before, after);
        }
    }

    @Property(tries = 500)
    void geometryOfRandomProblemsFollowsTheFormulas(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ConvSpec spec = c.spec();
        ConvGeometry geometry = c.geometry();
        int rank = spec.spatialRank();
        boolean channelsLast = spec.dataFormat() == DataFormat.CHANNELS_LAST;
        boolean hwio = spec.filterFormat() == FilterFormat.HWIO;
        Shape input = c.input().shape();
        Shape filter = c.filter().shape();
        int[] expectedOutput = new int[rank + 2];
        expectedOutput[0] = input.dim(0);
        int filterOut = filter.dim(hwio ? rank + 1 : 0);
        int outChannels = spec.depthwise() && hwio ? filter.dim(rank) * filterOut : filterOut;
        expectedOutput[channelsLast ? rank + 1 : 1] = outChannels;
        for (int i = 0; i < rank; i++) {
            int n = input.dim(channelsLast ? 1 + i : 2 + i);
            int k = filter.dim(hwio ? i : 2 + i);
            Formula formula = Formula.of(spec.padding(), i, n, k, spec.stride(i), spec.dilation(i));
            AxisGeometry axis = geometry.axis(i);
            assertEquals(formula.out(), axis.output(), "output size of axis " + i + ": " + axis.formula());
            assertEquals(formula.before(), axis.padBefore(), "pad before on axis " + i + ": " + axis.formula());
            assertEquals(formula.after(), axis.padAfter(), "pad after on axis " + i + ": " + axis.formula());
            expectedOutput[channelsLast ? 1 + i : 2 + i] = (int) formula.out();
        }
        assertEquals(Shape.of(expectedOutput), geometry.outputShape());
    }

    /** One axis over every padding rule, including sizes whose output would be empty: those are errors naming the axis. */
    @Property(tries = 1000)
    void oneAxisFollowsTheFormulasOrNamesTheAxis(@ForAll @IntRange(min = 1, max = 40) int n,
                                                 @ForAll @IntRange(min = 1, max = 7) int k,
                                                 @ForAll @IntRange(min = 1, max = 4) int s,
                                                 @ForAll @IntRange(min = 1, max = 4) int d,
                                                 @ForAll("paddings") Padding padding) {
        ConvSpec spec = ConvSpec.builder(1).strides(s).dilations(d).padding(padding).build();
        Shape input = Shape.of(1, n, 1);
        Shape filter = Shape.of(k, 1, 1);
        Formula formula = Formula.of(padding, 0, n, k, s, d);
        if (formula.out() <= 0) {
            ConvShapeException e = assertThrows(ConvShapeException.class, () -> spec.geometry(input, filter));
            assertTrue(e.getMessage().contains("width"), e.getMessage());
            return;
        }
        AxisGeometry axis = spec.geometry(input, filter).axis(0);
        assertEquals(formula, new Formula(axis.output(), axis.padBefore(), axis.padAfter()), axis.formula());
    }

    @Provide
    Arbitrary<Padding> paddings() {
        Arbitrary<Padding> explicit = Arbitraries.integers().between(0, 4).list().ofSize(2)
                .map(pads -> Padding.explicit(pads.get(0), pads.get(1)));
        return Arbitraries.oneOf(Arbitraries.of(Padding.VALID, Padding.SAME, Padding.CAUSAL), explicit);
    }
}
