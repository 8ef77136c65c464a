package dev.conv4j;

import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.spec.TfForms;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * TensorFlow's convolution functions with TensorFlow's argument forms, for code ported from
 * {@code tf.nn}: strides and dilations as one number, one per spatial axis, or the long form
 * {@code [1, s_h, s_w, 1]} (whose batch and channel entries must be 1); padding as
 * {@code "SAME"}/{@code "VALID"} or explicit {@code [[0,0],[t,b],[l,r],[0,0]]} (or one pair per
 * spatial axis); data formats by name ({@code "NHWC"}, {@code "NCHW"}, ...).
 *
 * <p>Filters are TensorFlow's {@code [k..., in_channels, out_channels]}; the depthwise filter is
 * {@code [kh, kw, in_channels, multiplier]}.
 */
public final class Tf {
    private Tf() {
    }

    /** {@code tf.nn.conv1d(input, filters, stride, padding)} on {@code NWC} data. */
    public static Tensor conv1d(Tensor input, Tensor filters, int stride, String padding) {
        return conv1d(input, filters, new int[] {stride}, padding, "NWC", new int[] {1});
    }

    public static Tensor conv1d(Tensor input, Tensor filters, int[] stride, String padding, String dataFormat,
                                int[] dilations) {
        return run(1, false, input, filters, stride, named(padding), dataFormat, dilations);
    }

    public static Tensor conv1d(Tensor input, Tensor filters, int[] stride, int[][] padding, String dataFormat,
                                int[] dilations) {
        return run(1, false, input, filters, stride, explicit(padding, 1, dataFormat), dataFormat, dilations);
    }

    /** {@code tf.nn.conv2d(input, filters, strides, padding)} on {@code NHWC} data. */
    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, String padding) {
        return conv2d(input, filters, strides, padding, "NHWC", new int[] {1});
    }

    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, String padding, String dataFormat,
                                int[] dilations) {
        return run(2, false, input, filters, strides, named(padding), dataFormat, dilations);
    }

    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, int[][] padding, String dataFormat,
                                int[] dilations) {
        return run(2, false, input, filters, strides, explicit(padding, 2, dataFormat), dataFormat, dilations);
    }

    /** {@code tf.nn.conv3d(input, filters, strides, padding)} on {@code NDHWC} data. */
    public static Tensor conv3d(Tensor input, Tensor filters, int[] strides, String padding) {
        return conv3d(input, filters, strides, padding, "NDHWC", new int[] {1});
    }

    public static Tensor conv3d(Tensor input, Tensor filters, int[] strides, String padding, String dataFormat,
                                int[] dilations) {
        return run(3, false, input, filters, strides, named(padding), dataFormat, dilations);
    }

    public static Tensor conv3d(Tensor input, Tensor filters, int[] strides, int[][] padding, String dataFormat,
                                int[] dilations) {
        return run(3, false, input, filters, strides, explicit(padding, 3, dataFormat), dataFormat, dilations);
    }

    /** {@code tf.nn.depthwise_conv2d(input, filter, strides, padding)} on {@code NHWC} data. */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, int[] strides, String padding) {
        return depthwiseConv2d(input, filter, strides, padding, "NHWC", new int[] {1});
    }

    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, int[] strides, String padding,
                                         String dataFormat, int[] dilations) {
        return run(2, true, input, filter, strides, named(padding), dataFormat, dilations);
    }

    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, int[] strides, int[][] padding,
                                         String dataFormat, int[] dilations) {
        return run(2, true, input, filter, strides, explicit(padding, 2, dataFormat), dataFormat, dilations);
    }

    /**
     * {@code tf.nn.conv2d_backprop_input}: the gradient of {@code conv2d} with respect to its
     * input of shape {@code inputSizes}. The 1D and 3D forms are {@link #backpropInput}.
     */
    public static Tensor conv2dBackpropInput(int[] inputSizes, Tensor filter, Tensor outBackprop, int[] strides,
                                             String padding, String dataFormat, int[] dilations) {
        return backpropInput(2, inputSizes, filter, outBackprop, strides, padding, dataFormat, dilations);
    }

    /** {@code tf.nn.conv2d_backprop_filter}: the gradient of {@code conv2d} with respect to its filter. */
    public static Tensor conv2dBackpropFilter(Tensor input, int[] filterSizes, Tensor outBackprop, int[] strides,
                                              String padding, String dataFormat, int[] dilations) {
        return backpropFilter(2, input, filterSizes, outBackprop, strides, padding, dataFormat, dilations);
    }

    /** The input gradient of a {@code rank}-D convolution ({@code conv3d_backprop_input_v2} for 3). */
    public static Tensor backpropInput(int rank, int[] inputSizes, Tensor filter, Tensor outBackprop, int[] strides,
                                       String padding, String dataFormat, int[] dilations) {
        return Conv.gradInput(spec(rank, false, strides, named(padding), dataFormat, dilations), Shape.of(inputSizes),
                filter, outBackprop);
    }

    /** The filter gradient of a {@code rank}-D convolution ({@code conv3d_backprop_filter_v2} for 3). */
    public static Tensor backpropFilter(int rank, Tensor input, int[] filterSizes, Tensor outBackprop, int[] strides,
                                        String padding, String dataFormat, int[] dilations) {
        return Conv.gradFilter(spec(rank, false, strides, named(padding), dataFormat, dilations), input,
                Shape.of(filterSizes), outBackprop);
    }

    /**
     * {@code tf.nn.conv2d_transpose} (and, by {@code rank}, {@code conv1d_transpose} and
     * {@code conv3d_transpose}): filters {@code [k..., output_channels, in_channels]}; the output
     * shape must be one the forward convolution maps onto the input's shape.
     */
    public static Tensor convTranspose(int rank, Tensor input, Tensor filters, int[] outputShape, int[] strides,
                                       String padding, String dataFormat, int[] dilations) {
        return Conv.transpose(spec(rank, false, strides, named(padding), dataFormat, dilations), input, filters,
                Shape.of(outputShape));
    }

    private static Tensor run(int rank, boolean depthwise, Tensor input, Tensor filters, int[] strides,
                              Padding padding, String dataFormat, int[] dilations) {
        return Conv.forward(spec(rank, depthwise, strides, padding, dataFormat, dilations), input, filters);
    }

    private static ConvSpec spec(int rank, boolean depthwise, int[] strides, Padding padding, String dataFormat,
                                 int[] dilations) {
        DataFormat format = TfForms.dataFormat(dataFormat, rank);
        ConvSpec.Builder b = ConvSpec.builder(rank)
                .strides(TfForms.perSpatialAxis("strides", strides, rank, format))
                .dilations(TfForms.perSpatialAxis("dilations", dilations, rank, format))
                .padding(padding)
                .dataFormat(format);
        if (depthwise) {
            b.depthwise();
        }
        return b.build();
    }

    private static Padding explicit(int[][] pairs, int rank, String dataFormat) {
        return TfForms.explicitPadding(pairs, rank, TfForms.dataFormat(dataFormat, rank));
    }

    private static Padding named(String padding) {
        Padding p = Padding.parse(padding);
        if (p instanceof Padding.Explicit) {
            throw new ConvShapeException("padding", "padding '" + padding
                    + "' must be SAME or VALID; pass explicit pads as int[][] pairs");
        }
        return p;
    }
}
