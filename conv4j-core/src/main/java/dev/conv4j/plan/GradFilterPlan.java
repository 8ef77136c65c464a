package dev.conv4j.plan;

import dev.conv4j.kernel.BoundaryPadding;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.DirectGradFilter;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.GradFilterKernel;
import dev.conv4j.kernel.Layouts;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.kernel.gradfilter.BlockedGradFilter;
import dev.conv4j.kernel.gradfilter.BlockedGradFilterKernel;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gradient of a convolution with respect to its filter: the correlation of the input with
 * the output gradient, {@code dW[k][ci][co] = sum over n, o of x[o*s - pad + k*d][ci] * dy[o][co]},
 * returned in the filter's own layout (HWIO or OIHW, depthwise {@code [k..., C, M]}, reversed
 * for a flipped spec).
 *
 * <p>Two kernels compute it: the register-blocked Vector API one
 * ({@link BlockedGradFilter}, {@code blocked-grad-filter/simd}) when the Vector API is on and it
 * accepts the problem (enough output channels per group), else {@link DirectGradFilter}
 * ({@code direct-grad-filter}), which takes everything. The choice depends on the problem only,
 * never on the thread count, and both kernels sum every element in a fixed order, so any thread
 * count gives bit-identical results.
 */
public final class GradFilterPlan {
    /** The name of the plain kernel that takes every problem. */
    public static final String DIRECT = "direct-grad-filter";

    private final ConvGeometry geometry;
    private final CanonicalConv canonical;
    private final String algorithm;
    private final List<PlanDecision> decisions;
    private final Engine engine;
    private final int threads;

    /** The chosen kernel run on canonical data: {@code dW} in canonical form. */
    private interface Engine {
        float[] run(float[] x, float[] dy);
    }

    private GradFilterPlan(ConvGeometry geometry, CanonicalConv canonical, String algorithm,
                           List<PlanDecision> decisions, Engine engine, int threads) {
        this.geometry = geometry;
        this.canonical = canonical;
        this.algorithm = algorithm;
        this.decisions = List.copyOf(decisions);
        this.engine = engine;
        this.threads = threads;
    }

    static GradFilterPlan of(ConvSpec spec, Shape inputShape, Shape filterShape, int threads, WorkerPool pool) {
        ConvGeometry g = spec.geometry(inputShape, filterShape);
        CanonicalConv p = CanonicalConv.of(g, false);
        List<PlanDecision> decisions = new ArrayList<>(2);
        Optional<String> rejection;
        BlockedGradFilter blocked = null;
        if (Vectorization.enabled()) {
            blocked = BlockedGradFilter.simd();
            rejection = blocked.rejection(p);
        } else {
            rejection = Optional.of("the Vector API is off (" + Vectorization.reason() + ")");
        }
        if (rejection.isEmpty()) {
            decisions.add(new PlanDecision(blocked.name(), PlanDecision.Verdict.CHOSEN, ""));
            decisions.add(new PlanDecision(DIRECT, PlanDecision.Verdict.NOT_CONSIDERED, ""));
            BlockedGradFilterKernel kernel = blocked.prepare(p);
            Engine engine = (x, dy) -> {
                float[] workspace = new float[kernel.workspaceLength()];
                pool.run(kernel.workUnits(), threads, (from, to) -> kernel.compute(x, dy, workspace, from, to));
                return kernel.reduce(workspace);
            };
            return new GradFilterPlan(g, p, blocked.name(), decisions, engine, threads);
        }
        decisions.add(new PlanDecision(BlockedGradFilter.simdName(), PlanDecision.Verdict.REJECTED, rejection.get()));
        decisions.add(new PlanDecision(DIRECT, PlanDecision.Verdict.CHOSEN, ""));
        GradFilterKernel kernel = DirectGradFilter.prepare(p);
        Engine engine = (x, dy) -> {
            float[] dw = new float[p.filterLength()];
            pool.run(kernel.workUnits(), threads, (from, to) -> kernel.compute(x, dy, dw, from, to));
            return dw;
        };
        return new GradFilterPlan(g, p, DIRECT, decisions, engine, threads);
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    /** The chosen kernel's name: {@code blocked-grad-filter/simd} or {@code direct-grad-filter}. */
    public String algorithm() {
        return algorithm;
    }

    /** Every kernel looked at, in order, with its verdict. */
    public List<PlanDecision> decisions() {
        return decisions;
    }

    public int threads() {
        return threads;
    }

    /** The problem, the chosen kernel and why the other one was passed over. */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append("problem   ").append(geometry.problem()).append(" (filter gradient)\n");
        sb.append("algorithm ").append(algorithm).append(" on ").append(threads).append(" thread(s)\n");
        for (PlanDecision d : decisions) {
            sb.append("  ").append(d).append('\n');
        }
        return sb.toString();
    }

    /** {@code dL/dW} for the forward input {@code x} and {@code dL/dy} of the forward output's shape. */
    public Tensor run(Tensor input, Tensor gradOutput) {
        if (!input.shape().equals(geometry.inputShape())) {
            throw new ConvShapeException("input", "this plan was built for input " + geometry.inputShape()
                    + " but got " + input.shape());
        }
        if (!gradOutput.shape().equals(geometry.outputShape())) {
            throw new ConvShapeException("grad-output", "the output gradient must have the forward output's shape "
                    + geometry.outputShape() + " (" + geometry.problem() + "), got " + gradOutput.shape());
        }
        int batch = canonical.batch();
        float[] x = input.data();
        float[] dy = gradOutput.data();
        if (geometry.spec().dataFormat() == DataFormat.CHANNELS_FIRST) {
            x = Layouts.toChannelsLast(x, batch, canonical.inChannels(),
                    Math.toIntExact(geometry.inputVolume()));
            dy = Layouts.toChannelsLast(dy, batch, canonical.outChannels(), Math.toIntExact(canonical.outputVolume()));
        }
        if (geometry.spec().boundary() != Boundary.ZERO) {
            x = BoundaryPadding.pad(x, batch, canonical.inChannels(), geometry.inputSizes(), geometry.padsBefore(),
                    geometry.padsAfter(), geometry.spec().boundary());
        }
        return Tensor.wrap(geometry.filterShape(), FilterPacking.fromCanonical(geometry, engine.run(x, dy)));
    }
}
