package dev.conv4j.kernel.blocked;

import static dev.conv4j.kernel.KernelCheck.LANES;
import static dev.conv4j.kernel.KernelCheck.edgeSizes;
import static dev.conv4j.kernel.KernelCheck.check;
import static dev.conv4j.kernel.KernelCheck.assertTwinsAgree;
import static dev.conv4j.kernel.KernelCheck.assertThreadCountsAgree;
import static dev.conv4j.kernel.KernelCheck.depthwiseFilterShape;
import static dev.conv4j.kernel.KernelCheck.filterShape;
import static dev.conv4j.kernel.KernelCheck.inputShape;
import static dev.conv4j.kernel.KernelCheck.drawAxes;
import static dev.conv4j.kernel.KernelCheck.drawLayouts;
import static dev.conv4j.kernel.KernelCheck.combinations;
import static dev.conv4j.kernel.KernelCheck.explicit;
import static dev.conv4j.kernel.KernelCheck.range;
import static dev.conv4j.kernel.KernelCheck.spec;
import static dev.conv4j.kernel.KernelCheck.twins;
import static dev.conv4j.kernel.KernelCheck.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.DirectConv;
import dev.conv4j.kernel.KernelCheck.Axes;
import dev.conv4j.kernel.KernelCheck.Layouts;
import dev.conv4j.kernel.KernelCheck.Problem;
import dev.conv4j.kernel.KernelCheck.Variant;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.ConvSpec;
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
 * The blocked algorithms ({@code blocked-direct} and {@code blocked-gemm}), each with its SIMD
 * micro-kernel and its scalar twin, against the float64 reference: channel counts around the
 * vector width, every geometry option, random problems; plus the twins against each other and
 * thread counts against each other, bit for bit.
 */
class BlockedConvTest {
    /** Around one and two vectors, and four (the wide tile's block) and eight (two wide blocks). */
    private static final int[] CHANNELS_IN = edgeSizes(1, 1, 7, LANES - 1, LANES, LANES + 1, 2 * LANES - 1, 2 * LANES + 1,
            4 * LANES);
    private static final int[] CHANNELS_OUT = edgeSizes(8, 8, LANES - 1, LANES, LANES + 1, 2 * LANES - 1, 2 * LANES + 1,
            3 * LANES, 4 * LANES - 1, 4 * LANES, 4 * LANES + 1, 8 * LANES);

    static List<Variant> directVariants() {
        return twins("blocked-direct/simd", BlockedDirectConv::simd, "blocked-direct/scalar", BlockedDirectConv::scalar);
    }

    static List<Variant> gemmVariants() {
        return twins("blocked-gemm/simd", BlockedGemmConv::simd, "blocked-gemm/scalar", BlockedGemmConv::scalar);
    }

    // ---- channel counts around the vector width ----

    static Stream<Arguments> channelCounts() {
        return combinations(directVariants(), values(CHANNELS_IN), values(CHANNELS_OUT));
    }

