package dev.conv4j.plan;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.lang.ref.WeakReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan that is no longer referenced can be collected after it ran on long-lived threads (the
 * worker pool's, the caller's): its kernels' working memory must not stay with those threads.
 */
class PlanLifetimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "spatial, false, 1-64-64-1, 3-3-1-3",
            "depthwise, true, 1-32-32-16, 3-3-16-1",
            "winograd, false, 1-16-16-32, 3-3-32-32",
            "blocked, false, 1-16-16-32, 1-1-32-32"})
    void aDroppedPlanIsCollectedAfterRunningOnThePool(String family, boolean depthwise, String input, String filter)
            throws InterruptedException {
        Shape x = PlanTestData.shape(input);
        Shape w = PlanTestData.shape(filter);
        ConvSpec.Builder spec = ConvSpec.builder(2).padding(Padding.SAME);
        if (depthwise) {
            spec.depthwise();
        }
        try (WorkerPool pool = new WorkerPool(2)) {
            WeakReference<ConvPlan> ref = runAndDrop(pool, spec.build(), x, w, family);
            for (int attempt = 0; attempt < 20 && ref.get() != null; attempt++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(ref.get(), "the " + family + " plan is still reachable after it was dropped");
        }
    }

    private static WeakReference<ConvPlan> runAndDrop(WorkerPool pool, ConvSpec spec, Shape x, Shape w, String family) {
        ConvPlan plan = Planner.standard().pool(pool).threads(3).plan(spec, x, PlanTestData.random(w, 1), null);
        assertTrue(plan.algorithm().startsWith(family), plan::explain);
        Tensor input = PlanTestData.random(x, 2);
        for (int run = 0; run < 20; run++) {
            plan.run(input);
        }
        return new WeakReference<>(plan);
    }
}
