package dev.conv4j.kernel.spatial;

import static dev.conv4j.kernel.KernelCheck.LANES;
import static dev.conv4j.kernel.KernelCheck.edgeSizes;
import static dev.conv4j.kernel.KernelCheck.check;
import static dev.conv4j.kernel.KernelCheck.assertTwinsAgree;
import static dev.conv4j.kernel.KernelCheck.assertThreadCountsAgree;
import static dev.conv4j.kernel.KernelCheck.combinations;
import static dev.conv4j.kernel.KernelCheck.explicit;
import static dev.conv4j.kernel.KernelCheck.range;
import static dev.conv4j.kernel.KernelCheck.spec;
import static dev.conv4j.kernel.KernelCheck.twins;
import static dev.conv4j.kernel.KernelCheck.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.plan.Algorithms;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.KernelCheck.Problem;
import dev.conv4j.kernel.KernelCheck.Variant;
import dev.conv4j.kernel.KernelCheck;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The depthwise kernel ({@code depthwise/simd} and its twin {@code depthwise/scalar}) against the
 * float64 reference: channel counts around the vector width with multipliers 1 to 3, row lengths
 * around its block of positions, kernel sizes, strides, dilations, every padding rule, ranks 1 to
 * 3, random problems with every spec option; plus the twins against each other and thread counts
 * against each other, bit for bit. The instances under test take any channel count (the standard
 * one declines fewer than {@value DepthwiseConv#DEFAULT_MIN_CHANNELS}).
 */
class DepthwiseConvTest {
    /** Around one, two and three vectors of channels. */
    private static final int[] CHANNELS = edgeSizes(1, 1, 3, LANES - 1, LANES, LANES + 1, 2 * LANES - 1, 2 * LANES,
            2 * LANES + 1, 3 * LANES);
    /** Around the eight positions of a three-tap block and around one and two vectors. */
    private static final int[] ROW_LENGTHS = edgeSizes(1, 1, 2, 7, 8, 9, LANES - 1, LANES, LANES + 1, 2 * LANES - 1,
            2 * LANES + 1, 100);

    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>(twins("depthwise/simd", () -> DepthwiseConv.simd(1, -1),
                "depthwise/scalar", () -> DepthwiseConv.scalar(1)));
        if (Vectorization.enabled()) {
            // stores started a few channels into each position, as on a JVM that aligns arrays
            // (ArrayAlignment): the same results whatever the shift
            for (int firstAlignedFloat : new int[] {5, LANES - 4}) {
                variants.add(new Variant("depthwise/simd stores from " + firstAlignedFloat,
                        () -> DepthwiseConv.simd(1, firstAlignedFloat)));
            }
        }
        return variants;
    }

    // ---- channels around the vector width, multipliers, row lengths ----

    static Stream<Arguments> channelCounts() {
        return combinations(variants(), values(CHANNELS), range(1, 4));
    }

    @ParameterizedTest(name = "{0} channels={1} multiplier={2}")
    @MethodSource("channelCounts")
    void channelCountsAndMultipliers(Variant variant, int channels, int multiplier) {
        ConvSpec spec = spec(2).padding(Padding.SAME).depthwise().build();
        check(variant, spec, new int[] {2, 6, 11, channels}, new int[] {3, 3, channels, multiplier}, true, 2,
                channels * 10L + multiplier);
    }

    static Stream<Arguments> rowLengths() {
        return combinations(variants(), values(ROW_LENGTHS));
    }

    @ParameterizedTest(name = "{0} width={1}")
    @MethodSource("rowLengths")
    void rowLengthsAroundTheBlock(Variant variant, int width) {
        check(variant, spec(2).padding(Padding.SAME).depthwise().build(), new int[] {1, 4, width, 17},
                new int[] {3, 3, 17, 1}, true, 2, width);
        check(variant, spec(1).padding(Padding.VALID).depthwise().build(), new int[] {2, width + 2, 32},
                new int[] {3, 32, 2}, false, 1, width + 1000L);
    }

    // ---- kernel sizes, strides, dilations, paddings ----

    static Stream<Arguments> kernels() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : variants()) {
            for (int k = 1; k <= 7; k++) {
                for (int step = 1; step <= 3; step++) {
                    for (Padding padding : new Padding[] {Padding.SAME, Padding.VALID, Padding.CAUSAL,
                        explicit(new int[] {k / 2 + 1}, new int[] {1})}) {
                        cases.add(Arguments.of(v, k, step, padding));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} k={1} stride=dilation={2} padding={3}")
    @MethodSource("kernels")
    void kernelSizesStridesDilationsAndPaddings(Variant variant, int k, int step, Padding padding) {
        check(variant, spec(1).padding(padding).dilations(step).build().toBuilder().depthwise().build(),
                new int[] {2, 45, 16}, new int[] {k, 16, 2}, true, 2, k * 10L + step);
        check(variant, spec(1).padding(padding).strides(step).depthwise().build(),
                new int[] {1, 45, 17}, new int[] {k, 17, 1}, false, 2, k * 10L + step + 5);
        if (padding != Padding.CAUSAL) {
            ConvSpec image = spec(2).padding(padding).strides(step, 1).dilations(1, step).depthwise().build();
            check(variant, image, new int[] {1, 3 * k + 4, 7 * step + 10, 33}, new int[] {k, 8 - k, 33, 1}, false, 2,
                    k * 20L + step);
        }
    }

    // ---- geometry ----

    static List<Problem> problems() {
        return List.of(
                new Problem("2D s9-like", spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 14, 14, 32}, new int[] {3, 3, 32, 1}),
                new Problem("2D stride 2 multiplier 2", spec(2).padding(Padding.SAME).strides(2).depthwise().build(),
                        new int[] {2, 13, 15, 24}, new int[] {3, 3, 24, 2}),
                new Problem("2D 5x5 dilation 2 VALID", spec(2).padding(Padding.VALID).dilations(2).depthwise().build(),
                        new int[] {1, 15, 16, 17}, new int[] {5, 5, 17, 1}),
                new Problem("2D pads wider than the input", spec(2).padding(explicit(new int[] {4, 5}, new int[] {6, 3})).depthwise().build(),
                        new int[] {1, 2, 3, 16}, new int[] {3, 3, 16, 1}),
                new Problem("2D NCHW replicate flipped", spec(2).padding(Padding.SAME).dataFormat(DataFormat.CHANNELS_FIRST)
                        .boundary(Boundary.REPLICATE).flipKernel(true).depthwise().build(),
                        new int[] {2, 20, 9, 10}, new int[] {3, 3, 20, 1}),
                new Problem("2D OIHW depthwise filter", spec(2).padding(Padding.SAME).filterFormat(FilterFormat.OIHW).depthwise().build(),
                        new int[] {1, 9, 9, 12}, new int[] {24, 1, 3, 3}),
                new Problem("2D groups = channels (not flagged depthwise)", spec(2).padding(Padding.SAME).groups(20).build(),
                        new int[] {1, 6, 10, 20}, new int[] {3, 3, 1, 40}),
                new Problem("1D long signal of many channels: segments", spec(1).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 4000, 16}, new int[] {5, 16, 1}),
                new Problem("1D long VALID signal of two vectors of channels: segments end where the next begins",
                        spec(1).padding(Padding.VALID).depthwise().build(), new int[] {2, 3000, 32}, new int[] {3, 32, 1}),
                new Problem("in place: a 3x1 kernel over two vectors of channels, rows of 4 (blocks reach past the input's end)",
                        spec(2).padding(explicit(new int[] {2, 0}, new int[] {2, 0})).dilations(2, 1).depthwise().build(),
                        new int[] {1, 10, 4, 2 * LANES}, new int[] {3, 1, 2 * LANES, 1}),
                new Problem("3D batch 2", spec(3).padding(Padding.SAME).depthwise().build(),
                        new int[] {2, 5, 6, 7, 18}, new int[] {3, 3, 3, 18, 1}),
                new Problem("3D strides dilations", spec(3).padding(Padding.SAME).strides(1, 2, 2).dilations(2, 1, 2).depthwise().build(),
                        new int[] {1, 7, 9, 11, 9}, new int[] {3, 2, 3, 9, 3}),
                new Problem("in place: 20 channels (a part vector), 5x4 explicit pads, blocks past the input's end",
                        spec(2).padding(explicit(new int[] {2, 1}, new int[] {3, 0})).depthwise().build(),
                        new int[] {2, 6, 21, 20}, new int[] {5, 4, 20, 1}),
                new Problem("in place: 40 channels (two vectors, the second a part), 3x3, height stride 2 dilation 2",
                        spec(2).padding(Padding.SAME).strides(2, 1).dilations(2, 1).depthwise().build(),
                        new int[] {1, 11, 19, 40}, new int[] {3, 3, 40, 1}),
                new Problem("in place: 48 channels (two vectors, then one), 3x3 VALID, odd width",
                        spec(2).padding(Padding.VALID).depthwise().build(),
                        new int[] {2, 5, 13, 48}, new int[] {3, 3, 48, 1}),
                new Problem("in place: 64 channels, 1D kernel 3, explicit pads 2 and 0",
                        spec(1).padding(explicit(new int[] {2}, new int[] {0})).depthwise().build(),
                        new int[] {1, 30, 64}, new int[] {3, 64, 1}),
                new Problem("in place: 3 channels, rows shorter than a block", spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 5, 6, 3}, new int[] {3, 3, 3, 1}),
                new Problem("in place: 1D kernel 7, pads wider than the input", spec(1)
                        .padding(explicit(new int[] {9}, new int[] {8})).depthwise().build(),
                        new int[] {2, 5, 40}, new int[] {7, 40, 1}),
                new Problem("three rows in place: 24 channels (a whole vector and a part), width 5", spec(2)
                        .padding(Padding.SAME).depthwise().build(),
                        new int[] {2, 6, 5, 24}, new int[] {3, 3, 24, 1}),
                new Problem("three rows in place: 35 channels (the third vector a part), VALID", spec(2)
                        .padding(Padding.VALID).depthwise().build(),
                        new int[] {1, 7, 9, 35}, new int[] {3, 3, 35, 1}),
                new Problem("three rows through the slab: 7 channels, multiplier 2", spec(2)
                        .padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 9, 10, 7}, new int[] {3, 3, 7, 2}),
                new Problem("three rows in 3D: a 1x3x3 kernel, 16 channels", spec(3).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 3, 6, 8, 16}, new int[] {1, 3, 3, 16, 1}),
                new Problem("in place in chunks: 32 channels, 3x3, width 150 (three chunks, the last a part)",
                        spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 5, 150, 32}, new int[] {3, 3, 32, 1}),
                new Problem("in place in chunks: 72 channels (two pairs of vectors and a part), 5x5, width 90",
                        spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {2, 6, 90, 72}, new int[] {5, 5, 72, 1}));
    }

    static Stream<Arguments> problemCases() {
        return combinations(variants(), problems());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("problemCases")
    void problemsMatchTheReference(Variant variant, Problem p) {
        check(variant, p, true, 2, p.name().hashCode());
        check(variant, p, false, 1, p.name().hashCode() + 1);
    }

    // ---- random problems ----

    static Stream<Arguments> randomCases() {
        return combinations(variants(), range(0, 100));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant variant, int seed) {
        Random random = new Random(seed);
        KernelCheck.Drawn p = KernelCheck.draw(random, true, 1 + random.nextInt(40), 1 + random.nextInt(3), 1, 24);
        check(variant, p.spec(), p.input(), p.filter(), p.bias(), p.threads(), seed);
    }

    // ---- bit-identical: threads, and the twins ----

    static Stream<Arguments> splitCases() {
        return problemCases();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("splitCases")
    void threadCountDoesNotChangeABit(Variant variant, Problem p) {
        assertThreadCountsAgree(variant, p);
    }

    @Test
    void scalarTwinMatchesSimdBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        for (Problem p : problems()) {
            assertTwinsAgree("depthwise", () -> DepthwiseConv.simd(1, -1), () -> DepthwiseConv.scalar(1), p);
            assertTwinsAgree("depthwise", () -> DepthwiseConv.simd(1, LANES - 4), () -> DepthwiseConv.scalar(1), p);
        }
    }

    @Test
    void theLongSignalIsCutIntoSegments() {
        CanonicalConv c = KernelCheck.canonical(KernelCheck.named(problems(), "1D long signal of many channels: segments"));
        // as DepthwiseKernel cuts it: one plane per vector of channels, a vector per position
        Bands bands = new Bands(c, Math.ceilDiv(c.outChannels(), LANES), LANES, 1, false);
        assertTrue(bands.segments > 1, "segments " + bands.segments);
    }

    @Test
    void longRowsAreReadInChunksOfWholeBlocks() {
        // 3x3 over 32 channels: 64 positions of three input rows and the output row fill 32 KiB
        assertEquals(56, DepthwiseKernel.chunkPositions(8, 32, 3, 110));
        assertEquals(112, DepthwiseKernel.chunkPositions(8, 16, 3, 110));
        assertEquals(8, DepthwiseKernel.chunkPositions(8, 32, 3, 0));
        for (Problem p : problems()) {
            CanonicalConv c = KernelCheck.canonical(p);
            int w = c.spatialRank() - 1;
            int interior = c.axis(w).interiorEnd() - c.axis(w).interiorStart();
            int rows = Math.toIntExact(c.kernelVolume() / c.kernel()[w]);
            int chunk = DepthwiseKernel.chunkPositions(8, Math.min(2 * LANES, c.outChannels()), rows, interior);
            assertEquals(0, chunk % 8, p.name());
            if (p.name().startsWith("in place in chunks")) {
                assertTrue(chunk < interior, p.name() + ": one chunk of " + chunk + " for " + interior);
            }
        }
    }

    // ---- names, rejections, the standard list ----

    @Test
    void multiplierOneAtWidthStrideAndDilationOneIsReadInPlace() {
        // the problems above check both paths against the reference: these say which path each took
        int inPlace = 0;
        for (Problem p : problems()) {
            CanonicalConv c = KernelCheck.canonical(p);
            int w = c.spatialRank() - 1;
            boolean expected = c.outChannelsPerGroup() == 1 && c.strides()[w] == 1 && c.dilations()[w] == 1;
            boolean actual = new DepthwiseKernel(c, new float[c.filterLength()], null, DepthwiseScalar.INSTANCE, -1).readsInPlace();
            assertEquals(expected, actual, p.name());
            inPlace += actual ? 1 : 0;
        }
        assertTrue(inPlace >= 6, inPlace + " problems read in place");
    }

    @Test
    void namesSayWhichTwinRuns() {
        assertEquals("depthwise/simd", DepthwiseConv.simd(1).name());
        assertEquals("depthwise/scalar", DepthwiseConv.scalar(1).name());
        assertEquals(Vectorization.enabled() ? "depthwise/simd" : "depthwise/scalar", new DepthwiseConv().name());
    }

    @Test
    void rejectsWhatIsNotDepthwiseOrTooNarrowWithTheReason() {
        CanonicalConv dense = new CanonicalConv(1, 4, 8, 2, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {5, 5}, false);
        assertEquals("not depthwise: 2 input channels per group (needs 1)", new DepthwiseConv().rejection(dense).orElseThrow());
        CanonicalConv narrow = new CanonicalConv(1, 3, 3, 3, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {5, 5}, false);
        assertEquals("channels*multiplier 3 < 8: too few to vectorise along channels",
                new DepthwiseConv().rejection(narrow).orElseThrow());
        assertTrue(DepthwiseConv.simd(1).rejection(narrow).isEmpty());
    }

    @Test
    void theStandardPlannerPicksItForDepthwise() {
        Planner planner = Planner.of(Algorithms.standard());
        ConvPlan plan = planner.plan(spec(2).padding(Padding.SAME).depthwise().build(), Shape.of(1, 14, 14, 32),
                Tensor.zeros(Shape.of(3, 3, 32, 1)), null);
        assertTrue(plan.algorithm().startsWith("depthwise/"), plan.explain());
        ConvPlan narrow = planner.plan(spec(2).padding(Padding.SAME).depthwise().build(), Shape.of(1, 14, 14, 3),
                Tensor.zeros(Shape.of(3, 3, 3, 1)), null);
        assertTrue(narrow.algorithm().startsWith("spatial/"), narrow.explain());
        // eight filters on one grey channel: a depthwise multiplier of 8, but a filter bank
        ConvPlan bank = planner.plan(spec(2).padding(Padding.SAME).depthwise().build(), Shape.of(1, 14, 14, 1),
                Tensor.zeros(Shape.of(3, 3, 1, 8)), null);
        assertTrue(bank.algorithm().startsWith("spatial/"), bank.explain());
        assertTrue(bank.explain().contains("one input channel into 8 outputs: a filter bank, vectorised better along the width"),
                bank.explain());
    }
}
