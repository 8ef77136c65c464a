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
 * The few-channel kernel ({@code spatial/simd} and its twin {@code spatial/scalar}) against the
 * float64 reference: row lengths around the vector width and the block, kernel sizes, dilations,
 * every padding rule, channel counts 1 to 4 (and every tile split up to 16 channel pairs), ranks 1
 * to 3, batches, bands and segments, random problems with every spec option; plus the twins
 * against each other and thread counts against each other, bit for bit.
 */
class SpatialConvTest {
    /** Around one, two, three and four vectors and around a group of {@link SpatialOps#GROUP} positions. */
    private static final int[] ROW_LENGTHS = edgeSizes(1, 1, 2, LANES - 1, LANES, LANES + 1, 2 * LANES - 1, 2 * LANES + 1,
            3 * LANES - 1, 4 * LANES - 1, 4 * LANES, 4 * LANES + 1, SpatialOps.GROUP - 1, SpatialOps.GROUP,
            SpatialOps.GROUP + 1, 100, 131);
    /** (in, out) channel pairs: every direct tile (1, 2, 3, 4 channels), every planes split (3+2; 3+3; 3+2+2; 3+3+2), in-channel counts. */
    private static final int[][] CHANNELS = {{1, 1}, {1, 2}, {1, 3}, {1, 4}, {2, 1}, {2, 3}, {3, 2}, {3, 3}, {4, 4},
        {4, 1}, {1, 5}, {2, 6}, {1, 7}, {2, 8}, {1, 8}, {16, 1}};

    static List<Variant> variants() {
        return twins("spatial/simd", SpatialConv::simd, "spatial/scalar", SpatialConv::scalar);
    }

    // ---- sizes around the vector width, channel counts ----

