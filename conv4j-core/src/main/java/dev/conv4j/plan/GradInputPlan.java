package dev.conv4j.plan;

import dev.conv4j.kernel.BoundaryPadding;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.Layouts;
import dev.conv4j.kernel.TransposedFilter;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * The gradient of a convolution with respect to its input, which is also the transposed
 * convolution: {@code dx[i] = sum over o, k with o*s - pad + k*d = i of dy[o] . w[k]}.
 *
 * <p>It is computed as a forward convolution, so every forward kernel serves it: the output
 * gradient is spread out by the stride (zeros between its elements) and padded by
 * {@code (k - 1)*d - pad_before}, then convolved (stride 1, same dilation, VALID) with the
 * filter reversed and its channel axes swapped. A non-zero boundary mode is handled by taking
 * the gradient with respect to the padded input and folding it back onto the input.
 */
public final class GradInputPlan {
    private final ConvGeometry geometry;
    private final CanonicalConv canonical;
    private final ConvPlan equivalent;
    private final Shape spreadShape;

    private GradInputPlan(ConvGeometry geometry, CanonicalConv canonical, ConvPlan equivalent, Shape spreadShape) {
        this.geometry = geometry;
        this.canonical = canonical;
        this.equivalent = equivalent;
        this.spreadShape = spreadShape;
    }

    static GradInputPlan of(Planner planner, ConvSpec spec, Shape inputShape, Tensor filter) {
        ConvGeometry g = spec.geometry(inputShape, filter.shape());
        CanonicalConv p = CanonicalConv.of(g, false);
        int r = p.spatialRank();
        int[] spread = new int[r + 2];
        spread[0] = p.batch();
        spread[r + 1] = p.outChannels();
        for (int a = 0; a < r; a++) {
            spread[a + 1] = p.inSizes()[a] + effectiveKernel(p, a) - 1;
        }
        float[] transposed = TransposedFilter.of(FilterPacking.canonical(g, filter), Math.toIntExact(p.kernelVolume()),
                p.inChannelsPerGroup(), p.outChannelsPerGroup(), p.groups());
        int[] filterDims = new int[r + 2];
        System.arraycopy(p.kernel(), 0, filterDims, 0, r);
        filterDims[r] = p.outChannelsPerGroup();
        filterDims[r + 1] = p.inChannels();
        ConvSpec equivalentSpec = ConvSpec.builder(r).dilations(p.dilations()).padding(Padding.VALID)
                .groups(p.groups()).build();
        Shape spreadShape = Shape.of(spread);
        ConvPlan plan = planner.plan(equivalentSpec, spreadShape, Tensor.wrap(Shape.of(filterDims), transposed), null);
        return new GradInputPlan(g, p, plan, spreadShape);
    }

    private static int effectiveKernel(CanonicalConv p, int axis) {
        return (p.kernel()[axis] - 1) * p.dilations()[axis] + 1;
    }

    /** The forward problem whose input gradient this plan computes. */
    public ConvGeometry geometry() {
        return geometry;
    }

    /** The algorithm of the forward convolution that does the work. */
    public String algorithm() {
        return equivalent.algorithm();
    }

    /** {@code dL/dx} for {@code dL/dy} of the forward output's shape. */
    public Tensor run(Tensor gradOutput) {
        if (!gradOutput.shape().equals(geometry.outputShape())) {
            throw new ConvShapeException("grad-output", "the output gradient must have the forward output's shape "
                    + geometry.outputShape() + " (" + geometry.problem() + "), got " + gradOutput.shape());
        }
        boolean channelsFirst = geometry.spec().dataFormat() == DataFormat.CHANNELS_FIRST;
        float[] dy = gradOutput.data();
        if (channelsFirst) {
            dy = Layouts.toChannelsLast(dy, canonical.batch(), canonical.outChannels(),
                    Math.toIntExact(canonical.outputVolume()));
        }
        float[] dx = equivalent.run(Tensor.wrap(spreadShape, spread(dy))).data();
        if (geometry.spec().boundary() != Boundary.ZERO) {
            dx = BoundaryPadding.fold(dx, canonical.batch(), canonical.inChannels(), geometry.inputSizes(),
                    geometry.padsBefore(), geometry.padsAfter(), geometry.spec().boundary());
        }
        if (channelsFirst) {
            float[] out = new float[dx.length];
            Layouts.toChannelsFirst(dx, canonical.batch(), canonical.inChannels(),
                    Math.toIntExact(geometry.inputShape().elementCount() / Math.max(1, (long) canonical.batch()
                            * canonical.inChannels())), out);
            dx = out;
        }
        return Tensor.wrap(geometry.inputShape(), dx);
    }

    /**
     * Places {@code dy[o]} at {@code o*s + (e - 1 - pad_before)} along each axis of a zero buffer;
     * positions that fall outside only ever reach padding, so they are dropped.
     */
    private float[] spread(float[] dy) {
        int r = canonical.spatialRank();
        int channels = canonical.outChannels();
        int[] outSizes = canonical.outSizes();
        int[] spreadSizes = new int[r];
        int[] shift = new int[r];
        for (int a = 0; a < r; a++) {
            spreadSizes[a] = spreadShape.dim(a + 1);
            shift[a] = effectiveKernel(canonical, a) - 1 - canonical.padBefore()[a];
        }
        float[] spread = new float[spreadShape.checkedElementCount("spread output gradient")];
        int positions = Math.toIntExact(canonical.outputVolume());
        int[] o = new int[r];
        int src = 0;
        for (int n = 0; n < canonical.batch(); n++) {
            for (int position = 0; position < positions; position++, src += channels) {
                int dst = n;
                boolean inside = true;
                for (int a = 0; a < r; a++) {
                    int j = o[a] * canonical.strides()[a] + shift[a];
                    inside &= j >= 0 && j < spreadSizes[a];
                    dst = dst * spreadSizes[a] + j;
                }
                if (inside) {
                    System.arraycopy(dy, src, spread, dst * channels, channels);
                }
                for (int a = r - 1; a >= 0 && ++o[a] == outSizes[a]; a--) {
                    o[a] = 0;
                }
            }
        }
        return spread;
    }
}
