package dev.conv4j.kernel.gradfilter;

import static dev.conv4j.kernel.KernelCheck.LANES;
import static dev.conv4j.kernel.KernelCheck.edgeSizes;
import static dev.conv4j.kernel.KernelCheck.combinations;
import static dev.conv4j.kernel.KernelCheck.depthwiseFilterShape;
import static dev.conv4j.kernel.KernelCheck.drawAxes;
import static dev.conv4j.kernel.KernelCheck.explicit;
import static dev.conv4j.kernel.KernelCheck.filterShape;
import static dev.conv4j.kernel.KernelCheck.inputShape;
import static dev.conv4j.kernel.KernelCheck.range;
import static dev.conv4j.kernel.KernelCheck.spec;
import static dev.conv4j.kernel.KernelCheck.uniform;
import static dev.conv4j.kernel.KernelCheck.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.KernelCheck.Axes;
import dev.conv4j.kernel.KernelCheck.Problem;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.GradFilterPlan;
import dev.conv4j.plan.PlanDecision;
import dev.conv4j.plan.Planner;
import dev.conv4j.plan.WorkerPool;
import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceGradients;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked filter gradient, its SIMD micro-kernel and its scalar twin, against the float64
 * reference gradient ({@link ReferenceGradients#filter}): channel counts around the vector width
 * and the tile height, every geometry option, random problems; the twins against each other and
 * thread counts against each other, bit for bit; and through {@link GradFilterPlan}, which
 * chooses it (channels-first data and boundary modes included) or falls back and says why.
 */
class BlockedGradFilterTest {
    /**
     * Around a tile's rows; one vector and two, and four; and output blocks of every width: with
     * 512-bit vectors a group's vectors go in blocks of four, then one of two and one of one
     * (5, 6 and 7 vectors).
     */
    private static final int[] CHANNELS_IN = edgeSizes(1, 1, GradTile.ROWS - 1, GradTile.ROWS, GradTile.ROWS + 1, LANES,
            LANES + 1, 2 * LANES + 1, 4 * LANES);
    private static final int[] CHANNELS_OUT = edgeSizes(8, 8, LANES - 1, LANES, LANES + 1, 2 * LANES + 1, 4 * LANES,
            5 * LANES - 2, 6 * LANES, 7 * LANES - 3);

    static List<Variant<BlockedGradFilter>> variants() {
        return Variant.simdAndScalar(BlockedGradFilter::simd, BlockedGradFilter::scalar);
    }

    // ---- channel counts around the vector width and the tile height ----

    static Stream<Arguments> channelCounts() {
        return combinations(variants(), values(CHANNELS_IN), values(CHANNELS_OUT));
    }

    @ParameterizedTest(name = "{0} in={1} out={2}")
    @MethodSource("channelCounts")
    void channelCountsAroundTheVectorWidth(Variant<BlockedGradFilter> variant, int in, int out) {
        ConvSpec spec = spec(2).padding(Padding.SAME).build();
        check(variant, spec, new int[] {2, 5, 9, in}, new int[] {3, 3, in, out}, 2, in * 100L + out);
    }

    // ---- geometry: rank, strides, dilations, paddings, groups, batch, chunking ----

    static List<Problem> geometries() {
        return List.of(
                new Problem("1D VALID, sentence-like", spec(1).padding(Padding.VALID).build(),
                        new int[] {3, 13, 30}, new int[] {3, 30, 20}),
                new Problem("1D SAME stride 2", spec(1).padding(Padding.SAME).strides(2).build(),
                        new int[] {2, 29, 5}, new int[] {4, 5, 17}),
                new Problem("1D CAUSAL dilation 3", spec(1).padding(Padding.CAUSAL).dilations(3).build(),
                        new int[] {2, 23, 9}, new int[] {3, 9, 16}),
                new Problem("1D rows longer than a chunk", spec(1).padding(Padding.SAME).build(),
                        new int[] {2, 300, 7}, new int[] {5, 7, 24}),
                new Problem("1D single output position", spec(1).padding(Padding.VALID).build(),
                        new int[] {1, 5, 3}, new int[] {5, 3, 9}),
                new Problem("2D SAME odd sizes", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 13, 11, 17}, new int[] {3, 3, 17, 33}),
                new Problem("2D VALID 5x5 lenet-like, many short rows per chunk", spec(2).padding(Padding.VALID).build(),
                        new int[] {5, 12, 12, 3}, new int[] {5, 5, 3, 32}),
                new Problem("2D SAME stride 2 7x7 stem-like", spec(2).padding(Padding.SAME).strides(2).build(),
                        new int[] {1, 23, 23, 3}, new int[] {7, 7, 3, 64}),
                new Problem("2D stride 3x2 dilation 2x3", spec(2).padding(Padding.SAME).strides(3, 2).dilations(2, 3).build(),
                        new int[] {2, 17, 19, 7}, new int[] {3, 3, 7, 24}),
                new Problem("2D explicit asymmetric pads", spec(2).padding(explicit(new int[] {0, 3}, new int[] {2, 1})).build(),
                        new int[] {1, 9, 10, 8}, new int[] {2, 4, 8, 19}),
                new Problem("2D pads wider than the input", spec(2).padding(explicit(new int[] {5, 7}, new int[] {6, 8})).build(),
                        new int[] {1, 3, 2, 5}, new int[] {3, 3, 5, 16}),
                new Problem("2D kernel larger than the input, SAME", spec(2).padding(Padding.SAME).build(),
                        new int[] {2, 2, 3, 4}, new int[] {5, 5, 4, 8}),
                new Problem("2D rows of 300 (three pieces per row)", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 3, 300, 6}, new int[] {3, 3, 6, 16}),
                new Problem("2D rows of 260, 80 output channels (tiles reading ahead in their loop beside narrower ones)",
                        spec(2).padding(Padding.SAME).build(), new int[] {1, 4, 260, 8}, new int[] {3, 3, 8, 80}),
                new Problem("1D rows of 150 stride 2, 64 output channels", spec(1).padding(Padding.SAME).strides(2).build(),
                        new int[] {2, 300, 11}, new int[] {4, 11, 64}),
                new Problem("2D groups 2", spec(2).padding(Padding.SAME).groups(2).build(),
                        new int[] {2, 7, 9, 14}, new int[] {3, 3, 7, 34}),
                new Problem("2D groups 4 dilated strided", spec(2).padding(Padding.SAME).groups(4).strides(2).dilations(2).build(),
                        new int[] {1, 11, 13, 12}, new int[] {3, 3, 3, 40}),
                new Problem("2D groups 3, 16 out per group", spec(2).padding(Padding.VALID).groups(3).build(),
                        new int[] {2, 6, 5, 21}, new int[] {2, 2, 7, 48}),
                new Problem("2D depthwise multiplier 8", spec(2).padding(Padding.SAME).depthwise().build(),
                        new int[] {1, 7, 8, 3}, new int[] {3, 3, 3, 8}),
                new Problem("2D OIHW filter, flipped kernel", spec(2).padding(Padding.SAME).filterFormat(FilterFormat.OIHW)
                        .flipKernel(true).build(), new int[] {1, 6, 7, 9}, new int[] {20, 9, 3, 2}),
                new Problem("2D 1x1 stride 2", spec(2).padding(Padding.VALID).strides(2).build(),
                        new int[] {2, 9, 7, 20}, new int[] {1, 1, 20, 24}),
                new Problem("2D vgg-like crop", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 12, 20, 64}, new int[] {3, 3, 64, 64}),
                new Problem("3D SAME c3d-like", spec(3).padding(Padding.SAME).build(),
                        new int[] {1, 4, 5, 7, 16}, new int[] {3, 3, 3, 16, 40}),
                new Problem("3D VALID strides and dilations", spec(3).padding(Padding.VALID).strides(2, 1, 3).dilations(1, 2, 2).build(),
                        new int[] {2, 6, 7, 11, 5}, new int[] {2, 3, 2, 5, 18}),
                new Problem("3D explicit pads groups 3", spec(3).padding(explicit(new int[] {1, 0, 2}, new int[] {0, 2, 1})).groups(3).build(),
                        new int[] {1, 3, 4, 6, 9}, new int[] {2, 2, 3, 3, 27}));
    }

    static Stream<Arguments> geometryCases() {
        return combinations(variants(), geometries());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("geometryCases")
    void geometryMatchesTheReference(Variant<BlockedGradFilter> variant, Problem p) {
        check(variant, p.spec(), p.input(), p.filter(), 2, p.name().hashCode());
        check(variant, p.spec(), p.input(), p.filter(), 1, p.name().hashCode() + 1);
    }

    /** A long sum: 40 000 positions of values near 1 into each element; chunking keeps float32 within the bound. */
    @Test
    void aLongSumStaysWithinTheBound() {
        ConvSpec spec = spec(1).padding(Padding.SAME).build();
        int[] input = {2, 20_000, 2};
        int[] filter = {3, 2, 16};
        Random random = new Random(5);
        Tensor x = positive(Shape.of(input), random);
        Tensor dy = positive(spec.geometry(x.shape(), Shape.of(filter)).outputShape(), random);
        for (Variant<BlockedGradFilter> v : variants()) {
            Tensor dw = run(v.algorithm().get(), spec, x, Shape.of(filter), dy, 2);
            Accuracy.assertAccurate(v + " long sum", dw, ReferenceGradients.filter(spec, x, Shape.of(filter), dy));
        }
    }

    // ---- random problems, every option the kernel itself sees ----

    static Stream<Arguments> randomCases() {
        return combinations(variants(), range(0, 80));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant<BlockedGradFilter> variant, int seed) {
        Random random = new Random(seed);
        Problem p = randomProblem(random);
        check(variant, p.spec(), p.input(), p.filter(), 1 + random.nextInt(3), seed);
    }

    // ---- bit-identical: threads, and the twins ----

    static Stream<Arguments> splitCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Variant<BlockedGradFilter> v : variants()) {
            cases.add(Arguments.of(v, new Problem("2D 64 channels", spec(2).padding(Padding.SAME).build(),
                    new int[] {1, 9, 31, 64}, new int[] {3, 3, 64, 64})));
            cases.add(Arguments.of(v, new Problem("2D rows in three pieces, several parts and bands", spec(2).padding(Padding.SAME)
                    .build(), new int[] {1, 12, 300, 13}, new int[] {3, 3, 13, 24})));
            cases.add(Arguments.of(v, new Problem("1D long rows, 17 channels", spec(1).padding(Padding.SAME).build(),
                    new int[] {1, 400, 17}, new int[] {5, 17, 33})));
            cases.add(Arguments.of(v, new Problem("2D long rows, 64 output channels, several parts", spec(2)
                    .padding(Padding.SAME).build(), new int[] {1, 20, 224, 8}, new int[] {3, 3, 8, 64})));
            cases.add(Arguments.of(v, new Problem("3D stride 2 groups 2", spec(3).padding(Padding.SAME).strides(2).groups(2).build(),
                    new int[] {2, 5, 6, 13, 8}, new int[] {3, 3, 3, 4, 34})));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("splitCases")
    void threadCountDoesNotChangeABit(Variant<BlockedGradFilter> variant, Problem p) {
        Tensor one = check(variant, p.spec(), p.input(), p.filter(), 1, 7);
        for (int threads : new int[] {2, 3, 5}) {
            Tensor many = check(variant, p.spec(), p.input(), p.filter(), threads, 7);
            Accuracy.assertIdentical(variant + " " + p + " threads=" + threads + " vs 1", many, one);
        }
    }

    @Test
    void scalarTwinMatchesSimdBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        List<Problem> problems = new ArrayList<>(geometries());
        Random random = new Random(99);
        for (int i = 0; i < 20; i++) {
            problems.add(randomProblem(random));
        }
        for (Problem p : problems) {
            Tensor simd = check(new Variant<>("simd", BlockedGradFilter::simd), p.spec(), p.input(), p.filter(), 2, 11);
            Tensor scalar = check(new Variant<>("scalar", BlockedGradFilter::scalar), p.spec(), p.input(), p.filter(), 1, 11);
            Accuracy.assertIdentical("simd vs scalar: " + p, scalar, simd);
        }
    }

    /**
     * Where the arrays' alignment is known, the output gradient is read from a copy that starts its
     * vectors on vector boundaries: wherever the copy starts, and whether there is one, every bit
     * of the result is the same.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theAlignedCopyOfTheGradientChangesNoBit(Variant<BlockedGradFilter> variant) {
        List<Problem> problems = new ArrayList<>(geometries());
        Random random = new Random(23);
        for (int i = 0; i < 10; i++) {
            problems.add(randomProblem(random));
        }
        for (Problem p : problems) {
            Random data = new Random(5);
            Tensor x = uniform(Shape.of(p.input()), data);
            Shape filterShape = Shape.of(p.filter());
            Tensor dy = uniform(p.spec().geometry(x.shape(), filterShape).outputShape(), data);
            BlockedGradFilter unaligned = variant.algorithm().get();
            Tensor unknown = run(unaligned, p.spec(), x, filterShape, dy, 2, q -> unaligned.prepare(q, -1));
            Accuracy.assertAccurate(variant + " " + p, unknown, ReferenceGradients.filter(p.spec(), x, filterShape, dy));
            for (int firstAligned : new int[] {0, 5, LANES - 4}) {
                BlockedGradFilter aligned = variant.algorithm().get();
                Tensor copied = run(aligned, p.spec(), x, filterShape, dy, 2, q -> aligned.prepare(q, firstAligned));
                Accuracy.assertIdentical(variant + " " + p + " copy from " + firstAligned, copied, unknown);
            }
        }
    }

    @Test
    void namesSayWhichMicroKernelRuns() {
        assertEquals("blocked-grad-filter/scalar", BlockedGradFilter.scalar().name());
        assertEquals("blocked-grad-filter/" + (Vectorization.enabled() ? "simd" : "scalar"), new BlockedGradFilter().name());
        assertEquals("blocked-grad-filter/simd", BlockedGradFilter.simdName());
        if (!Vectorization.enabled()) {
            assertThrows(IllegalStateException.class, BlockedGradFilter::simd);
        }
    }

    // ---- rejections, and the plan's choice ----

    @Test
    void rejectsTooFewOutputChannelsPerGroupWithTheReason() {
        BlockedGradFilter blocked = new BlockedGradFilter();
        CanonicalConv depthwise = canonical(ConvSpec.builder(2).padding(Padding.SAME).depthwise().build(),
                new int[] {1, 5, 5, 8}, new int[] {3, 3, 8, 1});
        assertEquals("needs out_channels per group >= 8, got 1", blocked.rejection(depthwise).orElseThrow());
        CanonicalConv seven = canonical(spec(2).build(), new int[] {1, 5, 5, 64}, new int[] {3, 3, 64, 7});
        assertEquals("needs out_channels per group >= 8, got 7", blocked.rejection(seven).orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> blocked.prepare(seven));
        assertTrue(e.getMessage().contains("needs out_channels per group >= 8, got 7"), e.getMessage());
        CanonicalConv eight = canonical(spec(2).build(), new int[] {1, 5, 5, 1}, new int[] {3, 3, 1, 8});
        assertEquals(Optional.empty(), blocked.rejection(eight));
    }

    @Test
    void thePlanChoosesTheSimdKernelOrFallsBackAndSaysWhy() {
        Planner planner = Planner.standard().threads(2);
        GradFilterPlan wide = planner.planGradFilter(spec(2).padding(Padding.SAME).build(), Shape.of(1, 8, 8, 64),
                Shape.of(5, 5, 64, 64));
        GradFilterPlan few = planner.planGradFilter(spec(2).padding(Padding.SAME).build(), Shape.of(1, 8, 8, 64),
                Shape.of(3, 3, 64, 3));
        assertEquals(GradFilterPlan.DIRECT, few.algorithm());
        assertEquals(PlanDecision.Verdict.REJECTED, few.decisions().get(0).verdict());
        if (Vectorization.enabled()) {
            assertEquals("blocked-grad-filter/simd", wide.algorithm());
            assertEquals(List.of(PlanDecision.Verdict.CHOSEN, PlanDecision.Verdict.NOT_CONSIDERED,
                    PlanDecision.Verdict.NOT_CONSIDERED), wide.decisions().stream().map(PlanDecision::verdict).toList());
            assertTrue(few.explain().contains("needs out_channels per group >= 8, got 3"), few.explain());
        } else {
            assertEquals(GradFilterPlan.DIRECT, wide.algorithm());
            assertTrue(wide.explain().contains("the Vector API is off"), wide.explain());
        }
    }

    /** What the plan adds around the kernel: channels-first data, boundary modes, OIHW, flips. */
    static Stream<Arguments> planProblems() {
        return Stream.of(
                Arguments.of(new Problem("NCHW", spec(2).padding(Padding.SAME).dataFormat(DataFormat.CHANNELS_FIRST).build(),
                        new int[] {2, 9, 7, 11}, new int[] {3, 3, 9, 20})),
                Arguments.of(new Problem("reflect boundary", spec(2).padding(Padding.SAME).boundary(Boundary.REFLECT).build(),
                        new int[] {1, 7, 9, 10}, new int[] {3, 3, 10, 17})),
                Arguments.of(new Problem("replicate boundary, stride 2, NCW", spec(1).padding(Padding.SAME)
                        .boundary(Boundary.REPLICATE).strides(2).dataFormat(DataFormat.CHANNELS_FIRST).build(),
                        new int[] {2, 13, 40}, new int[] {5, 13, 16})),
                Arguments.of(new Problem("symmetric boundary, OIHW, flipped, groups 2", spec(2).padding(Padding.SAME)
                        .boundary(Boundary.SYMMETRIC).filterFormat(FilterFormat.OIHW).flipKernel(true).groups(2).build(),
                        new int[] {1, 6, 5, 12}, new int[] {32, 6, 3, 3})),
                Arguments.of(new Problem("NCDHW 3D", spec(3).padding(Padding.VALID).dataFormat(DataFormat.CHANNELS_FIRST).build(),
                        new int[] {1, 8, 4, 5, 6}, new int[] {2, 2, 3, 8, 16})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planProblems")
    void thePlanMatchesTheReferenceAndDoesNotDependOnThreads(Problem p) {
        Random random = new Random(p.name().hashCode());
        Tensor x = uniform(Shape.of(p.input()), random);
        Shape filterShape = Shape.of(p.filter());
        Tensor dy = uniform(p.spec().geometry(x.shape(), filterShape).outputShape(), random);
        GradFilterPlan one = Planner.standard().threads(1).planGradFilter(p.spec(), x.shape(), filterShape);
        GradFilterPlan two = Planner.standard().threads(2).planGradFilter(p.spec(), x.shape(), filterShape);
        assertEquals(Vectorization.enabled() ? "blocked-grad-filter/simd" : GradFilterPlan.DIRECT, one.algorithm(),
                one.explain());
        Tensor dw = one.run(x, dy);
        Accuracy.assertAccurate("plan " + p, dw, ReferenceGradients.filter(p.spec(), x, filterShape, dy));
        Accuracy.assertIdentical("plan " + p + " 2 threads vs 1", two.run(x, dy), dw);
    }

    // ---- helpers ----

    private static CanonicalConv canonical(ConvSpec spec, int[] input, int[] filter) {
        return CanonicalConv.of(spec.geometry(Shape.of(input), Shape.of(filter)), false);
    }

    /**
     * Runs the variant's kernel directly on random data (channels-last, zero boundary: the
     * canonical form, so that only the kernel is under test), on {@code threads} threads, and
     * checks the result against the reference.
     */
    private static Tensor check(Variant<BlockedGradFilter> variant, ConvSpec spec, int[] input, int[] filter, int threads,
                                long seed) {
        Random random = new Random(seed);
        Tensor x = uniform(Shape.of(input), random);
        Shape filterShape = Shape.of(filter);
        Tensor dy = uniform(spec.geometry(x.shape(), filterShape).outputShape(), random);
        BlockedGradFilter algorithm = variant.algorithm().get();
        Tensor dw = run(algorithm, spec, x, filterShape, dy, threads);
        String context = variant + " " + spec.geometry(x.shape(), filterShape).problem() + " threads=" + threads;
        Accuracy.assertAccurate(context, dw, ReferenceGradients.filter(spec, x, filterShape, dy));
        return dw;
    }

    private static Tensor run(BlockedGradFilter algorithm, ConvSpec spec, Tensor x, Shape filterShape, Tensor dy,
                              int threads) {
        return run(algorithm, spec, x, filterShape, dy, threads, algorithm::prepare);
    }

    /** {@link #run} with the kernel from {@code prepare} (one told where arrays start their vectors, say). */
    private static Tensor run(BlockedGradFilter algorithm, ConvSpec spec, Tensor x, Shape filterShape, Tensor dy,
                              int threads, Function<CanonicalConv, BlockedGradFilterKernel> prepare) {
        assertEquals(DataFormat.CHANNELS_LAST, spec.dataFormat(), "the kernel takes channels-last data");
        assertEquals(Boundary.ZERO, spec.boundary(), "the kernel reads zeros outside the input");
        ConvGeometry g = spec.geometry(x.shape(), filterShape);
        CanonicalConv p = CanonicalConv.of(g, false);
        assertEquals(Optional.empty(), algorithm.rejection(p), () -> algorithm.name() + " rejects " + g.problem());
        BlockedGradFilterKernel kernel = prepare.apply(p);
        float[] workspace = new float[kernel.workspaceLength()];
        WorkerPool.shared().run(kernel.workUnits(), threads,
                (from, to) -> kernel.compute(x.data(), dy.data(), workspace, from, to));
        return Tensor.wrap(filterShape, FilterPacking.fromCanonical(g, kernel.reduce(workspace)));
    }

    private static Tensor positive(Shape shape, Random random) {
        float[] data = new float[shape.checkedElementCount("tensor")];
        for (int i = 0; i < data.length; i++) {
            data[i] = 0.5f + random.nextFloat();
        }
        return Tensor.wrap(shape, data);
    }

    /**
     * A random problem the kernel accepts: rank 1-3, strides, dilations, SAME/VALID/CAUSAL/explicit
     * pads, groups, depthwise with a multiplier, OIHW, flips, batch; channels-last and zero boundary.
     */
    private static Problem randomProblem(Random random) {
        while (true) {
            int rank = 1 + random.nextInt(3);
            boolean depthwise = random.nextInt(8) == 0;
            int groups = depthwise ? 1 : random.nextInt(3) == 0 ? 2 + random.nextInt(3) : 1;
            int inPerGroup = depthwise ? 1 : 1 + random.nextInt(rank == 3 ? 12 : 40);
            int outPerGroup = BlockedGradFilter.MIN_OUT_CHANNELS_PER_GROUP + random.nextInt(depthwise ? 10 : 40);
            int channels = depthwise ? 1 + random.nextInt(5) : groups * inPerGroup;
            Axes axes = drawAxes(random, rank, true, rank == 3 ? 6 : rank == 1 ? 160 : 14);
            FilterFormat filterFormat = random.nextInt(4) == 0 ? FilterFormat.OIHW : FilterFormat.HWIO;
            ConvSpec.Builder builder = axes.spec().filterFormat(filterFormat).flipKernel(random.nextInt(4) == 0);
            ConvSpec spec = depthwise ? builder.depthwise().build() : builder.groups(groups).build();
            int[] input = inputShape(DataFormat.CHANNELS_LAST, 1 + random.nextInt(3), channels, axes.sizes());
            int[] filter = depthwise ? depthwiseFilterShape(filterFormat, axes.kernel(), channels, outPerGroup)
                    : filterShape(filterFormat, axes.kernel(), inPerGroup, groups * outPerGroup);
            ConvGeometry g;
            try {
                g = spec.geometry(Shape.of(input), Shape.of(filter));
            } catch (RuntimeException e) {
                continue;
            }
            long work = g.multiplyAdds() + (long) g.batch() * g.outputVolume() * g.outChannels();
            if (work > 1_500_000 || g.outputVolume() == 0) {
                continue;
            }
            return new Problem("random " + g.problem(), spec, input, filter);
        }
    }
}
