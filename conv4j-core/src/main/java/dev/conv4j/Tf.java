package dev.conv4j;

import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;

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
        DataFormat format = format(dataFormat, rank);
        ConvSpec.Builder b = ConvSpec.builder(rank)
                .strides(spatial("strides", strides, rank, format))
                .dilations(spatial("dilations", dilations, rank, format))
                .padding(padding)
                .dataFormat(format);
        if (depthwise) {
            b.depthwise();
        }
        return Conv.forward(b.build(), input, filters);
    }

    private static DataFormat format(String name, int rank) {
        DataFormat format = DataFormat.parse(name);
        int impliedRank = DataFormat.spatialRankOf(name);
        if (impliedRank != -1 && impliedRank != rank) {
            throw new ConvShapeException("data_format", "data_format " + name + " is for " + impliedRank
                    + "D data; this is a " + rank + "D convolution (use " + format.code(rank) + ")");
        }
        return format;
    }

    private static Padding named(String padding) {
        Padding p = Padding.parse(padding);
        if (p instanceof Padding.Explicit) {
            throw new ConvShapeException("padding", "padding '" + padding
                    + "' must be SAME or VALID; pass explicit pads as int[][] pairs");
        }
        return p;
    }

    /** TensorFlow's explicit padding: a pair per axis of the data, or a pair per spatial axis. */
    private static Padding explicit(int[][] pairs, int rank, String dataFormat) {
        DataFormat format = format(dataFormat, rank);
        int[] before = new int[rank];
        int[] after = new int[rank];
        if (pairs.length == rank + 2) {
            int[] nonSpatial = {0, format.channelAxis(rank)};
            for (int axis : nonSpatial) {
                if (pairs[axis].length != 2 || pairs[axis][0] != 0 || pairs[axis][1] != 0) {
                    throw new ConvShapeException("padding", "explicit padding " + Arrays.deepToString(pairs)
                            + " pads the batch or channel axis (axis " + axis + "); those pairs must be [0, 0]");
                }
            }
        } else if (pairs.length != rank) {
            throw new ConvShapeException("padding", "explicit padding " + Arrays.deepToString(pairs) + " has "
                    + pairs.length + " pairs; a " + rank + "D convolution takes " + rank + " or " + (rank + 2));
        }
        for (int i = 0; i < rank; i++) {
            int[] pair = pairs[pairs.length == rank ? i : format.spatialAxis(rank, i)];
            if (pair.length != 2) {
                throw new ConvShapeException("padding", "explicit padding " + Arrays.deepToString(pairs)
                        + ": every entry must be a [before, after] pair");
            }
            before[i] = pair[0];
            after[i] = pair[1];
        }
        return new Padding.Explicit(before, after);
    }

    /** Strides or dilations in any of TensorFlow's forms, reduced to one value per spatial axis. */
    static int[] spatial(String argument, int[] values, int rank, DataFormat format) {
        if (values == null || values.length == 0) {
            return new int[] {1};
        }
        if (values.length == 1 || values.length == rank) {
            return values.clone();
        }
        if (values.length == rank + 2) {
            int batch = values[0];
            int channel = values[format.channelAxis(rank)];
            if (batch != 1 || channel != 1) {
                throw new ConvShapeException(argument, argument + " " + Arrays.toString(values)
                        + ": the batch and channel entries of the long form must be 1 (got " + batch + " and "
                        + channel + " in " + format.code(rank) + " order)");
            }
            int[] out = new int[rank];
            for (int i = 0; i < rank; i++) {
                out[i] = values[format.spatialAxis(rank, i)];
            }
            return out;
        }
        throw new ConvShapeException(argument, argument + " " + Arrays.toString(values) + " has " + values.length
                + " values; a " + rank + "D convolution takes 1, " + rank + " or " + (rank + 2));
    }
}
