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
    /** The equivalent convolution's input: the spread gradient, or dy itself when nothing needs spreading. */
    private final Shape equivalentInput;
    /** All strides 1 and pads within the kernel: the spread gradient is dy zero-padded, which the plan's padding does. */
    private final boolean readsGradientDirectly;

    private GradInputPlan(ConvGeometry geometry, CanonicalConv canonical, ConvPlan equivalent, Shape equivalentInput,
                          boolean readsGradientDirectly) {
        this.geometry = geometry;
        this.canonical = canonical;
        this.equivalent = equivalent;
        this.equivalentInput = equivalentInput;
        this.readsGradientDirectly = readsGradientDirectly;
    }

    static GradInputPlan of(Planner planner, ConvSpec spec, Shape inputShape, Tensor filter) {
        ConvGeometry g = spec.geometry(inputShape, filter.shape());
        CanonicalConv p = CanonicalConv.of(g, false);
        int r = p.spatialRank();
        float[] transposed = TransposedFilter.of(FilterPacking.canonical(g, filter), Math.toIntExact(p.kernelVolume()),
                p.inChannelsPerGroup(), p.outChannelsPerGroup(), p.groups());
        int[] filterDims = new int[r + 2];
        System.arraycopy(p.kernel(), 0, filterDims, 0, r);
        filterDims[r] = p.outChannelsPerGroup();
        filterDims[r + 1] = p.inChannels();
        Tensor equivalentFilter = Tensor.wrap(Shape.of(filterDims), transposed);
        ConvSpec.Builder equivalentSpec = ConvSpec.builder(r).dilations(p.dilations()).groups(p.groups());
        int[] spread = new int[r + 2];
        int[] gradient = new int[r + 2];
        spread[0] = gradient[0] = p.batch();
        spread[r + 1] = gradient[r + 1] = p.outChannels();
        int[] before = new int[r];
        int[] after = new int[r];
        boolean direct = true;
        for (int a = 0; a < r; a++) {
            spread[a + 1] = p.inSizes()[a] + effectiveKernel(p, a) - 1;
            gradient[a + 1] = p.outSizes()[a];
            before[a] = effectiveKernel(p, a) - 1 - p.padBefore()[a];
            after[a] = spread[a + 1] - before[a] - p.outSizes()[a];
            direct &= p.strides()[a] == 1 && before[a] >= 0 && after[a] >= 0;
        }
        if (direct) {
            Shape dyShape = Shape.of(gradient);
            ConvPlan plan = planner.plan(equivalentSpec.padding(new Padding.Explicit(before, after)).build(), dyShape,
                    equivalentFilter, null);
            return new GradInputPlan(g, p, plan, dyShape, true);
        }
        Shape spreadShape = Shape.of(spread);
        ConvPlan plan = planner.plan(equivalentSpec.padding(Padding.VALID).build(), spreadShape, equivalentFilter, null);
        return new GradInputPlan(g, p, plan, spreadShape, false);
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

    /** {@code dL/dx} for {@code dL/dy} of the forward output's shape, in a new tensor. */
    public Tensor run(Tensor gradOutput) {
        Tensor gradInput = Tensor.zeros(geometry.inputShape());
        run(gradOutput, gradInput);
        return gradInput;
    }

    /** {@code dL/dx} into {@code gradInput} (the forward input's shape), for repeated calls without allocation. */
    public void run(Tensor gradOutput, Tensor gradInput) {
        if (!gradOutput.shape().equals(geometry.outputShape())) {
            throw new ConvShapeException("grad-output", "the output gradient must have the forward output's shape "
                    + geometry.outputShape() + " (" + geometry.problem() + "), got " + gradOutput.shape());
        }
        if (!gradInput.shape().equals(geometry.inputShape())) {
            throw new ConvShapeException("grad-input", "the input gradient must have the forward input's shape "
                    + geometry.inputShape() + ", got " + gradInput.shape());
        }
        boolean channelsFirst = geometry.spec().dataFormat() == DataFormat.CHANNELS_FIRST;
        boolean folds = geometry.spec().boundary() != Boundary.ZERO;
        float[] dy = gradOutput.data();
        if (channelsFirst) {
            dy = Layouts.toChannelsLast(dy, canonical.batch(), canonical.outChannels(),
                    Math.toIntExact(canonical.outputVolume()));
        }
        Tensor input = Tensor.wrap(equivalentInput, readsGradientDirectly ? dy : spread(dy));
        if (!channelsFirst && !folds) {
            equivalent.run(input, gradInput);
            return;
        }
        float[] dx = equivalent.run(input).data();
        if (folds) {
            dx = BoundaryPadding.fold(dx, canonical.batch(), canonical.inChannels(), geometry.inputSizes(),
                    geometry.padsBefore(), geometry.padsAfter(), geometry.spec().boundary());
        }
        if (channelsFirst) {
            Layouts.toChannelsFirst(dx, canonical.batch(), canonical.inChannels(),
                    Math.toIntExact(geometry.inputVolume()), gradInput.data());
        } else {
            System.arraycopy(dx, 0, gradInput.data(), 0, dx.length);
        }
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
            spreadSizes[a] = equivalentInput.dim(a + 1);
            shift[a] = effectiveKernel(canonical, a) - 1 - canonical.padBefore()[a];
        }
        float[] spread = new float[equivalentInput.checkedElementCount("spread output gradient")];
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
