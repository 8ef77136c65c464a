package dev.conv4j.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.DirectConv;
import dev.conv4j.kernel.DirectGradFilter;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.GradFilterKernel;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.kernel.blocked.BlockedDirectConv;
import dev.conv4j.kernel.gradfilter.BlockedGradFilter;
import dev.conv4j.kernel.spatial.SpatialConv;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan's first runs in a JVM go to its algorithm's scalar twin until the algorithm has done
 * {@link ColdStart#scalarFlops()} of work, then to the Vector API kernel; every run gives the
 * Vector API kernel's bits. The algorithm under test is a real one under a name of its own, so
 * that the work other tests did with it in this JVM does not count.
 */
class ColdStartTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "spatial, 1-400-300-1, 3-3-1-3",
            "blocked, 2-40-40-32, 3-3-32-24"})
    void theFirstRunsGoToTheScalarTwinAndGiveTheSameBits(String family, String input, String filter) {
        assumeTrue(Vectorization.enabled(), "the Vector API is off: there is no twin to switch from");
        Shape x = PlanTestData.shape(input);
        Shape w = PlanTestData.shape(filter);
        Counted simd = new Counted(family + "/simd-cold-start-test",
                family.equals("spatial") ? SpatialConv::simd : BlockedDirectConv::simd);
        Counted scalar = new Counted(family + "/scalar-twin", family.equals("spatial") ? SpatialConv::scalar
                : BlockedDirectConv::scalar);
        simd.twin = scalar;
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).build();
        Tensor weights = PlanTestData.random(w, 1);
        Tensor in = PlanTestData.random(x, 2);
        ConvPlan plan = Planner.of(List.of(simd, new DirectConv())).threads(2).plan(spec, x, weights, null);
        Counted simdOnly = new Counted(family + "/simd-without-twin", simd.algorithm);
        ConvPlan warm = Planner.of(List.of(simdOnly)).threads(2).plan(spec, x, weights, null);
        float[] expected = warm.run(in).data();
        assertEquals(1, simdOnly.runs.get());

        long flops = plan.geometry().flops();
        long coldRuns = ColdStart.scalarFlops() / flops;
        assertTrue(coldRuns >= 1 && coldRuns < 200, "the test problem should take a few runs of the budget: " + flops);
        assertTrue(plan.holdsColdTwin());
        for (long run = 1; run <= coldRuns + 2; run++) {
            assertArrayEquals(expected, plan.run(in).data(), "run " + run);
            assertEquals(Math.min(run, coldRuns), scalar.runs.get(), "scalar twin runs after run " + run);
            assertEquals(Math.max(0, run - coldRuns), simd.runs.get(), "Vector API runs after run " + run);
        }
        assertFalse(plan.holdsColdTwin(), "the twin is dropped once the Vector API kernel runs");
    }

    @Test
    void aLoneFirstCallUpToFiveTimesTheBudgetGoesToTheTwinAndLaterCallsWithinTheBudget() {
        assumeTrue(ColdStart.scalarFlops() > 0, "the cold start is off");
        long budget = ColdStart.scalarFlops();
        assertEquals(5 * budget, ColdStart.firstCallFlops());
        assertTrue(ColdStart.cold("cold-start-test/large-first", 4 * budget));
        assertTrue(ColdStart.runScalar("cold-start-test/large-first", 4 * budget), "a one-off call of 4 budgets");
        assertFalse(ColdStart.cold("cold-start-test/large-first", 1));
        assertFalse(ColdStart.runScalar("cold-start-test/large-first", 1), "the next call compiles the vector code");

        assertFalse(ColdStart.runScalar("cold-start-test/too-large", 5 * budget + 1), "larger than the twin is worth");

        for (int call = 1; call <= 4; call++) {
            assertTrue(ColdStart.runScalar("cold-start-test/small", budget / 4), "small call " + call);
        }
        assertFalse(ColdStart.runScalar("cold-start-test/small", 1), "the budget is spent");
    }

    @Test
    void aFilterGradientsFirstRunsGoToTheScalarTwinAndGiveTheSameBits() {
        assumeTrue(Vectorization.enabled(), "the Vector API is off: there is no twin to switch from");
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).build();
        Shape x = PlanTestData.shape("1-20-20-16");
        Shape w = PlanTestData.shape("3-3-16-24");
        Tensor in = PlanTestData.random(x, 3);
        Tensor dy = PlanTestData.random(spec.geometry(x, w).outputShape(), 4);
        CountedGradFilter simd = new CountedGradFilter("blocked-grad-filter/simd-cold-start-test", BlockedGradFilter::simd);
        CountedGradFilter scalar = new CountedGradFilter("blocked-grad-filter/scalar-twin", BlockedGradFilter::scalar);
        simd.twin = scalar;
        GradFilterPlan plan = Planner.of(Algorithms.standard(), List.of(simd, new DirectGradFilter())).threads(2)
                .planGradFilter(spec, x, w);
        CountedGradFilter simdOnly = new CountedGradFilter("blocked-grad-filter/simd-without-twin", BlockedGradFilter::simd);
        float[] expected = Planner.of(Algorithms.standard(), List.of(simdOnly)).threads(2).planGradFilter(spec, x, w)
                .run(in, dy).data();
        assertEquals(1, simdOnly.runs.get());

        long coldRuns = ColdStart.scalarFlops() / plan.geometry().flops();
        assertTrue(coldRuns >= 1 && coldRuns < 200, "the test problem should take a few runs of the budget");
        assertTrue(plan.holdsColdTwin());
        for (long run = 1; run <= coldRuns + 2; run++) {
            assertArrayEquals(expected, plan.run(in, dy).data(), "run " + run);
            assertEquals(Math.min(run, coldRuns), scalar.runs.get(), "scalar twin runs after run " + run);
            assertEquals(Math.max(0, run - coldRuns), simd.runs.get(), "Vector API runs after run " + run);
        }
        assertFalse(plan.holdsColdTwin(), "the twin is dropped once the Vector API kernel runs");
    }

    /** A real algorithm of kind {@code A} under another name, the runs of its kernels, and its twin. */
    private abstract static class Counting<A> {
        final String name;
        final Supplier<A> algorithm;
        final AtomicInteger runs = new AtomicInteger();
        A twin;

        Counting(String name, Supplier<A> algorithm) {
            this.name = name;
            this.algorithm = algorithm;
        }

        public String name() {
            return name;
        }

        public Optional<A> scalarTwin() {
            return Optional.ofNullable(twin);
        }
    }

    /** A real filter-gradient algorithm under another name, counting the runs of its kernels. */
    private static final class CountedGradFilter extends Counting<GradFilterAlgorithm> implements GradFilterAlgorithm {
        CountedGradFilter(String name, Supplier<GradFilterAlgorithm> algorithm) {
            super(name, algorithm);
        }

        @Override
        public Optional<String> rejection(CanonicalConv problem) {
            return algorithm.get().rejection(problem);
        }

        @Override
        public GradFilterKernel prepare(CanonicalConv problem) {
            GradFilterKernel kernel = algorithm.get().prepare(problem);
            return new GradFilterKernel() {
                @Override
                public int workUnits() {
                    return kernel.workUnits();
                }

                @Override
                public int workspaceLength() {
                    return kernel.workspaceLength();
                }

                @Override
                public void compute(float[] x, float[] dy, float[] workspace, int from, int to) {
                    kernel.compute(x, dy, workspace, from, to);
                }

                @Override
                public float[] reduce(float[] workspace) {
                    runs.incrementAndGet();
                    return kernel.reduce(workspace);
                }
            };
        }
    }

    /** A real algorithm under another name, counting the runs of its kernels. */
    private static final class Counted extends Counting<ConvAlgorithm> implements ConvAlgorithm {
        Counted(String name, Supplier<ConvAlgorithm> algorithm) {
            super(name, algorithm);
        }

        @Override
        public Optional<String> rejection(CanonicalConv problem) {
            return algorithm.get().rejection(problem);
        }

        @Override
        public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
            ConvKernel kernel = algorithm.get().prepare(problem, filter, bias);
            return new ConvKernel() {
                @Override
                public int workUnits() {
                    return kernel.workUnits();
                }

                @Override
                public void compute(float[] input, float[] output, int from, int to) {
                    if (from == 0) {
                        runs.incrementAndGet();
                    }
                    kernel.compute(input, output, from, to);
                }
            };
        }
    }
}
