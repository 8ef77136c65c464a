package dev.conv4j.kernel.blocked;

import static dev.conv4j.kernel.KernelCheck.LANES;
import static dev.conv4j.kernel.KernelCheck.edgeSizes;
import static dev.conv4j.kernel.KernelCheck.check;
import static dev.conv4j.kernel.KernelCheck.assertTwinsAgree;
import static dev.conv4j.kernel.KernelCheck.assertThreadCountsAgree;
import static dev.conv4j.kernel.KernelCheck.combinations;
import static dev.conv4j.kernel.KernelCheck.explicit;
import static dev.conv4j.kernel.KernelCheck.spec;
import static dev.conv4j.kernel.KernelCheck.twins;
import static dev.conv4j.kernel.KernelCheck.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.KernelCheck.Problem;
import dev.conv4j.kernel.KernelCheck.Variant;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.Planner;
import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Winograd's F(2×2, 3×3) and F(4×4, 3×3) ({@code winograd-f2x3}, {@code winograd-f4x3}), with its SIMD kernels and their scalar twins,
 * against the float64 reference by the accuracy rule: channel counts around the vector width,
 * sizes that leave part-filled tiles and several units per tile row, every padding, layouts and
 * boundaries, random problems; plus the twins and thread counts against each other, bit for bit.
 */
