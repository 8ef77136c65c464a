package dev.conv4j.kernel.gradfilter;

import static dev.conv4j.kernel.KernelCheck.LANES;
import static dev.conv4j.kernel.KernelCheck.combinations;
import static dev.conv4j.kernel.KernelCheck.explicit;
import static dev.conv4j.kernel.KernelCheck.range;
import static dev.conv4j.kernel.KernelCheck.spec;
import static dev.conv4j.kernel.KernelCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.GradFilterKernel;
import dev.conv4j.kernel.KernelCheck.Problem;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.GradFilterPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.plan.WorkerPool;
import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceGradients;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Winograd F(2×2, 3×3) filter gradient, its SIMD micro-kernel and its scalar twin, against
 * the float64 reference gradient: odd sizes (half tiles at the edges), every padding, batches,
 * channel counts that fill neither a micro-kernel tile nor a vector, rows of several chunks and
 * problems of several parts; random problems; twins and thread counts bit for bit; non-finite
 * inputs; rejections and the plan's choice.
 */
class WinogradGradFilterTest {
    static List<Variant<WinogradGradFilter>> variants() {
        return Variant.simdAndScalar(WinogradGradFilter::simd, WinogradGradFilter::scalar);
    }

    static List<Problem> problems() {
        return List.of(
                new Problem("SAME odd sizes, channels off the tile and the vector", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 13, 11, 17}, new int[] {3, 3, 17, 2 * LANES + 3}),
                new Problem("VALID even sizes", spec(2).padding(Padding.VALID).build(),
                        new int[] {2, 10, 12, 16}, new int[] {3, 3, 16, 16}),
                new Problem("VALID odd output", spec(2).padding(Padding.VALID).build(),
                        new int[] {1, 9, 8, 19}, new int[] {3, 3, 19, 2 * LANES + 1}),
                new Problem("explicit asymmetric pads", spec(2).padding(explicit(new int[] {0, 2}, new int[] {2, 1})).build(),
                        new int[] {2, 7, 9, 16}, new int[] {3, 3, 16, 20}),
                new Problem("pads wider than the input", spec(2).padding(explicit(new int[] {3, 4}, new int[] {4, 3})).build(),
                        new int[] {1, 2, 3, 16}, new int[] {3, 3, 16, 16}),
                new Problem("rows of two chunks, batch 3", spec(2).padding(Padding.SAME).build(),
                        new int[] {3, 5, 2 * WinogradGradFilterKernel.CHUNK_TILES * 2 + 3, 16},
                        new int[] {3, 3, 16, 16}),
                new Problem("vgg-like crop, several parts", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 40, 20, 64}, new int[] {3, 3, 64, 64}),
                new Problem("wide output blocks", spec(2).padding(Padding.SAME).build(),
                        new int[] {1, 6, 7, 21}, new int[] {3, 3, 21, 7 * LANES - 3}));
    }

    static Stream<Arguments> fixedCases() {
        return combinations(variants(), problems());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fixedCases")
    void fixedProblemsMatchTheReference(Variant<WinogradGradFilter> variant, Problem p) {
        check(variant, p, 2, p.name().hashCode());
    }

    static Stream<Arguments> randomCases() {
        return combinations(variants(), range(0, 30));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("randomCases")
    void randomProblemsMatchTheReference(Variant<WinogradGradFilter> variant, int seed) {
        Random random = new Random(seed);
        check(variant, randomProblem(random), 1 + random.nextInt(3), seed);
    }

    @Test
    void threadCountDoesNotChangeABit() {
        for (Variant<WinogradGradFilter> v : variants()) {
            for (Problem p : List.of(problems().get(5), problems().get(6))) {
                Tensor one = check(v, p, 1, 7);
                for (int threads : new int[] {2, 3, 5}) {
                    Accuracy.assertIdentical(v + " " + p + " threads=" + threads + " vs 1", check(v, p, threads, 7), one);
                }
            }
        }
    }

    @Test
    void scalarTwinMatchesSimdBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        List<Problem> all = new ArrayList<>(problems());
        Random random = new Random(99);
        for (int i = 0; i < 10; i++) {
            all.add(randomProblem(random));
        }
        for (Problem p : all) {
            Tensor simd = check(new Variant<>("simd", WinogradGradFilter::simd), p, 2, 11);
            Tensor scalar = check(new Variant<>("scalar", WinogradGradFilter::scalar), p, 1, 11);
            Accuracy.assertIdentical("simd vs scalar: " + p, scalar, simd);
        }
    }

    /**
     * An infinite input meets in its tiles' transforms values its direct sums never meet (its own
     * other channels' products stay finite, and the padding and the half tile past the odd edge add
     * nothing); a NaN output gradient next to the padding: each part recomputes what its
     * transforms leave non-finite, so the result is the direct sum's.
     */
    @Test
    void nonFiniteValuesReachOnlyTheElementsTheirDirectSumsReach() {
        ConvSpec spec = spec(2).padding(Padding.SAME).build();
        Random random = new Random(3);
        Tensor x = uniform(Shape.of(1, 9, 7, 16), random);
        Shape filterShape = Shape.of(3, 3, 16, 16);
        Tensor dy = uniform(spec.geometry(x.shape(), filterShape).outputShape(), random);
        x.data()[(4 * 7 + 6) * 16 + 5] = Float.POSITIVE_INFINITY;
        dy.data()[(8 * 7) * 16 + 3] = Float.NaN;
        var reference = ReferenceGradients.filter(spec, x, filterShape, dy);
        for (Variant<WinogradGradFilter> v : variants()) {
            for (int threads : new int[] {1, 2}) {
                Tensor dw = run(v.algorithm().get(), spec, x, filterShape, dy, threads);
                for (int i = 0; i < dw.data().length; i++) {
                    double want = reference.values()[i];
                    float got = dw.data()[i];
                    String at = v + " threads=" + threads + " element " + i;
                    if (Double.isNaN(want)) {
                        assertTrue(Float.isNaN(got), at + ": want NaN, got " + got);
                    } else if (Double.isInfinite(want)) {
                        assertEquals((float) want, got, at);
                    } else {
                        assertTrue(Float.isFinite(got), at + ": want " + want + ", got " + got);
                    }
                }
            }
        }
    }

    @Test
    void namesSayWhichMicroKernelRuns() {
        assertEquals("winograd-grad-filter/scalar", WinogradGradFilter.scalar().name());
        assertEquals("winograd-grad-filter/simd", WinogradGradFilter.standard().name());
        if (!Vectorization.enabled()) {
            assertThrows(IllegalStateException.class, WinogradGradFilter::simd);
        }
    }

    @Test
    void rejectsWhatItCannotComputeWithTheReason() {
        WinogradGradFilter winograd = WinogradGradFilter.scalar();
        assertEquals("needs a 2D 3x3 kernel, got [5, 5]", winograd.rejection(canonical(spec(2).build(),
                new int[] {1, 9, 9, 16}, new int[] {5, 5, 16, 16})).orElseThrow());
        assertEquals("needs a 2D 3x3 kernel, got [3]", winograd.rejection(canonical(spec(1).build(),
                new int[] {1, 9, 16}, new int[] {3, 16, 16})).orElseThrow());
        assertEquals("needs stride and dilation 1, got strides [2, 2] dilations [1, 1]", winograd.rejection(
                canonical(spec(2).strides(2).build(), new int[] {1, 9, 9, 16}, new int[] {3, 3, 16, 16})).orElseThrow());
        assertEquals("needs one group, got 2", winograd.rejection(canonical(spec(2).groups(2).build(),
                new int[] {1, 9, 9, 32}, new int[] {3, 3, 16, 32})).orElseThrow());
        CanonicalConv few = canonical(spec(2).build(), new int[] {1, 9, 9, 15}, new int[] {3, 3, 15, 64});
        assertEquals("needs >= 16 input and output channels, got 15 and 64", winograd.rejection(few).orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> winograd.prepare(few));
        assertTrue(e.getMessage().contains("got 15 and 64"), e.getMessage());
    }

    @Test
    void aThreadsSumsAndPanelsAreCountedForThePlansHeapCheck() {
        // 16 sums per (ci, co), two chunk panels of at most 64 tiles, the chunk's rows, a tile
        CanonicalConv vgg = canonical(spec(2).padding(Padding.SAME).build(), new int[] {1, 224, 224, 64},
                new int[] {3, 3, 64, 128});
        long scratch = WinogradGradFilter.scalar().prepare(vgg).threadScratchLength();
        long sums = 16L * 64 * 128;
        long panels = 16L * 56 * (64 + 128);
        assertTrue(scratch >= sums + panels && scratch < sums + panels + 200_000, "scratch " + scratch);
    }

    @Test
    void theStandardEntryRejectsWhereBlockedIsFasterWithTheReason() {
        WinogradGradFilter standard = WinogradGradFilter.standard();
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        assertEquals("slower than blocked-grad-filter below 64 input and output channels, got 32 and 64",
                standard.rejection(canonical(spec(2).padding(Padding.SAME).build(), new int[] {1, 224, 224, 32},
                        new int[] {3, 3, 32, 64})).orElseThrow());
        assertEquals("slower than blocked-grad-filter below 56 output columns, got 32",
                standard.rejection(canonical(spec(2).padding(Padding.SAME).build(), new int[] {8, 32, 32, 64},
                        new int[] {3, 3, 64, 64})).orElseThrow());
        assertEquals("slower than blocked-grad-filter below 2048 tiles of 2x2 outputs, got 1024",
                standard.rejection(canonical(spec(2).padding(Padding.SAME).build(), new int[] {1, 64, 64, 64},
                        new int[] {3, 3, 64, 64})).orElseThrow());
        assertEquals(Optional.empty(), standard.rejection(canonical(spec(2).padding(Padding.SAME).build(),
                new int[] {2, 64, 64, 64}, new int[] {3, 3, 64, 64})));
        assertEquals(Optional.empty(), WinogradGradFilter.simd().rejection(canonical(spec(2).padding(Padding.SAME)
                .build(), new int[] {1, 64, 64, 64}, new int[] {3, 3, 64, 64})));
    }

    @Test
    void thePlannerChoosesBlockedAndWinogradOnlyWhenAskedForByName() {
        ConvSpec same = spec(2).padding(Padding.SAME).build();
        Shape vggInput = Shape.of(1, 224, 224, 64);
        Shape filter = Shape.of(3, 3, 64, 64);
        GradFilterPlan chosen = Planner.standard().threads(2).planGradFilter(same, vggInput, filter);
        if (!Vectorization.enabled()) {
            assertEquals(GradFilterPlan.DIRECT, chosen.algorithm());
            return;
        }
        assertEquals("blocked-grad-filter/simd", chosen.algorithm(), chosen.explain());
        Planner winograd = Planner.standard().algorithm("winograd-grad-filter/simd").threads(2);
        GradFilterPlan asked = winograd.planGradFilter(same, vggInput, filter);
        assertEquals("winograd-grad-filter/simd", asked.algorithm(), asked.explain());
        ConvShapeException small = assertThrows(ConvShapeException.class,
                () -> winograd.planGradFilter(same, Shape.of(1, 28, 28, 64), filter));
        assertTrue(small.getMessage().contains("slower than blocked-grad-filter below 56 output columns, got 28"),
                small.getMessage());
        ConvShapeException strided = assertThrows(ConvShapeException.class,
                () -> winograd.planGradFilter(spec(2).padding(Padding.SAME).strides(2).build(), vggInput, filter));
        assertTrue(strided.getMessage().contains("needs stride and dilation 1"), strided.getMessage());
    }

    /** Through the plan (canonical form, the filter's layout), on a problem the standard entry takes when asked for. */
    @Test
    void thePlanMatchesTheReferenceAndDoesNotDependOnThreads() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        ConvSpec spec = spec(2).padding(Padding.SAME).build();
        Random random = new Random(21);
        Tensor x = uniform(Shape.of(2, 75, 57, 64), random);
        Shape filterShape = Shape.of(3, 3, 64, 64);
        Tensor dy = uniform(spec.geometry(x.shape(), filterShape).outputShape(), random);
        Planner winograd = Planner.standard().algorithm("winograd-grad-filter/simd");
        GradFilterPlan one = winograd.threads(1).planGradFilter(spec, x.shape(), filterShape);
        assertEquals("winograd-grad-filter/simd", one.algorithm(), one.explain());
        Tensor dw = one.run(x, dy);
        Accuracy.assertAccurate("plan", dw, ReferenceGradients.filter(spec, x, filterShape, dy));
        Accuracy.assertIdentical("plan 2 threads vs 1",
                winograd.threads(2).planGradFilter(spec, x.shape(), filterShape).run(x, dy), dw);
    }

    // ---- helpers ----

    private static CanonicalConv canonical(ConvSpec spec, int[] input, int[] filter) {
        return CanonicalConv.of(spec.geometry(Shape.of(input), Shape.of(filter)), false);
    }

    private static Tensor check(Variant<WinogradGradFilter> variant, Problem p, int threads, long seed) {
        Random random = new Random(seed);
        Tensor x = uniform(Shape.of(p.input()), random);
        Shape filterShape = Shape.of(p.filter());
        Tensor dy = uniform(p.spec().geometry(x.shape(), filterShape).outputShape(), random);
        Tensor dw = run(variant.algorithm().get(), p.spec(), x, filterShape, dy, threads);
        Accuracy.assertAccurate(variant + " " + p + " threads=" + threads, dw,
                ReferenceGradients.filter(p.spec(), x, filterShape, dy));
        return dw;
    }

    /** The kernel alone on canonical (channels-last, zero boundary) data. */
    private static Tensor run(GradFilterAlgorithm algorithm, ConvSpec spec, Tensor x, Shape filterShape, Tensor dy,
                              int threads) {
        ConvGeometry g = spec.geometry(x.shape(), filterShape);
        CanonicalConv p = CanonicalConv.of(g, false);
        assertEquals(Optional.empty(), algorithm.rejection(p), () -> algorithm.name() + " rejects " + g.problem());
        GradFilterKernel kernel = algorithm.prepare(p);
        float[] workspace = new float[kernel.workspaceLength()];
        WorkerPool.shared().run(kernel.workUnits(), threads,
                (from, to) -> kernel.compute(x.data(), dy.data(), workspace, from, to));
        return Tensor.wrap(filterShape, FilterPacking.fromCanonical(g, kernel.reduce(workspace)));
    }

    /** A random problem it accepts: sizes 3-20 (odd and even), any padding, batch 1-3, 16-40 channels. */
    private static Problem randomProblem(Random random) {
        int h = 3 + random.nextInt(18);
        int w = 3 + random.nextInt(18);
        int in = 16 + random.nextInt(25);
        int out = 16 + random.nextInt(25);
        Padding padding = switch (random.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> explicit(new int[] {random.nextInt(3), random.nextInt(3)},
                    new int[] {random.nextInt(3), random.nextInt(3)});
        };
        ConvSpec spec = spec(2).padding(padding).build();
        int[] input = {1 + random.nextInt(3), h, w, in};
        int[] filter = {3, 3, in, out};
        return new Problem("random " + spec.geometry(Shape.of(input), Shape.of(filter)).problem(), spec, input, filter);
    }
}
