package dev.conv4j;

import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.kernel.ChannelSums;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.TransposedSizes;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * The descriptor API in a few lines: describe the convolution with a {@link ConvSpec}, then
 * compute it once ({@link #forward}) or plan it and run the plan many times ({@link #plan}).
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).strides(2).padding(Padding.SAME).build();
 * Tensor y = Conv.forward(spec, x, w);             // x [1,224,224,3], w [7,7,3,64] -> y [1,112,112,64]
 * }</pre>
 */
public final class Conv {
    private Conv() {
    }

    /** Output shape and pads, without data. */
    public static ConvGeometry geometry(ConvSpec spec, Shape input, Shape filter) {
        return spec.geometry(input, filter);
    }

    public static Tensor forward(ConvSpec spec, Tensor input, Tensor filter) {
        return forward(spec, input, filter, null);
    }

    /** Convolves once, with all processors; {@code bias} ({@code [C_out]}) may be null. */
    public static Tensor forward(ConvSpec spec, Tensor input, Tensor filter, Tensor bias) {
        return plan(spec, input.shape(), filter, bias).run(input);
    }

    /**
     * The gradient with respect to the input: {@code dL/dx} of the forward convolution
     * {@code spec} over inputs of {@code inputShape}, given {@code dL/dy}. Matches TensorFlow's
     * {@code conv2d_backprop_input} (and its 1D/3D analogues).
     */
    public static Tensor gradInput(ConvSpec spec, Shape inputShape, Tensor filter, Tensor gradOutput) {
        return gradInput(Planner.standard(), spec, inputShape, filter, gradOutput);
    }

    /** {@link #gradInput(ConvSpec, Shape, Tensor, Tensor)} planned by {@code planner} (threads, a forced algorithm). */
    public static Tensor gradInput(Planner planner, ConvSpec spec, Shape inputShape, Tensor filter, Tensor gradOutput) {
        TransposedSizes.checkProducible(spec, inputShape, filter.shape(), gradOutput.shape(), "input-shape");
        return planner.planGradInput(spec, inputShape, filter).run(gradOutput);
    }

    /** The gradient with respect to the filter, in the filter's layout; as {@code conv2d_backprop_filter}. */
    public static Tensor gradFilter(ConvSpec spec, Tensor input, Shape filterShape, Tensor gradOutput) {
        return gradFilter(Planner.standard(), spec, input, filterShape, gradOutput);
    }

    /** {@link #gradFilter(ConvSpec, Tensor, Shape, Tensor)} planned by {@code planner} (threads, a forced algorithm). */
    public static Tensor gradFilter(Planner planner, ConvSpec spec, Tensor input, Shape filterShape, Tensor gradOutput) {
        return planner.planGradFilter(spec, input.shape(), filterShape).run(input, gradOutput);
    }

    /** The gradient with respect to a per-channel bias: {@code dL/dy} summed over batch and positions. */
    public static Tensor gradBias(ConvSpec spec, Tensor gradOutput) {
        int r = spec.spatialRank();
        if (gradOutput.rank() != r + 2) {
            throw new ConvShapeException("grad-output", "output gradient " + gradOutput.shape() + " does not fit a "
                    + r + "D convolution: expected rank " + (r + 2));
        }
        boolean channelsFirst = spec.dataFormat() == DataFormat.CHANNELS_FIRST;
        int channels = gradOutput.shape().dim(spec.dataFormat().channelAxis(r));
        int batch = gradOutput.shape().dim(0);
        int volume = (int) (gradOutput.shape().elementCount() / Math.max(1L, (long) batch * channels));
        return Tensor.wrap(Shape.of(channels), ChannelSums.of(gradOutput.data(), batch, channels, volume, channelsFirst));
    }

    /**
     * The transposed convolution ("deconvolution") of {@code input} producing {@code outputShape},
     * as TensorFlow's {@code conv2d_transpose}: {@code spec} and {@code filter} describe the forward
     * convolution it reverses, so the filter is {@code [k..., out_channels, in_channels]} in HWIO.
     */
    public static Tensor transpose(ConvSpec spec, Tensor input, Tensor filter, Shape outputShape) {
        return transpose(Planner.standard(), spec, input, filter, outputShape);
    }

    /** {@link #transpose(ConvSpec, Tensor, Tensor, Shape)} planned by {@code planner} (threads, a forced algorithm). */
    public static Tensor transpose(Planner planner, ConvSpec spec, Tensor input, Tensor filter, Shape outputShape) {
        TransposedSizes.checkProducible(spec, outputShape, filter.shape(), input.shape(), "output-shape");
        return planner.planGradInput(spec, outputShape, filter).run(input);
    }

    /** The transposed convolution with PyTorch's {@code output_padding} choosing among the legal output sizes. */
    public static Tensor transpose(ConvSpec spec, Tensor input, Tensor filter, int[] outputPadding) {
        return transpose(spec, input, filter,
                TransposedSizes.outputShape(spec, input.shape(), filter.shape(), outputPadding));
    }

    /** A plan for inputs of {@code inputShape}, with the standard planner and all processors. */
    public static ConvPlan plan(ConvSpec spec, Shape inputShape, Tensor filter, Tensor bias) {
        return Planner.standard().plan(spec, inputShape, filter, bias);
    }
}