class WinogradConvTest {
    /** From the fewest Winograd takes, around two vectors, and four. */
    private static final int[] CHANNELS = edgeSizes(WinogradConv.MIN_CHANNELS, WinogradConv.MIN_CHANNELS,
            WinogradConv.MIN_CHANNELS + 1, 2 * LANES - 1, 2 * LANES + 1, 4 * LANES);

    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (WinogradTile tile : WinogradTile.values()) {
            variants.addAll(twins("winograd-" + tile.label() + "/simd", () -> WinogradConv.simd(tile),
                    "winograd-" + tile.label() + "/scalar", () -> WinogradConv.scalar(tile)));
        }
        return variants;
    }

    static Stream<Arguments> channelCounts() {
        return combinations(variants(), values(CHANNELS), values(CHANNELS));
    }

    @ParameterizedTest(name = "{0} in={1} out={2}")
    @MethodSource("channelCounts")
    void channelCountsAroundTheVectorWidth(Variant variant, int in, int out) {
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        check(variant, same, new int[] {2, 5, 7, in}, new int[] {3, 3, in, out}, true, 2, in * 100L + out);
    }

    /** Heights and widths: one output, odd sizes (part-filled tiles), and rows of many units. */
    static Stream<Arguments> sizes() {
        return combinations(variants(), values(3, 4, 5, 8, 13, 58), values(3, 4, 6, 9, 31, 61, 300));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("sizes")
    void sizesThatLeavePartTilesAndSeveralUnitsPerRow(Variant variant, int height, int width) {
        int channels = width == 300 ? 16 : 40;
        ConvSpec valid = spec(2).padding(Padding.VALID).build();
        check(variant, valid, new int[] {1, height, width, channels}, new int[] {3, 3, channels, 24}, false, 2,
                height * 1000L + width);
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        check(variant, same, new int[] {1, height, width, channels}, new int[] {3, 3, channels, 24}, true, 2,
                height * 1000L + width + 1);
    }

    /**
     * Pads of 3 and more leave outputs that read only padding (the bias alone): F(2×2) gives it
     * exactly, F(4×4) adds the rounding error of the real inputs in the same patch, which breaks
     * the accuracy rule there (WinogradAccuracyTest), so it runs the smaller pads only.
     */
    static Stream<Arguments> paddings() {
        List<Arguments> cases = new ArrayList<>();
        int[][][] pads = {{{0, 0}, {0, 0}}, {{1, 1}, {1, 1}}, {{2, 0}, {0, 2}}, {{0, 3}, {3, 1}}, {{5, 4}, {4, 5}}};
        for (Variant v : variants()) {
            for (int[][] p : pads) {
                boolean padOnlyOutputs = Math.max(Math.max(p[0][0], p[0][1]), Math.max(p[1][0], p[1][1])) >= 3;
                if (v.name().contains("f2x3") || !padOnlyOutputs) {
                    cases.add(Arguments.of(v, p[0], p[1]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} before={1} after={2}")
    @MethodSource("paddings")
    void explicitPaddingsUpToPatchesOfZeros(Variant variant, int[] before, int[] after) {
        ConvSpec spec = spec(2).padding(explicit(before, after)).build();
        check(variant, spec, new int[] {2, 6, 9, 20}, new int[] {3, 3, 20, 18}, true, 3, before[0] * 10L + after[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void layoutsBoundariesAndFlippedKernels(Variant variant) {
        ConvSpec first = spec(2).padding(Padding.SAME).dataFormat(DataFormat.CHANNELS_FIRST)
                .filterFormat(FilterFormat.OIHW).build();
        check(variant, first, new int[] {2, 24, 7, 10}, new int[] {32, 24, 3, 3}, true, 2, 1);
        for (Boundary boundary : Boundary.values()) {
            ConvSpec padded = spec(2).padding(Padding.SAME).boundary(boundary).build();
            check(variant, padded, new int[] {1, 9, 8, 17}, new int[] {3, 3, 17, 19}, false, 2, boundary.ordinal());
        }
        ConvSpec flipped = spec(2).padding(Padding.SAME).flipKernel(true).build();
        check(variant, flipped, new int[] {1, 7, 7, 16}, new int[] {3, 3, 16, 16}, true, 1, 5);
    }

    /** 3D: the depth axis summed directly, with any kernel, stride, dilation and padding along it. */
    static Stream<Arguments> depths() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : variants()) {
            // depth kernel, stride, dilation, pad before, pad after, input depth
            for (int[] d : new int[][] {{3, 1, 1, 1, 1, 6}, {1, 1, 1, 0, 0, 3}, {2, 1, 1, 0, 1, 5}, {3, 2, 1, 1, 1, 7},
                {3, 1, 2, 2, 2, 5}, {1, 1, 1, 2, 1, 2}, {5, 1, 1, 0, 0, 5}}) {
                cases.add(Arguments.of(v, d));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} depth {1}")
    @MethodSource("depths")
    void threeDimensionsSumTheirDepthTapsDirectly(Variant variant, int[] d) {
        ConvSpec spec = spec(3).strides(d[1], 1, 1).dilations(d[2], 1, 1)
                .padding(explicit(new int[] {d[3], 1, 0}, new int[] {d[4], 1, 2})).build();
        check(variant, spec, new int[] {2, d[5], 7, 9, 17}, new int[] {d[0], 3, 3, 17, 33}, true, 2,
                d[0] * 100L + d[5]);
    }

    /** 1D: F(m, 3) along the only axis, every padding rule, odd lengths and rows of many units. */
    static Stream<Arguments> signals() {
        return combinations(variants(), values(1, 2, 3, 4, 7, 64, 301, 1000));
    }

    @ParameterizedTest(name = "{0} length {1}")
    @MethodSource("signals")
    void oneDimensionUsesFmThree(Variant variant, int length) {
        for (Padding padding : new Padding[] {Padding.SAME, Padding.CAUSAL, explicit(new int[] {2}, new int[] {0})}) {
            ConvSpec spec = spec(1).padding(padding).build();
            check(variant, spec, new int[] {2, length, 20}, new int[] {3, 20, 33}, true, 2, length);
        }
        if (length >= 3) {
            check(variant, spec(1).padding(Padding.VALID).dataFormat(DataFormat.CHANNELS_FIRST).build(),
                    new int[] {3, 17, length}, new int[] {3, 17, 16}, false, 3, length + 1);
        }
    }

    /** Random sizes, channels and paddings, with inputs far from [-1, 1) too. */
    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant variant, int seed) {
        Random random = new Random(seed);
        int in = 16 + random.nextInt(60);
        int out = 16 + random.nextInt(60);
        int height = 1 + random.nextInt(20);
        int width = 1 + random.nextInt(40);
        int[] before = {random.nextInt(3), random.nextInt(3)};
        int[] after = {random.nextInt(3), random.nextInt(3)};
        height = Math.max(height, 3 - before[0] - after[0]);
        width = Math.max(width, 3 - before[1] - after[1]);
        ConvSpec spec = spec(2).padding(explicit(before, after)).build();
        check(variant, spec, new int[] {1 + random.nextInt(3), height, width, in}, new int[] {3, 3, in, out},
                random.nextBoolean(), 1 + random.nextInt(3), seed);
    }

    static Stream<Arguments> randomCases() {
        return combinations(variants(), values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    }

    /**
     * Magnitudes from 1e-3 to 1e3, element by element: F(2×2) only (F(4×4) reaches 1.6 times the
     * rule here, an output's error following the largest inputs of its whole 6×6 patch).
     */
    @Test
    void largeValuesStayWithinTheAccuracyRule() {
        Random random = new Random(99);
        float[] x = new float[1 * 12 * 12 * 32];
        for (int i = 0; i < x.length; i++) {
            // magnitudes from 1e-3 to 1e3 and mixed signs: sums that cancel
            x[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextInt(7) - 3) * random.nextDouble());
        }
        float[] w = new float[3 * 3 * 32 * 32];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextInt(5) - 2) * random.nextDouble());
        }
        ConvSpec spec = spec(2).padding(Padding.SAME).build();
        Tensor input = Tensor.wrap(Shape.of(1, 12, 12, 32), x);
        Tensor filter = Tensor.wrap(Shape.of(3, 3, 32, 32), w);
        for (Variant v : variants().stream().filter(variant -> variant.name().contains("f2x3")).toList()) {
            Tensor y = Planner.of(List.of(v.algorithm().get())).plan(spec, input.shape(), filter, null).run(input);
            Accuracy.assertAccurate(v + " wide magnitudes", y, ReferenceConv.forward(spec, input, filter, null));
        }
    }

    /**
     * 2D, 1D and 3D problems with several units per tile row, units that run across tile rows,
     * images and depth positions and end part-way through them, and part tiles.
     */
    static List<Problem> splitProblems() {
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        ConvSpec valid3d = spec(3).padding(explicit(new int[] {0, 1, 1}, new int[] {0, 1, 1})).build();
        return List.of(
                new Problem("1D 40 sentences of 61, units across sentences", same1d(), new int[] {40, 61, 24},
                        new int[] {3, 24, 40}),
                new Problem("2D 3 images of 9x11, units across rows and images", same, new int[] {3, 9, 11, 17},
                        new int[] {3, 3, 17, 20}),
                new Problem("3D unpadded depth, units across depth positions", valid3d, new int[] {2, 5, 6, 7, 17},
                        new int[] {3, 3, 3, 17, 20}),
                new Problem("2D 19x61", same, new int[] {2, 19, 61, 20}, new int[] {3, 3, 20, 40}),
                new Problem("2D 9x13 odd channels", same, new int[] {2, 9, 13, 17}, new int[] {3, 3, 17, 33}),
                new Problem("2D 20x31 64 channels", same, new int[] {1, 20, 31, 64}, new int[] {3, 3, 64, 64}),
                new Problem("2D 5x300 several units per row", same, new int[] {1, 5, 300, 16}, new int[] {3, 3, 16, 16}),
                new Problem("1D 333", same1d(), new int[] {3, 333, 24}, new int[] {3, 24, 40}),
                new Problem("1D 101", same1d(), new int[] {2, 101, 35}, new int[] {3, 35, 50}));
    }

    /**
     * A 1D batch of many short sentences: units run across sentences (fewer units than sentences),
     * and computed one at a time, last first, they write every output once, the same bits as all
     * at once.
     */
    @Test
    void unitsRunAcrossSentencesAndEachOutputBelongsToOne() {
        int batch = 40;
        int length = 61;
        CanonicalConv p = new CanonicalConv(batch, 24, 40, 1, new int[] {length}, new int[] {3}, new int[] {1},
                new int[] {1}, new int[] {1}, new int[] {length}, false);
        Random random = new Random(3);
        float[] x = new float[batch * length * 24];
        float[] w = new float[3 * 24 * 40];
        for (float[] a : new float[][] {x, w}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextFloat() * 2 - 1;
            }
        }
        for (Variant v : variants()) {
            ConvKernel kernel = v.algorithm().get().prepare(p, w, null);
            assertTrue(kernel.workUnits() > 1 && kernel.workUnits() < batch,
                    v + ": " + kernel.workUnits() + " units for " + batch + " sentences");
            float[] whole = new float[batch * length * 40];
            kernel.compute(x, whole, 0, kernel.workUnits());
            float[] byUnit = new float[whole.length];
            Arrays.fill(byUnit, Float.NaN);
            for (int unit = kernel.workUnits() - 1; unit >= 0; unit--) {
                kernel.compute(x, byUnit, unit, unit + 1);
            }
            assertArrayEquals(whole, byUnit, v + " unit by unit");
        }
    }

    @Test
    void threadCountDoesNotChangeABit() {
        for (Variant v : variants()) {
            for (Problem p : splitProblems()) {
                assertThreadCountsAgree(v, p);
            }
        }
    }

    @Test
    void scalarTwinMatchesSimdBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        for (WinogradTile tile : WinogradTile.values()) {
            for (Problem p : splitProblems()) {
                assertTwinsAgree("winograd-" + tile.label(), () -> WinogradConv.simd(tile),
                        () -> WinogradConv.scalar(tile), p);
            }
        }
    }

    @Test
    void namesSayWhichKernelsRun() {
        assertEquals("winograd-f2x3/scalar", WinogradConv.scalar(WinogradTile.F2X3).name());
        assertEquals("winograd-f4x3/scalar", WinogradConv.scalar(WinogradTile.F4X3).name());
        assertEquals("winograd-f4x3/" + (Vectorization.enabled() ? "simd" : "scalar"),
                new WinogradConv(WinogradTile.F4X3).name());
        if (Vectorization.enabled()) {
            assertEquals("winograd-f4x3/scalar",
                    WinogradConv.simd(WinogradTile.F4X3).scalarTwin().orElseThrow().name(),
                    "the cold-start twin keeps the tile size");
        }
    }

    @Test
    void rejectsWhatItCannotComputeWithTheReason() {
        for (WinogradTile tile : WinogradTile.values()) {
            rejectsWhatItCannotComputeWithTheReason(new WinogradConv(tile));
        }
    }

    private static void rejectsWhatItCannotComputeWithTheReason(WinogradConv winograd) {
        assertTrue(winograd.rejection(problem(new int[] {3, 3}, 1, 1, 16, 16, 1)).isEmpty());
        assertTrue(winograd.rejection(problem(new int[] {5, 3, 3}, 1, 1, 16, 16, 1)).isEmpty());
        assertTrue(winograd.rejection(problem(new int[] {3}, 1, 1, 16, 16, 1)).isEmpty());
        assertEquals("needs a kernel of 3 (1D) or ending in 3x3 (2D, 3D), got [5, 5]",
                winograd.rejection(problem(new int[] {5, 5}, 1, 1, 16, 16, 1)).orElseThrow());
        assertEquals("needs a kernel of 3 (1D) or ending in 3x3 (2D, 3D), got [5]",
                winograd.rejection(problem(new int[] {5}, 1, 1, 16, 16, 1)).orElseThrow());
        assertEquals("needs a kernel of 3 (1D) or ending in 3x3 (2D, 3D), got [3, 3, 1]",
                winograd.rejection(problem(new int[] {3, 3, 1}, 1, 1, 16, 16, 1)).orElseThrow());
        assertEquals("needs stride and dilation 1 along the transformed axes, got strides [2, 2] dilations [1, 1]",
                winograd.rejection(problem(new int[] {3, 3}, 2, 1, 16, 16, 1)).orElseThrow());
        assertEquals("needs stride and dilation 1 along the transformed axes, got strides [1, 1] dilations [2, 2]",
                winograd.rejection(problem(new int[] {3, 3}, 1, 2, 16, 16, 1)).orElseThrow());
        assertEquals("needs stride and dilation 1 along the transformed axes, got strides [2] dilations [1]",
                winograd.rejection(problem(new int[] {3}, 2, 1, 16, 16, 1)).orElseThrow());
        assertEquals("needs one group, got 2", winograd.rejection(problem(new int[] {3, 3}, 1, 1, 32, 32, 2)).orElseThrow());
        assertEquals("needs >= 16 input and output channels, got 8 and 64",
                winograd.rejection(problem(new int[] {3, 3}, 1, 1, 8, 64, 1)).orElseThrow());
    }

    @Test
    void thePlannerTakesFTwoForVggLayersAndNotForOthers() {
        Planner planner = Planner.standard();
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        assertEquals(new WinogradConv(WinogradTile.F2X3).name(), planner.plan(same, Shape.of(1, 28, 28, 64),
                Tensor.zeros(Shape.of(3, 3, 64, 64)), null).algorithm());
        assertEquals(new BlockedDirectConv().name(), planner.plan(spec(2).padding(Padding.SAME).strides(2).build(),
                Shape.of(1, 28, 28, 64), Tensor.zeros(Shape.of(3, 3, 64, 64)), null).algorithm());
        assertEquals(new WinogradConv(WinogradTile.F2X3).name(), planner.plan(spec(3).padding(Padding.SAME).build(),
                Shape.of(1, 4, 14, 14, 32), Tensor.zeros(Shape.of(3, 3, 3, 32, 64)), null).algorithm());
        assertEquals(new WinogradConv(WinogradTile.F2X3).name(), planner.plan(spec(1).padding(Padding.VALID).build(),
                Shape.of(8, 64, 300), Tensor.zeros(Shape.of(3, 300, 100)), null).algorithm());
        WinogradConv fFour = new WinogradConv(WinogradTile.F4X3);
        assertEquals(fFour.name(), planner.algorithm(fFour.name()).plan(same, Shape.of(1, 28, 28, 64),
                Tensor.zeros(Shape.of(3, 3, 64, 64)), null).algorithm(), "F(4x4) only when asked for by name");
    }

    private static ConvSpec same1d() {
        return spec(1).padding(Padding.SAME).build();
    }

    private static CanonicalConv problem(int[] kernel, int stride, int dilation, int in, int out, int groups) {
        int rank = kernel.length;
        int[] sizes = new int[rank];
        int[] ones = new int[rank];
        int[] strides = new int[rank];
        int[] dilations = new int[rank];
        int[] zeros = new int[rank];
        int[] outSizes = new int[rank];
        for (int a = 0; a < rank; a++) {
            sizes[a] = 20;
            ones[a] = 1;
            strides[a] = stride;
            dilations[a] = dilation;
            outSizes[a] = (20 - (kernel[a] - 1) * dilation - 1) / stride + 1;
        }
        return new CanonicalConv(1, in, out, groups, sizes, kernel, strides, dilations, zeros, outSizes, false);
    }
}
