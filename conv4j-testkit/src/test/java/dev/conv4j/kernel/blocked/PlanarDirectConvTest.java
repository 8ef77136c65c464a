package dev.conv4j.kernel.blocked;

import static dev.conv4j.kernel.KernelCheck.LANES;
import static dev.conv4j.kernel.KernelCheck.assertThreadCountsAgree;
import static dev.conv4j.kernel.KernelCheck.assertTwinsAgree;
import static dev.conv4j.kernel.KernelCheck.canonical;
import static dev.conv4j.kernel.KernelCheck.check;
import static dev.conv4j.kernel.KernelCheck.combinations;
import static dev.conv4j.kernel.KernelCheck.draw;
import static dev.conv4j.kernel.KernelCheck.edgeSizes;
import static dev.conv4j.kernel.KernelCheck.explicit;
import static dev.conv4j.kernel.KernelCheck.range;
import static dev.conv4j.kernel.KernelCheck.spec;
import static dev.conv4j.kernel.KernelCheck.twins;
import static dev.conv4j.kernel.KernelCheck.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.KernelCheck.Drawn;
import dev.conv4j.kernel.KernelCheck.Problem;
import dev.conv4j.kernel.KernelCheck.Variant;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code planar-direct}, with its SIMD micro-kernel and its scalar twin, against the float64
 * reference: output channels around the tile shapes' blocks (whole blocks of two and four vectors,
 * the last one part zeros), strides, dilations and paddings that cut the planes' phases and runs
 * differently, rows that leave part tiles; plus the twins and thread counts against each other,
 * bit for bit.
 */
class PlanarDirectConvTest {
    private static final int[] CHANNELS_IN = {1, 2, 3, 4, 8};
    /** One vector and around two (the two-vector block), four (the wide block) and eight. */
    private static final int[] CHANNELS_OUT = edgeSizes(8, 8, LANES, 2 * LANES - 1, 2 * LANES, 2 * LANES + 1, 3 * LANES,
            4 * LANES, 4 * LANES + 1, 8 * LANES);

    static List<Variant> variants() {
        return twins("planar-direct/simd", PlanarDirectConv::simd, "planar-direct/scalar", PlanarDirectConv::scalar);
    }

    static Stream<Arguments> channelCounts() {
        return combinations(variants(), values(CHANNELS_IN), values(CHANNELS_OUT));
    }

    @ParameterizedTest(name = "{0} in={1} out={2}")
    @MethodSource("channelCounts")
    void channelCountsAroundTheBlocks(Variant variant, int in, int out) {
        ConvSpec spec = spec(2).padding(Padding.SAME).strides(2).build();
        check(variant, spec, new int[] {2, 9, 31, in}, new int[] {5, 5, in, out}, true, 2, in * 100L + out);
    }

