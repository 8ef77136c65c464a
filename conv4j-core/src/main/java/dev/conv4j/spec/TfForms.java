package dev.conv4j.spec;

import java.util.Arrays;

/**
 * TensorFlow's argument forms reduced to conv4j's: strides and dilations as one number, one
 * per spatial axis or the long form {@code [1, s_h, s_w, 1]}; explicit padding as a pair per
 * axis of the data or per spatial axis. Shared by the {@code Tf} facade and the CLI.
 */
public final class TfForms {
    private TfForms() {
    }

    /**
     * One value per spatial axis (or a single value for all) from any of TensorFlow's forms; the
     * long form's batch and channel entries must be 1. Null or empty means 1.
     */
    public static int[] perSpatialAxis(String argument, int[] values, int rank, DataFormat format) {
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

    /** Explicit padding from pairs: one {@code [before, after]} per axis of the data, or per spatial axis. */
    public static Padding explicitPadding(int[][] pairs, int rank, DataFormat format) {
        if (pairs.length == rank + 2) {
            for (int axis : new int[] {0, format.channelAxis(rank)}) {
                if (pairs[axis].length != 2 || pairs[axis][0] != 0 || pairs[axis][1] != 0) {
                    throw new ConvShapeException("padding", "explicit padding " + Arrays.deepToString(pairs)
                            + " pads the batch or channel axis (axis " + axis + "); those pairs must be [0, 0]");
                }
            }
        } else if (pairs.length != rank) {
            throw new ConvShapeException("padding", "explicit padding " + Arrays.deepToString(pairs) + " has "
                    + pairs.length + " pairs; a " + rank + "D convolution takes " + rank + " or " + (rank + 2));
        }
        int[] before = new int[rank];
        int[] after = new int[rank];
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

    /** The data format named by TensorFlow's {@code data_format}, checked against the rank it implies. */
    public static DataFormat dataFormat(String name, int rank) {
        DataFormat format = DataFormat.parse(name);
        int impliedRank = DataFormat.spatialRankOf(name);
        if (impliedRank != -1 && impliedRank != rank) {
            throw new ConvShapeException("data_format", "data_format " + name + " is for " + impliedRank
                    + "D data; this is a " + rank + "D convolution (use " + format.code(rank) + ")");
        }
        return format;
    }
}