    @ParameterizedTest(name = "{0} in={1} out={2}")
    @MethodSource("channelCounts")
    void channelCountsAroundTheVectorWidth(Variant variant, int in, int out) {
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).build();
        check(variant, spec, new int[] {2, 5, 7, in}, new int[] {3, 3, in, out}, true, 2, in * 100L + out);
    }

    static Stream<Arguments> pointwiseChannelCounts() {
        return combinations(gemmVariants(), values(CHANNELS_IN), values(CHANNELS_OUT));
    }

    @ParameterizedTest(name = "{0} in={1} out={2}")
    @MethodSource("pointwiseChannelCounts")
    void pointwiseChannelCountsAroundTheVectorWidth(Variant variant, int in, int out) {
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).build();
        check(variant, spec, new int[] {3, 5, 7, in}, new int[] {1, 1, in, out}, out % 2 == 0, 2, in * 100L + out);
    }

    // ---- reductions cut into chunks ----

    /**
     * Reductions around the chunk length ({@link TileShape#chunkRows}: 160 rows of a wide block and
     * 320 of a narrow one at 16 lanes, 640 of a narrow one at 8): shorter than a chunk, cut
     * evenly, cut unevenly; 1×1 ones as one long segment, 3×3 ones whose segments a chunk's end
     * crosses, with border rows that have fewer segments.
     */
    static Stream<Arguments> chunkedReductions() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : gemmVariants()) {
            for (int in : new int[] {100, 256, 300, 700}) {
                for (int out : new int[] {4 * LANES, 2 * LANES + 3}) {
                    cases.add(Arguments.of(v, new int[] {1, 1, in, out}, in));
                }
            }
        }
        for (Variant v : directVariants()) {
            for (int in : new int[] {20, 64, 80}) {
                cases.add(Arguments.of(v, new int[] {3, 3, in, 4 * LANES}, in));
                cases.add(Arguments.of(v, new int[] {3, 3, in, 2 * LANES - 1}, in));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} filter {1}")
    @MethodSource("chunkedReductions")
    void reductionsCutIntoChunksMatchTheReference(Variant variant, int[] filter, int in) {
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).build();
        check(variant, spec, new int[] {1, 4, 13, in}, filter, true, 2, in * 31L + filter[3]);
    }

    @Test
    void reductionsCutIntoChunksGiveTheSameBitsOnEveryThreadCountAndTwin() {
        Problem gemm = new Problem("1x1 over 700", spec(2).build(), new int[] {1, 5, 13, 700}, new int[] {1, 1, 700, 4 * LANES});
        Problem direct = new Problem("3x3 over 80", spec(2).padding(Padding.SAME).build(), new int[] {1, 4, 9, 80},
                new int[] {3, 3, 80, 4 * LANES});
        for (Variant v : gemmVariants()) {
            assertThreadCountsAgree(v, gemm);
        }
        for (Variant v : directVariants()) {
            assertThreadCountsAgree(v, direct);
        }
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        assertTwinsAgree("blocked-gemm", BlockedGemmConv::simd, BlockedGemmConv::scalar, gemm);
        assertTwinsAgree("blocked-direct", BlockedDirectConv::simd, BlockedDirectConv::scalar, direct);
    }

    // ---- geometry: rank, strides, dilations, paddings, groups, batch ----

    /** A hand-picked problem: spec, channels-last input and HWIO filter shapes. */
    record Geometry(String name, ConvSpec spec, int[] input, int[] filter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Geometry> geometries() {
        return List.of(
                new Geometry("1D VALID, sentence-like", spec(1).padding(Padding.VALID).build(),
                        new int[] {3, 13, 30}, new int[] {3, 30, 20}),
                new Geometry("1D SAME stride 2", spec(1).padding(Padding.SAME).strides(2).build(),
                        new int[] {2, 29, 5}, new int[] {4, 5, 17}),
                new Geometry("1D CAUSAL dilation 3", spec(1).padding(Padding.CAUSAL).dilations(3).build(),
                        new int[] {2, 23, 9}, new int[] {3, 9, 16}),
                new Geometry("1D single output position", spec(1).padding(Padding.VALID).build(),
                        new int[] {1, 5, 3}, new int[] {5, 3, 9}),
                new Geometry("1D long rows, dilation 2 (runs of tiles)", spec(1).padding(Padding.VALID).dilations(2).build(),
                        new int[] {2, 150, 6}, new int[] {3, 6, 24}),
                new Geometry("2D long rows (runs of tiles)", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 3, 64, 9}, new int[] {3, 3, 9, 40}),
                new Geometry("2D SAME odd sizes", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 13, 11, 17}, new int[] {3, 3, 17, 33}),
                new Geometry("2D VALID 5x5 lenet-like", spec(2).padding(Padding.VALID).build(),
                        new int[] {3, 12, 12, 3}, new int[] {5, 5, 3, 32}),
                new Geometry("2D SAME stride 2 7x7 stem-like", spec(2).padding(Padding.SAME).strides(2).build(),
                        new int[] {1, 23, 23, 3}, new int[] {7, 7, 3, 64}),
                new Geometry("2D stride 3x2 dilation 2x3", spec(2).padding(Padding.SAME).strides(3, 2).dilations(2, 3).build(),
                        new int[] {2, 17, 19, 7}, new int[] {3, 3, 7, 24}),
                new Geometry("2D explicit asymmetric pads", spec(2).padding(explicit(new int[] {0, 3}, new int[] {2, 1})).build(),
                        new int[] {1, 9, 10, 8}, new int[] {2, 4, 8, 19}),
                new Geometry("2D pads wider than the input", spec(2).padding(explicit(new int[] {5, 7}, new int[] {6, 8})).build(),
                        new int[] {1, 3, 2, 5}, new int[] {3, 3, 5, 16}),
                new Geometry("2D kernel larger than the input, SAME", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 2, 3, 4}, new int[] {5, 5, 4, 8}),
                new Geometry("2D groups 2", spec(2).padding(Padding.SAME).groups(2).build(),
                        new int[] {2, 7, 9, 14}, new int[] {3, 3, 7, 34}),
                new Geometry("2D groups 4 dilated strided", spec(2).padding(Padding.SAME).groups(4).strides(2).dilations(2).build(),
                        new int[] {1, 11, 13, 12}, new int[] {3, 3, 3, 40}),
                new Geometry("2D depthwise multiplier 8", spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 7, 8, 3}, new int[] {3, 3, 3, 8}),
                new Geometry("2D 1x1 stride 2 (not a GEMM)", spec(2).padding(Padding.VALID).strides(2).build(),
                        new int[] {2, 9, 7, 20}, new int[] {1, 1, 20, 24}),
                new Geometry("3D SAME c3d-like", spec(3).padding(Padding.SAME).build(),
                        new int[] {1, 4, 5, 7, 16}, new int[] {3, 3, 3, 16, 40}),
                new Geometry("3D VALID strides and dilations", spec(3).padding(Padding.VALID).strides(2, 1, 3).dilations(1, 2, 2).build(),
                        new int[] {2, 6, 7, 11, 5}, new int[] {2, 3, 2, 5, 18}),
                new Geometry("3D explicit pads groups 3", spec(3).padding(explicit(new int[] {1, 0, 2}, new int[] {0, 2, 1})).groups(3).build(),
                        new int[] {1, 3, 4, 6, 9}, new int[] {2, 2, 3, 3, 27}),
                // four vectors per group: the wide tile where the vector kernel has one
                new Geometry("wide: 2D SAME stride 2 7x7, part-empty last tile", spec(2).padding(Padding.SAME).strides(2).build(),
                        new int[] {1, 29, 27, 3}, new int[] {7, 7, 3, 4 * LANES}),
                new Geometry("wide: 1D two blocks, runs of tiles", spec(1).padding(Padding.SAME).build(),
                        new int[] {2, 61, 5}, new int[] {3, 5, 8 * LANES}),
                new Geometry("wide: 2D groups 2 dilated, explicit pads", spec(2).padding(explicit(new int[] {2, 0}, new int[] {1, 3}))
                        .groups(2).dilations(2, 3).build(), new int[] {1, 9, 17, 6}, new int[] {3, 2, 3, 8 * LANES}),
                new Geometry("wide: 3D strided, fewer positions than a tile", spec(3).padding(Padding.VALID).strides(1, 2, 2).build(),
                        new int[] {1, 3, 5, 11, 2}, new int[] {2, 3, 3, 2, 4 * LANES}),
                new Geometry("wide budget exceeded: 2D 5x5 over 48 channels", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 5, 13, 48}, new int[] {5, 5, 48, 4 * LANES}));
    }

    static Stream<Arguments> geometryCases() {
        return combinations(directVariants(), geometries());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("geometryCases")
    void geometryMatchesTheReference(Variant variant, Geometry g) {
        check(variant, g.spec(), g.input(), g.filter(), true, 2, g.name().hashCode());
        check(variant, g.spec(), g.input(), g.filter(), false, 1, g.name().hashCode() + 1);
    }

    static Stream<Arguments> pointwiseGeometryCases() {
        List<Geometry> geometries = List.of(
                new Geometry("1D batch 3", spec(1).padding(Padding.VALID).build(), new int[] {3, 11, 13}, new int[] {1, 13, 17}),
                new Geometry("2D s7-like", spec(2).padding(Padding.SAME).build(), new int[] {1, 7, 7, 256}, new int[] {1, 1, 256, 64}),
                new Geometry("2D groups 2", spec(2).padding(Padding.SAME).groups(2).build(), new int[] {2, 5, 3, 10}, new int[] {1, 1, 5, 18}),
                new Geometry("3D batch 2", spec(3).padding(Padding.SAME).build(), new int[] {2, 3, 2, 5, 9}, new int[] {1, 1, 1, 9, 33}),
                new Geometry("fewer positions than a tile", spec(2).padding(Padding.VALID).build(), new int[] {1, 1, 2, 4}, new int[] {1, 1, 4, 8}),
                new Geometry("wide: 2D batch 2", spec(2).padding(Padding.SAME).build(), new int[] {2, 5, 7, 40}, new int[] {1, 1, 40, 4 * LANES}));
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : gemmVariants()) {
            for (Geometry g : geometries) {
                cases.add(Arguments.of(v, g));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pointwiseGeometryCases")
    void pointwiseGeometryMatchesTheReference(Variant variant, Geometry g) {
        check(variant, g.spec(), g.input(), g.filter(), true, 2, g.name().hashCode());
    }

    // ---- random problems, every spec option ----

    static Stream<Arguments> randomCases() {
        return combinations(directVariants(), range(0, 120));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant variant, int seed) {
        RandomProblem p = RandomProblem.draw(new Random(seed));
        check(variant, p.spec(), p.input(), p.filter(), p.bias(), p.threads(), seed);
    }

    // ---- bit-identical: threads, and the twins ----

    static Stream<Arguments> splitCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant v : directVariants()) {
            cases.add(Arguments.of(v, spec(2).padding(Padding.SAME).build(), new int[] {1, 9, 31, 20}, new int[] {3, 3, 20, 40}));
            cases.add(Arguments.of(v, spec(1).padding(Padding.SAME).build(), new int[] {1, 200, 24}, new int[] {5, 24, 72}));
            cases.add(Arguments.of(v, spec(3).padding(Padding.SAME).strides(2).build(), new int[] {2, 5, 6, 13, 8}, new int[] {3, 3, 3, 8, 17}));
        }
        for (Variant v : gemmVariants()) {
            cases.add(Arguments.of(v, spec(2).padding(Padding.SAME).build(), new int[] {1, 28, 28, 32}, new int[] {1, 1, 32, 40}));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("splitCases")
    void threadCountDoesNotChangeABit(Variant variant, ConvSpec spec, int[] input, int[] filter) {
        assertThreadCountsAgree(variant, new Problem(spec.toString(), spec, input, filter));
    }

    @Test
    void scalarTwinMatchesSimdBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        for (Geometry g : geometries()) {
            assertTwinsAgree("blocked-direct", BlockedDirectConv::simd, BlockedDirectConv::scalar,
                    new Problem(g.toString(), g.spec(), g.input(), g.filter()));
        }
        assertTwinsAgree("blocked-gemm", BlockedGemmConv::simd, BlockedGemmConv::scalar,
                new Problem("1x1", spec(2).build(), new int[] {2, 5, 7, 33}, new int[] {1, 1, 33, 50}));
        assertTwinsAgree("blocked-gemm", BlockedGemmConv::simd, BlockedGemmConv::scalar,
                new Problem("1x1 wide", spec(2).build(), new int[] {2, 5, 7, 33}, new int[] {1, 1, 33, 8 * LANES}));
    }

    @Test
    void namesSayWhichMicroKernelRuns() {
        assertEquals("blocked-direct/scalar", BlockedDirectConv.scalar().name());
        assertEquals("blocked-gemm/scalar", BlockedGemmConv.scalar().name());
        String expected = Vectorization.enabled() ? "simd" : "scalar";
        assertEquals("blocked-direct/" + expected, new BlockedDirectConv().name());
        assertEquals("blocked-gemm/" + expected, new BlockedGemmConv().name());
    }

    // ---- rejections ----

    @Test
    void rejectsTooFewOutputChannelsPerGroupWithTheReason() {
        CanonicalConv depthwise = canonical(1, 8, 8, 8, new int[] {5, 5}, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
        assertEquals("needs out_channels per group >= 8, got 1", new BlockedDirectConv().rejection(depthwise).orElseThrow());
        CanonicalConv three = canonical(1, 1, 3, 1, new int[] {5, 5}, new int[] {3, 3}, new int[] {0, 0}, new int[] {3, 3});
        assertEquals("needs out_channels per group >= 8, got 3", new BlockedDirectConv().rejection(three).orElseThrow());
    }

    @Test
    void pointwiseRejectsWhatIsNotAPlainGemm() {
        BlockedGemmConv gemm = new BlockedGemmConv();
        CanonicalConv threeByThree = canonical(1, 8, 16, 1, new int[] {5, 5}, new int[] {3, 3}, new int[] {0, 0}, new int[] {3, 3});
        assertTrue(gemm.rejection(threeByThree).orElseThrow().startsWith("needs a 1x1 kernel"));
        CanonicalConv strided = new CanonicalConv(1, 8, 16, 1, new int[] {5, 5}, new int[] {1, 1}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {3, 3}, false);
        assertTrue(gemm.rejection(strided).orElseThrow().startsWith("needs stride 1"));
        CanonicalConv padded = canonical(1, 8, 16, 1, new int[] {5, 5}, new int[] {1, 1}, new int[] {1, 1}, new int[] {7, 7});
        assertEquals("needs no padding (output the size of the input)", gemm.rejection(padded).orElseThrow());
        CanonicalConv plain = canonical(2, 8, 16, 1, new int[] {5, 5}, new int[] {1, 1}, new int[] {0, 0}, new int[] {5, 5});
        assertTrue(gemm.rejection(plain).isEmpty());
    }

    @Test
    void thePlannerFallsBackToDirectAndSaysWhy() {
        Planner planner = Planner.of(List.of(new BlockedGemmConv(), new BlockedDirectConv(), new DirectConv()));
        ConvSpec spec = spec(2).padding(Padding.SAME).build();
        Tensor filter = Tensor.zeros(Shape.of(3, 3, 4, 3));
        ConvPlan plan = planner.plan(spec, Shape.of(1, 5, 5, 4), filter, null);
        assertEquals("direct", plan.algorithm());
        assertTrue(plan.explain().contains("needs out_channels per group >= 8, got 3"), plan.explain());
    }

    // ---- helpers ----

    private static CanonicalConv canonical(int batch, int in, int out, int groups, int[] inSizes, int[] kernel,
                                           int[] padBefore, int[] outSizes) {
        int[] ones = new int[inSizes.length];
        java.util.Arrays.fill(ones, 1);
        return new CanonicalConv(batch, in, out, groups, inSizes, kernel, ones, ones, padBefore, outSizes, false);
    }

    /** A random problem the blocked algorithm accepts, with every spec option drawn. */
    record RandomProblem(ConvSpec spec, int[] input, int[] filter, boolean bias, int threads) {
        private static final long MAX_MULTIPLY_ADDS = 1_500_000;

        static RandomProblem draw(Random random) {
            while (true) {
                RandomProblem p = tryDraw(random);
                if (p != null) {
                    return p;
                }
            }
        }

        private static RandomProblem tryDraw(Random random) {
            int rank = 1 + random.nextInt(3);
            boolean depthwise = random.nextInt(8) == 0;
            int groups = depthwise ? 1 : random.nextInt(3) == 0 ? 2 + random.nextInt(3) : 1;
            int inPerGroup = depthwise ? 1 : 1 + random.nextInt(rank == 3 ? 12 : 40);
            // one in five: whole blocks of four vectors, the wide tile's channels
            int outPerGroup = random.nextInt(5) == 0 ? 4 * LANES * (1 + random.nextInt(2))
                    : BlockedDirectConv.MIN_OUT_CHANNELS_PER_GROUP + random.nextInt(depthwise ? 10 : 40);
            int channels = depthwise ? 1 + random.nextInt(5) : groups * inPerGroup;
            Axes axes = drawAxes(random, rank, true, rank == 3 ? 6 : 12);
            Layouts layouts = drawLayouts(random);
            ConvSpec.Builder builder = layouts.apply(axes.spec());
            ConvSpec spec = depthwise ? builder.depthwise().build() : builder.groups(groups).build();
            int[] input = inputShape(layouts.data(), 1 + random.nextInt(3), channels, axes.sizes());
            int[] filter = depthwise ? depthwiseFilterShape(layouts.filter(), axes.kernel(), channels, outPerGroup)
                    : filterShape(layouts.filter(), axes.kernel(), inPerGroup, groups * outPerGroup);
            try {
                var geometry = spec.geometry(Shape.of(input), Shape.of(filter));
                if (geometry.multiplyAdds() > MAX_MULTIPLY_ADDS || geometry.outputShape().elementCount() == 0) {
                    return null;
                }
            } catch (RuntimeException e) {
                return null; // e.g. a reflect boundary whose pads exceed the input
            }
            return new RandomProblem(spec, input, filter, random.nextBoolean(), 1 + random.nextInt(4));
        }
    }
}