    static Stream<Arguments> rowLengths() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : variants()) {
            for (int width : ROW_LENGTHS) {
                for (int[] channels : new int[][] {{1, 3}, {1, 4}, {2, 3}, {3, 1}}) {
                    cases.add(Arguments.of(v, width, channels[0], channels[1]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} width={1} in={2} out={3}")
    @MethodSource("rowLengths")
    void rowLengthsAroundTheVectorWidth(Variant variant, int width, int in, int out) {
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        check(variant, same, new int[] {2, 5, width, in}, new int[] {3, 3, in, out}, true, 2, width * 31L + in);
        ConvSpec signal = spec(1).padding(Padding.SAME).build();
        check(variant, signal, new int[] {1, width, in}, new int[] {5, in, out}, false, 1, width * 37L + out);
    }

    static Stream<Arguments> channelCounts() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : variants()) {
            for (int[] channels : CHANNELS) {
                cases.add(Arguments.of(v, channels[0], channels[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in={1} out={2}")
    @MethodSource("channelCounts")
    void channelCountsUpToEightOutputsAndSixteenPairs(Variant variant, int in, int out) {
        ConvSpec spec = spec(2).padding(Padding.SAME).build();
        check(variant, spec, new int[] {2, 7, 37, in}, new int[] {3, 2, in, out}, true, 2, in * 100L + out);
    }

    // ---- kernel sizes, dilations, paddings ----

    static Stream<Arguments> kernels() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : variants()) {
            for (int k = 1; k <= 7; k++) {
                for (int dilation = 1; dilation <= 3; dilation++) {
                    for (Padding padding : new Padding[] {Padding.SAME, Padding.VALID, Padding.CAUSAL,
                        explicit(new int[] {k / 2 + 1}, new int[] {1})}) {
                        cases.add(Arguments.of(v, k, dilation, padding));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} k={1} d={2} padding={3}")
    @MethodSource("kernels")
    void kernelSizesDilationsAndPaddings(Variant variant, int k, int dilation, Padding padding) {
        ConvSpec signal = spec(1).padding(padding).dilations(dilation).build();
        check(variant, signal, new int[] {2, 53, 2}, new int[] {k, 2, 3}, true, 2, k * 10L + dilation);
        if (padding != Padding.CAUSAL) {
            ConvSpec image = spec(2).padding(padding).dilations(dilation, 1 + (dilation % 2)).build();
            check(variant, image, new int[] {1, 3 * k + 5, 41, 1}, new int[] {k, 8 - k, 1, 3}, false, 2, k * 20L + dilation);
        }
    }

    // ---- geometry: rank, strides, groups, layouts, bands and segments ----

    static List<Problem> problems() {
        return List.of(
                new Problem("1D signal, 4 filters (s1-like)", spec(1).padding(Padding.SAME).build(),
                        new int[] {1, 1000, 1}, new int[] {5, 1, 4}),
                new Problem("1D signal long enough to be cut into segments", spec(1).padding(Padding.SAME).build(),
                        new int[] {1, 70001, 1}, new int[] {5, 1, 2}),
                new Problem("1D stride 2 and 3", spec(1).padding(Padding.SAME).strides(3).build(),
                        new int[] {2, 101, 2}, new int[] {4, 2, 3}),
                new Problem("1D CAUSAL dilation 4", spec(1).padding(Padding.CAUSAL).dilations(4).build(),
                        new int[] {3, 77, 1}, new int[] {3, 1, 2}),
                new Problem("2D image filters (s3-like)", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 34, 37, 1}, new int[] {3, 3, 1, 3}),
                new Problem("2D batch 3 VALID", spec(2).padding(Padding.VALID).build(),
                        new int[] {3, 9, 20, 2}, new int[] {3, 4, 2, 2}),
                new Problem("2D many short rows: several bands", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 70, 9, 1}, new int[] {3, 3, 1, 3}),
                new Problem("2D width 1: one column", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 40, 1, 1}, new int[] {5, 1, 1, 2}),
                new Problem("2D rows too wide for a band: segments", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 4, 5000, 4}, new int[] {3, 3, 4, 3}),
                new Problem("2D strides 2x3 dilations 2x2", spec(2).padding(Padding.SAME).strides(2, 3).dilations(2).build(),
                        new int[] {2, 19, 29, 2}, new int[] {3, 3, 2, 3}),
                new Problem("2D explicit asymmetric pads", spec(2).padding(explicit(new int[] {0, 3}, new int[] {2, 1})).build(),
                        new int[] {1, 9, 10, 3}, new int[] {2, 4, 3, 4}),
                new Problem("2D pads wider than the input", spec(2).padding(explicit(new int[] {5, 7}, new int[] {6, 8})).build(),
                        new int[] {1, 3, 2, 1}, new int[] {3, 3, 1, 3}),
                new Problem("2D kernel larger than the input, SAME", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 2, 3, 2}, new int[] {5, 5, 2, 3}),
                new Problem("2D groups 2", spec(2).padding(Padding.SAME).groups(2).build(),
                        new int[] {2, 7, 9, 4}, new int[] {3, 3, 2, 4}),
                new Problem("2D depthwise 3 channels multiplier 2", spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 7, 19, 3}, new int[] {3, 3, 3, 2}),
                new Problem("2D NCHW reflect flipped", spec(2).padding(Padding.SAME).dataFormat(DataFormat.CHANNELS_FIRST)
                        .boundary(Boundary.REFLECT).flipKernel(true).build(),
                        new int[] {2, 2, 11, 23}, new int[] {3, 5, 2, 3}),
                new Problem("2D OIHW filter", spec(2).padding(Padding.VALID).filterFormat(FilterFormat.OIHW).build(),
                        new int[] {1, 8, 21, 2}, new int[] {3, 2, 3, 3}),
                new Problem("3D volume (s10-like)", spec(3).padding(Padding.SAME).build(),
                        new int[] {1, 9, 10, 23, 1}, new int[] {5, 5, 5, 1, 3}),
                new Problem("3D batch 2 strides and dilations", spec(3).padding(Padding.SAME).strides(2, 1, 2).dilations(1, 2, 1).build(),
                        new int[] {2, 7, 8, 19, 2}, new int[] {3, 3, 3, 2, 2}),
                new Problem("3D VALID depth 1 output", spec(3).padding(Padding.VALID).build(),
                        new int[] {1, 3, 6, 35, 1}, new int[] {3, 2, 3, 1, 4}),
                new Problem("8 outputs, rows of whole vectors (three rounds of pairing)", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 5, 64, 1}, new int[] {3, 3, 1, 8}),
                new Problem("8 outputs of 2 inputs, rows of 48", spec(2).padding(Padding.VALID).build(),
                        new int[] {1, 6, 50, 2}, new int[] {2, 3, 2, 8}),
                new Problem("in place: 2D dilated width, explicit pads, pads taller than the kernel", spec(2)
                        .padding(explicit(new int[] {4, 0}, new int[] {5, 5})).dilations(1, 2).build(),
                        new int[] {2, 3, 1500, 1}, new int[] {3, 4, 1, 2}),
                new Problem("in place: 2D SAME, rows not a multiple of the block (s4-like)", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 3, 1030, 1}, new int[] {3, 3, 1, 3}),
                new Problem("in place: 3D height stride 2, depth dilation 2", spec(3).padding(Padding.SAME)
                        .strides(1, 2, 1).dilations(2, 1, 1).build(),
                        new int[] {1, 6, 5, 1100, 1}, new int[] {3, 3, 3, 1, 4}),
                new Problem("in place: 1D, the last blocks would read past the input", spec(1).padding(Padding.VALID).build(),
                        new int[] {2, 1100, 1}, new int[] {7, 1, 1}));
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

    // ---- random problems, every spec option ----

    static Stream<Arguments> randomCases() {
        return combinations(variants(), range(0, 100));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant variant, int seed) {
        Random random = new Random(seed);
        int groups = random.nextInt(4) == 0 ? 2 : 1;
        int in = groups * (1 + random.nextInt(2));
        int out = groups * (1 + random.nextInt(4));
        KernelCheck.Drawn p = random.nextInt(5) == 0
                ? KernelCheck.draw(random, true, 1 + random.nextInt(3), 1 + random.nextInt(2), 1, 40)
                : KernelCheck.draw(random, false, in, out, groups, 40);
        check(variant, p.spec(), p.input(), p.filter(), p.bias(), p.threads(), seed);
    }

    // ---- bit-identical: threads, and the twins ----

    static Stream<Arguments> splitCases() {
        return combinations(variants(), problems());
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
            assertTwinsAgree("spatial", SpatialConv::simd, SpatialConv::scalar, p);
        }
    }

    /**
     * Rows read in place start their tiles where the stores start on vector boundaries, as on a
     * JVM that aligns arrays ({@code ArrayAlignment}): the same results, bit for bit, wherever that is.
     */
    @Test
    void tilesLinedUpWithTheStoresChangeNoBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        for (Problem p : problems()) {
            for (int firstAlignedFloat : new int[] {-1, 0, 5, LANES - 4}) {
                assertTwinsAgree("spatial stores from " + firstAlignedFloat, () -> SpatialConv.simd(firstAlignedFloat),
                        SpatialConv::scalar, p);
            }
        }
    }

    @Test
    void theProblemsCutIntoBandsAndSegments() {
        // the problems above are meant to give several rows per band, and several segments per row
        Bands bands = new Bands(KernelCheck.canonical(KernelCheck.named(problems(), "2D many short rows: several bands")),
                1, 1, SpatialOps.GROUP, true);
        assertTrue(bands.rowsPerBand > 1 && bands.bands > 1, "rows per band " + bands.rowsPerBand + ", bands " + bands.bands);
        for (String name : new String[] {"1D signal long enough to be cut into segments", "2D rows too wide for a band: segments"}) {
            CanonicalConv c = KernelCheck.canonical(KernelCheck.named(problems(), name));
            assertTrue(new Bands(c, c.inChannels(), 1, SpatialOps.GROUP, true).segments > 1, name);
        }
    }

    @Test
    void oneInputChannelAtWidthStrideOneIsReadInPlace() {
        // the problems above check both paths against the reference: these say which path each took
        int inPlace = 0;
        for (Problem p : problems()) {
            CanonicalConv c = KernelCheck.canonical(p);
            boolean expected = c.inChannels() == 1 && c.groups() == 1 && c.outChannels() <= SpatialOps.MAX_DIRECT
                    && c.strides()[c.spatialRank() - 1] == 1 && c.outSizes()[c.spatialRank() - 1] >= SpatialKernel.MIN_IN_PLACE_WIDTH;
            boolean actual = new SpatialKernel(c, new float[c.filterLength()], null, SpatialScalar.INSTANCE, -1).readsInPlace();
            assertEquals(expected, actual, p.name());
            inPlace += actual ? 1 : 0;
        }
        assertTrue(inPlace >= 5, inPlace + " problems read in place");
    }

    // ---- names, rejections, the standard list ----

    @Test
    void namesSayWhichTwinRuns() {
        assertEquals("spatial/simd", SpatialConv.simd().name());
        assertEquals("spatial/scalar", SpatialConv.scalar().name());
        assertEquals(Vectorization.enabled() ? "spatial/simd" : "spatial/scalar", new SpatialConv().name());
    }

    @Test
    void rejectsManyChannelsWithTheReason() {
        CanonicalConv stem = new CanonicalConv(1, 3, 64, 1, new int[] {224, 224}, new int[] {7, 7}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {2, 2}, new int[] {112, 112}, false);
        assertEquals("in_channels*out_channels 192 > 16: too many channels for a spatial kernel",
                new SpatialConv().rejection(stem).orElseThrow());
        CanonicalConv grouped = new CanonicalConv(1, 8, 8, 2, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {5, 5}, false);
        assertEquals("in_channels*out_channels/groups 32 > 16: too many channels for a spatial kernel",
                new SpatialConv().rejection(grouped).orElseThrow());
        CanonicalConv sixteen = new CanonicalConv(1, 1, 16, 1, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {5, 5}, false);
        assertEquals("out_channels 16 > 8: too many for a spatial kernel (vectorising along the output channels is faster)",
                new SpatialConv().rejection(sixteen).orElseThrow());
    }

    @Test
    void theStandardPlannerPicksItForFewChannels() {
        Planner planner = Planner.of(Algorithms.standard());
        ConvPlan image = planner.plan(spec(2).padding(Padding.SAME).build(), Shape.of(1, 34, 37, 1),
                Tensor.zeros(Shape.of(3, 3, 1, 3)), null);
        assertTrue(image.algorithm().startsWith("spatial/"), image.explain());
        ConvPlan volume = planner.plan(spec(3).padding(Padding.SAME).build(), Shape.of(1, 5, 6, 7, 1),
                Tensor.zeros(Shape.of(5, 5, 5, 1, 3)), null);
        assertTrue(volume.algorithm().startsWith("spatial/"), volume.explain());
    }
}
