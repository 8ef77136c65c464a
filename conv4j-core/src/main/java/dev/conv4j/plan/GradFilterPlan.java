package dev.conv4j.plan;

import dev.conv4j.kernel.BoundaryPadding;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.DirectGradFilter;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.GradFilterKernel;
import dev.conv4j.kernel.Layouts;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * The gradient of a convolution with respect to its filter: the correlation of the input with
 * the output gradient, {@code dW[k][ci][co] = sum over n, o of x[o*s - pad + k*d][ci] * dy[o][co]},
 * returned in the filter's own layout (HWIO or OIHW, depthwise {@code [k..., C, M]}, reversed
 * for a flipped spec).
 */
public final class GradFilterPlan {
    private final ConvGeometry geometry;
    private final CanonicalConv canonical;
    private final GradFilterKernel kernel;
    private final int threads;
    private final WorkerPool pool;

    private GradFilterPlan(ConvGeometry geometry, CanonicalConv canonical, GradFilterKernel kernel, int threads,
                           WorkerPool pool) {
        this.geometry = geometry;
        this.canonical = canonical;
        this.kernel = kernel;
        this.threads = threads;
        this.pool = pool;
    }

    static GradFilterPlan of(ConvSpec spec, Shape inputShape, Shape filterShape, int threads, WorkerPool pool) {
        ConvGeometry g = spec.geometry(inputShape, filterShape);
        CanonicalConv p = CanonicalConv.of(g, false);
        return new GradFilterPlan(g, p, DirectGradFilter.prepare(p), threads, pool);
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public String algorithm() {
        return "direct-grad-filter";
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
                    Math.toIntExact(geometry.inputShape().elementCount() / Math.max(1L, (long) batch * canonical.inChannels())));
            dy = Layouts.toChannelsLast(dy, batch, canonical.outChannels(), Math.toIntExact(canonical.outputVolume()));
        }
        if (geometry.spec().boundary() != Boundary.ZERO) {
            x = BoundaryPadding.pad(x, batch, canonical.inChannels(), geometry.inputSizes(), geometry.padsBefore(),
                    geometry.padsAfter(), geometry.spec().boundary());
        }
        float[] dw = new float[canonical.filterLength()];
        float[] canonicalInput = x;
        float[] canonicalGrad = dy;
        pool.run(kernel.workUnits(), threads, (from, to) -> kernel.compute(canonicalInput, canonicalGrad, dw, from, to));
        return Tensor.wrap(geometry.filterShape(), FilterPacking.fromCanonical(geometry, dw));
    }
}
