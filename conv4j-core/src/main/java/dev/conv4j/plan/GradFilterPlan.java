package dev.conv4j.plan;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.DirectGradFilter;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.GradFilterKernel;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.tensor.Tensor;
import java.util.List;

/**
 * The gradient of a convolution with respect to its filter: the correlation of the input with
 * the output gradient, {@code dW[k][ci][co] = sum over n, o of x[o*s - pad + k*d][ci] * dy[o][co]},
 * returned in the filter's own layout (HWIO or OIHW, depthwise {@code [k..., C, M]}, reversed
 * for a flipped spec).
 *
 * <p>The planner chooses the kernel from the filter gradient's list ({@link Algorithms#gradFilter}):
 * the register-blocked Vector API one when it accepts the problem (enough output channels per
 * group), else {@link DirectGradFilter} ({@value DirectGradFilter#NAME}), which takes everything;
 * Winograd F(2×2, 3×3), for large 3×3 stride-1 one-group images with many channels, when asked
 * for by name.
 * The choice depends on the problem only, never on the thread count, and every kernel sums each
 * element in a fixed order, so any thread count gives bit-identical results. Every kernel skips
 * the taps that fall on zero padding, so a NaN or infinite output gradient meets only real inputs
 * (Winograd's by recomputing directly what its transforms leave non-finite). While the Vector
 * API code is cold in this JVM, runs go to the algorithm's scalar twin, which gives the same bits
 * ({@link ColdStart}).
 */
public final class GradFilterPlan extends Plan {
    /** The name of the plain kernel that takes every problem. */
    public static final String DIRECT = DirectGradFilter.NAME;

    private final ColdStart.Twins<GradFilterKernel> kernels;
    private final WorkerPool pool;

    private GradFilterPlan(ConvGeometry geometry, String algorithm, List<PlanDecision> decisions,
                           GradFilterKernel kernel, GradFilterKernel coldTwin, int threads, WorkerPool pool) {
        super(geometry, algorithm, decisions, threads);
        this.kernels = new ColdStart.Twins<>(kernel, coldTwin);
        this.pool = pool;
    }

    /** Prepares the chosen algorithm, once the heap is known to hold its buffers for the threads a run uses. */
    static GradFilterPlan of(ConvGeometry g, CanonicalConv p, GradFilterAlgorithm algorithm,
                             List<PlanDecision> decisions, int threads, WorkerPool pool) {
        GradFilterKernel kernel = algorithm.prepare(p);
        long bytes = ((long) kernel.workspaceLength() + 2L * p.filterLength()
                + pool.threadsFor(threads) * kernel.threadScratchLength())
                * Float.BYTES + CanonicalForm.scratchBytes(g);
        HeapBudget.check("filter gradient " + g.filterShape() + ", workspace and scratch", bytes, g.problem());
        GradFilterKernel coldTwin = algorithm.scalarTwin()
                .filter(twin -> ColdStart.cold(algorithm.name(), g.flops()) && twin.rejection(p).isEmpty())
                .map(twin -> twin.prepare(p))
                .orElse(null);
        return new GradFilterPlan(g, algorithm.name(), decisions, kernel, coldTwin, threads, pool);
    }

    @Override
    String problem() {
        return geometry().problem() + " (filter gradient)";
    }

    /** {@code dL/dW} for the forward input {@code x} and {@code dL/dy} of the forward output's shape. */
    public Tensor run(Tensor input, Tensor gradOutput) {
        if (!input.shape().equals(geometry().inputShape())) {
            throw new ConvShapeException("input", "this plan was built for input " + geometry().inputShape()
                    + " but got " + input.shape());
        }
        if (!gradOutput.shape().equals(geometry().outputShape())) {
            throw new ConvShapeException("grad-output", "the output gradient must have the forward output's shape "
                    + geometry().outputShape() + " (" + geometry().problem() + "), got " + gradOutput.shape());
        }
        float[] x = CanonicalForm.input(geometry(), input.data());
        float[] dy = CanonicalForm.outputSide(geometry(), gradOutput.data());
        GradFilterKernel running = kernels.forRun(algorithm(), geometry().flops());
        float[] workspace = new float[running.workspaceLength()];
        pool.run(running.workUnits(), threads(), (from, to) -> running.compute(x, dy, workspace, from, to));
        return Tensor.wrap(geometry().filterShape(), FilterPacking.fromCanonical(geometry(), running.reduce(workspace)));
    }

    /** Whether a run may still go to the scalar twin ({@link ColdStart}). */
    boolean holdsColdTwin() {
        return kernels.holdsColdTwin();
    }
}
