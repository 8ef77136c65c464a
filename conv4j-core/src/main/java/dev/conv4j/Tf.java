package dev.conv4j;

import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.spec.TfForms;
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

    private static Tensor run(int rank, boolean depthwise, Tensor input, Tensor filters, int[] strides,
                              Padding padding, String dataFormat, int[] dilations) {
        DataFormat format = TfForms.dataFormat(dataFormat, rank);
        ConvSpec.Builder b = ConvSpec.builder(rank)
                .strides(TfForms.perSpatialAxis("strides", strides, rank, format))
                .dilations(TfForms.perSpatialAxis("dilations", dilations, rank, format))
                .padding(padding)
                .dataFormat(format);
        if (depthwise) {
            b.depthwise();
        }
        return Conv.forward(b.build(), input, filters);
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
