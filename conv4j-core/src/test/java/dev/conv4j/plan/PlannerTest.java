package dev.conv4j.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forcing an algorithm by name, and the planner's NaN rule, on all three operations. */
class PlannerTest {
    private static final ConvSpec SAME = ConvSpec.builder(2).padding(Padding.SAME).build();

    private static String winograd() {
        return Planner.standard().algorithms().stream().map(ConvAlgorithm::name)
                .filter(name -> name.startsWith("winograd-")).findFirst().orElseThrow();
    }

    private static Tensor filled(Shape shape, float value) {
        float[] data = new float[shape.checkedElementCount("test")];
        Arrays.fill(data, value);
        return Tensor.wrap(shape, data);
    }

    @Test
    void aForcedAlgorithmIsTheOnlyOneAskedAndTheOthersArePassedOver() {
        Tensor w = filled(Shape.of(3, 3, 16, 16), 0.5f);
        ConvPlan plan = Planner.standard().algorithm("direct").plan(SAME, Shape.of(1, 6, 6, 16), w, null);
        assertEquals("direct", plan.algorithm());
        for (PlanDecision d : plan.decisions()) {
            assertEquals(d.algorithm().equals("direct") ? PlanDecision.Verdict.CHOSEN : PlanDecision.Verdict.PASSED_OVER,
                    d.verdict(), plan.explain());
        }
        assertTrue(plan.explain().contains(winograd() + ": passed over (direct was asked for)"), plan.explain());
        Tensor x = filled(Shape.of(1, 6, 6, 16), 1f);
        assertArrayEquals(Planner.standard().plan(SAME, x.shape(), w, null).run(x).data(), plan.run(x).data(), 1e-4f);
    }

    @Test
    void aPlanWhoseThreadsBuffersDoNotFitTheHeapIsRefusedBeforeItRuns() {
        // a stem on one very wide row: planar-direct lays out the 7 input rows its output row reads,
        // 88 MB per thread; the output (128 MB) fits a test JVM's heap, 64 threads' rows do not
        ConvSpec stem = ConvSpec.builder(2).strides(2, 2).padding(Padding.SAME).build();
        Tensor w = filled(Shape.of(7, 7, 3, 64), 0.5f);
        assumeTrue(Planner.standard().plan(stem, Shape.of(1, 1, 64, 3), w, null).algorithm().startsWith("planar-direct"),
                "planar-direct needs 32 vector registers");
        Shape wide = Shape.of(1, 1, 1 << 20, 3);
        try (WorkerPool pool = new WorkerPool(63)) {
            ConvShapeException e = assertThrows(ConvShapeException.class,
                    () -> Planner.standard().pool(pool).threads(64).plan(stem, wide, w, null));
            assertTrue(e.getMessage().startsWith("output [1,1,524288,64], scratch and planar-direct/simd's buffers for 64 "
                    + "threads need ") && e.getMessage().contains("raise -Xmx"), e.getMessage());
        }
        assertTrue(Planner.standard().threads(2).plan(stem, wide, w, null).algorithm().startsWith("planar-direct"));
    }

    @Test
    void aForcedAlgorithmThatRejectsTheProblemIsAnErrorSayingWhy() {
        ConvShapeException e = assertThrows(ConvShapeException.class, () -> Planner.standard().algorithm(winograd())
                .plan(SAME, Shape.of(1, 6, 6, 16), filled(Shape.of(5, 5, 16, 16), 1f), null));
        assertEquals("algorithm", e.argument());
        assertTrue(e.getMessage().startsWith("algorithm " + winograd() + " cannot compute the forward convolution conv2d")
                && e.getMessage().contains("needs a kernel of 3"), e.getMessage());
    }

    @Test
    void anUnknownNameOrOneOfAnotherOperationListsTheLegalOnes() {
        ConvShapeException unknown = assertThrows(ConvShapeException.class,
                () -> Planner.standard().algorithm("fastest"));
        assertEquals("unknown algorithm fastest; the algorithms are "
                + String.join(", ", Planner.standard().algorithmNames()), unknown.getMessage());
        assertTrue(Planner.standard().algorithmNames().containsAll(List.of("direct", "direct-grad-input",
                "direct-grad-filter", winograd())), Planner.standard().algorithmNames().toString());
        ConvShapeException gradFilterOnForward = assertThrows(ConvShapeException.class, () -> Planner.standard()
                .algorithm("direct-grad-filter").plan(SAME, Shape.of(1, 6, 6, 2), filled(Shape.of(3, 3, 2, 2), 1f), null));
        assertTrue(gradFilterOnForward.getMessage().contains("there is no forward convolution algorithm direct-grad-filter;"
                + " they are"), gradFilterOnForward.getMessage());
        ConvShapeException gradInputOnFilterGradient = assertThrows(ConvShapeException.class, () -> Planner.standard()
                .algorithm("direct-grad-input").planGradFilter(SAME, Shape.of(1, 6, 6, 2), Shape.of(3, 3, 2, 2)));
        assertTrue(gradInputOnFilterGradient.getMessage().contains("computes only input gradients"),
                gradInputOnFilterGradient.getMessage());
    }

    @Test
    void eachGradientTakesItsOwnForcedAlgorithm() {
        Shape input = Shape.of(1, 6, 6, 2);
        Tensor w = filled(Shape.of(3, 3, 2, 2), 1f);
        GradInputPlan direct = Planner.standard().algorithm("direct-grad-input").planGradInput(SAME, input, w);
        assertEquals("direct-grad-input", direct.algorithm());
        Tensor dy = filled(Shape.of(1, 6, 6, 2), 1f);
        assertArrayEquals(Planner.standard().planGradInput(SAME, input, w).run(dy).data(), direct.run(dy).data(), 1e-5f);
        GradFilterPlan filter = Planner.standard().algorithm("direct-grad-filter").planGradFilter(SAME, input, w.shape());
        assertEquals(List.of("direct-grad-filter"), filter.decisions().stream()
                .filter(d -> d.verdict() == PlanDecision.Verdict.CHOSEN).map(PlanDecision::algorithm).toList());
    }

    @Test
    void aNonFiniteWeightKeepsAlgorithmsThatMultiplyPaddingAwayFromPaddedProblemsOnly() {
        Tensor w = filled(Shape.of(3, 3, 16, 16), 0.5f);
        w.data()[7] = Float.NaN;
        ConvPlan padded = Planner.standard().plan(SAME, Shape.of(1, 6, 6, 16), w, null);
        assertEquals("direct", padded.algorithm(), padded.explain());
        assertTrue(padded.explain().contains("filter holds NaN or Inf"), padded.explain());
        ConvPlan valid = Planner.standard().plan(ConvSpec.builder(2).build(), Shape.of(1, 6, 6, 16), w, null);
        assertEquals(winograd(), valid.algorithm(), valid.explain());
        GradInputPlan strided = Planner.standard().planGradInput(ConvSpec.builder(2).strides(2).build(),
                Shape.of(1, 7, 7, 16), w);
        assertEquals("direct-grad-input", strided.algorithm(), strided.explain());
        assertTrue(strided.explain().contains("would meet the filter's NaN or Inf"), strided.explain());
    }
}
