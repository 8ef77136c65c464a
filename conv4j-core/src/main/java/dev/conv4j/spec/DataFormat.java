package dev.conv4j.spec;

import java.util.Locale;

/**
 * Where the channel axis of an input or output tensor sits. Channels-last ({@code NWC},
 * {@code NHWC}, {@code NDHWC}) is TensorFlow's default; channels-first ({@code NCW},
 * {@code NCHW}, {@code NCDHW}) is PyTorch's. The output always has the input's format.
 */
public enum DataFormat {
    CHANNELS_LAST,
    CHANNELS_FIRST;

    /** Parses TensorFlow's names ({@code NHWC}, {@code NCDHW}, ...) or {@code channels_last/first}. */
    public static DataFormat parse(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.equals("CHANNELS_LAST") || n.matches("N[DHW]{1,3}C")) {
            return CHANNELS_LAST;
        }
        if (n.equals("CHANNELS_FIRST") || n.matches("NC[DHW]{1,3}")) {
            return CHANNELS_FIRST;
        }
        throw new ConvShapeException("data-format", "unknown data format '" + name
                + "': expected NWC, NHWC, NDHWC, NCW, NCHW or NCDHW");
    }

    /** The spatial rank a format name implies ({@code NCHW} → 2), or -1 for channels_last/first. */
    public static int spatialRankOf(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        return n.startsWith("CHANNELS") ? -1 : n.length() - 2;
    }

    /** TensorFlow's name for this format at the given spatial rank, e.g. {@code NHWC}. */
    public String code(int spatialRank) {
        String spatial = AxisNames.spatialLetters(spatialRank);
        return this == CHANNELS_LAST ? "N" + spatial + "C" : "NC" + spatial;
    }

    /** The axis of the channels in a tensor of {@code spatialRank + 2} axes. */
    public int channelAxis(int spatialRank) {
        return this == CHANNELS_LAST ? spatialRank + 1 : 1;
    }

    /** The axis of spatial dimension {@code i} in a tensor of {@code spatialRank + 2} axes. */
    public int spatialAxis(int spatialRank, int i) {
        return this == CHANNELS_LAST ? 1 + i : 2 + i;
    }
}