    static List<Problem> geometries() {
        return List.of(
                new Problem("2D s6-like: 7x7 stride 2, pads 2+3", spec(2).strides(2)
                        .padding(explicit(new int[] {2, 2}, new int[] {3, 3})).build(),
                        new int[] {1, 37, 41, 3}, new int[] {7, 7, 3, 4 * LANES}),
                new Problem("2D s8-like: 5x5 VALID, batch 3", spec(2).padding(Padding.VALID).build(),
                        new int[] {3, 18, 32, 3}, new int[] {5, 5, 3, 2 * LANES}),
                new Problem("2D stride 3, odd width, part tiles", spec(2).padding(Padding.SAME).strides(3).build(),
                        new int[] {2, 11, 47, 3}, new int[] {4, 5, 3, 24}),
                new Problem("2D dilation 2 stride 1 (a run per tap)", spec(2).padding(Padding.SAME).dilations(2).build(),
                        new int[] {1, 9, 23, 4}, new int[] {3, 3, 4, 40}),
                new Problem("2D dilation 2 stride 2 (one phase)", spec(2).padding(Padding.SAME).strides(2).dilations(2).build(),
                        new int[] {1, 13, 29, 1}, new int[] {3, 3, 1, 16}),
                new Problem("2D dilation 3 stride 2", spec(2).padding(explicit(new int[] {1, 4}, new int[] {2, 0}))
                        .strides(1, 2).dilations(1, 3).build(), new int[] {2, 7, 33, 2}, new int[] {2, 4, 2, 33}),
                new Problem("2D pads wider than the input", spec(2).padding(explicit(new int[] {5, 7}, new int[] {6, 8})).build(),
                        new int[] {1, 3, 2, 3}, new int[] {3, 3, 3, 16}),
                new Problem("2D kernel larger than the input, SAME", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 2, 3, 4}, new int[] {5, 5, 4, 8}),
                new Problem("1D CAUSAL dilation 3, one row", spec(1).padding(Padding.CAUSAL).dilations(3).build(),
                        new int[] {1, 200, 3}, new int[] {3, 3, 17}),
                new Problem("1D VALID single output position", spec(1).padding(Padding.VALID).build(),
                        new int[] {2, 5, 3}, new int[] {5, 3, 9}),
                new Problem("3D SAME stride 2", spec(3).padding(Padding.SAME).strides(2).build(),
                        new int[] {2, 5, 6, 13, 3}, new int[] {3, 3, 3, 3, 20}),
                new Problem("3D VALID strides and dilations", spec(3).padding(Padding.VALID).strides(2, 1, 3).dilations(1, 2, 2).build(),
                        new int[] {1, 6, 7, 19, 2}, new int[] {2, 3, 2, 2, 2 * LANES}));
    }

    static Stream<Arguments> geometryCases() {
        return combinations(variants(), geometries());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("geometryCases")
    void geometryMatchesTheReference(Variant variant, Problem p) {
        check(variant, p, true, 2, p.name().hashCode());
        check(variant, p, false, 1, p.name().hashCode() + 1);
    }

    static Stream<Arguments> randomCases() {
        return combinations(variants(), range(0, 100));
    }

    /** Every spec option drawn (rank, layouts, boundaries, flips, strides, dilations, paddings, batch, threads). */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant variant, int seed) {
        Random random = new Random(seed);
        Drawn p = draw(random, false, 1 + random.nextInt(8), 8 + random.nextInt(5 * LANES), 1, 24);
        check(variant, p.spec(), p.input(), p.filter(), p.bias(), p.threads(), seed);
    }

    @Test
    void scalarTwinMatchesSimdBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        for (Problem p : geometries()) {
            assertTwinsAgree("planar-direct", PlanarDirectConv::simd, PlanarDirectConv::scalar, p);
        }
    }

    static Stream<Arguments> splitCases() {
        return combinations(variants(), List.of(
                new Problem("2D stride 2, rows reusing planes", spec(2).padding(Padding.SAME).strides(2).build(),
                        new int[] {2, 15, 31, 3}, new int[] {7, 7, 3, 4 * LANES}),
                new Problem("1D one row, tile chunks", spec(1).padding(Padding.SAME).build(),
                        new int[] {1, 300, 3}, new int[] {5, 3, 2 * LANES + 3}),
                new Problem("3D dilated", spec(3).padding(Padding.SAME).dilations(2).build(),
                        new int[] {2, 5, 6, 13, 4}, new int[] {3, 3, 3, 4, 17})));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("splitCases")
    void threadCountDoesNotChangeABit(Variant variant, Problem p) {
        assertThreadCountsAgree(variant, p);
    }

    @Test
    void aNonFiniteInputReachesTheOutputsThatReadIt() {
        ConvSpec spec = spec(2).padding(Padding.SAME).strides(2).build();
        Tensor x = Tensor.zeros(Shape.of(1, 9, 9, 3));
        Arrays.fill(x.data(), 0.5f);
        x.data()[(4 * 9 + 4) * 3 + 1] = Float.NaN;
        x.data()[(0 * 9 + 8) * 3 + 2] = Float.POSITIVE_INFINITY;
        Tensor w = Tensor.zeros(Shape.of(3, 3, 3, 16));
        Arrays.fill(w.data(), 0.25f);
        for (Variant variant : variants()) {
            Tensor y = Planner.of(List.of(variant.algorithm().get())).threads(2).plan(spec, x.shape(), w, null).run(x);
            // output (h, w) reads input rows 2h-1..2h+1 and columns 2w-1..2w+1 (SAME, stride 2 over 9: pad 1 before)
            for (int h = 0; h < 5; h++) {
                for (int c = 0; c < 5; c++) {
                    boolean readsNaN = Math.abs(2 * h - 4) <= 1 && Math.abs(2 * c - 4) <= 1;
                    boolean readsInf = Math.abs(2 * h - 0) <= 1 && Math.abs(2 * c - 8) <= 1;
                    float v = y.data()[(h * 5 + c) * 16 + 7];
                    String at = variant + " output (" + h + ", " + c + ")";
                    assertEquals(readsNaN, Float.isNaN(v), at);
                    assertEquals(readsInf, v == Float.POSITIVE_INFINITY, at + " = " + v);
                }
            }
        }
    }

    @Test
    void tapsAlongTheRowGoByPhaseThenIndex() {
        assertArrayEquals(new int[] {0, 2, 4, 6, 1, 3, 5}, PlanarKernel.tapOrderAlongW(new CanonicalAxis(224, 112, 7, 2, 1, 2)));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, PlanarKernel.tapOrderAlongW(new CanonicalAxis(32, 28, 5, 1, 1, 0)));
        assertArrayEquals(new int[] {0, 2, 1}, PlanarKernel.tapOrderAlongW(new CanonicalAxis(20, 7, 3, 2, 3, 0)));
        // a plane holds every tile's positions (one tile of six for five outputs) and the largest shift (6 / 2)
        assertEquals(6 + 3, PlanarKernel.planeLength(new CanonicalAxis(11, 5, 7, 2, 1, 0), 6));
    }

    @Test
    void rejectsGroupsAndFewOutputChannelsWithTheReason() {
        CanonicalConv grouped = new CanonicalConv(1, 4, 16, 2, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {5, 5}, false);
        assertEquals("needs one group, got 2", PlanarDirectConv.scalar().rejection(grouped).orElseThrow());
        CanonicalConv narrow = new CanonicalConv(1, 3, 4, 1, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {3, 3}, false);
        assertEquals("needs out_channels >= 8, got 4", PlanarDirectConv.scalar().rejection(narrow).orElseThrow());
    }

    private static final Problem S6 = new Problem("s6", spec(2).strides(2)
            .padding(explicit(new int[] {2, 2}, new int[] {3, 3})).build(), new int[] {1, 224, 224, 3}, new int[] {7, 7, 3, 64});
    private static final Problem S8 = new Problem("s8", spec(2).padding(Padding.VALID).build(),
            new int[] {64, 32, 32, 3}, new int[] {5, 5, 3, 32});

    /** The standard entry takes the stems (s6, s8) on a machine with 32 vector registers, and says why not the rest. */
    @Test
    void theStandardEntryTakesOnlyWhatItWasMeasuredToWin() {
        PlanarDirectConv standard = PlanarDirectConv.standard();
        if (!Vectorization.enabled()) {
            assertTrue(standard.rejection(canonical(S6)).orElseThrow().startsWith("the Vector API is off"));
            return;
        }
        if (LANES < 16) {
            assertEquals("needs 32 vector registers for its fourteen-position tiles (with fewer the JIT spills them)",
                    standard.rejection(canonical(S6)).orElseThrow());
            return;
        }
        assertTrue(standard.rejection(canonical(S6)).isEmpty());
        assertTrue(standard.rejection(canonical(S8)).isEmpty());
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        assertEquals("needs in_channels <= 4 (blocked-direct reads longer runs), got 8", standard.rejection(
                canonical(new Problem("8 in", same, new int[] {1, 32, 32, 8}, new int[] {5, 5, 8, 32}))).orElseThrow());
        assertEquals("needs out_channels a multiple of 32 (whole blocks), got 48", standard.rejection(
                canonical(new Problem("48 out", same, new int[] {1, 32, 32, 3}, new int[] {5, 5, 3, 48}))).orElseThrow());
        assertEquals("needs a kernel of at least 4 taps per stride area (each input row it lays out serves too few "
                + "taps), got 9 taps over 4", standard.rejection(canonical(new Problem("3x3 stride 2",
                spec(2).padding(Padding.SAME).strides(2).build(), new int[] {1, 32, 32, 3}, new int[] {3, 3, 3, 32})))
                .orElseThrow());
        for (Problem p : List.of(S6, S8)) {
            Tensor w = Tensor.zeros(Shape.of(p.filter()));
            assertEquals("planar-direct/simd", Planner.standard().plan(p.spec(), Shape.of(p.input()), w, null).algorithm(), p.name());
        }
    }
}
