package dev.conv4j.spec;

import java.util.Locale;

/**
 * The axis order of a convolution filter. {@code HWIO} is TensorFlow's
 * {@code [k_1..k_r, in_channels/groups, out_channels]}; {@code OIHW} is PyTorch's
 * {@code [out_channels, in_channels/groups, k_1..k_r]}.
 */
public enum FilterFormat {
    HWIO,
    OIHW;

    /** Parses {@code HWIO}/{@code OIHW} and their 1D/3D spellings ({@code WIO}, {@code OIDHW}, ...). */
    public static FilterFormat parse(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.matches("[DHW]{1,3}IO")) {
            return HWIO;
        }
        if (n.matches("OI[DHW]{1,3}")) {
            return OIHW;
        }
        throw new ConvShapeException("filter-format", "unknown filter format '" + name
                + "': expected HWIO (WIO, DHWIO) or OIHW (OIW, OIDHW)");
    }

    /** The name of this format at the given spatial rank, e.g. {@code DHWIO}. */
    public String code(int spatialRank) {
        String spatial = AxisNames.spatialLetters(spatialRank);
        return this == HWIO ? spatial + "IO" : "OI" + spatial;
    }

    public int kernelAxis(int spatialRank, int i) {
        return this == HWIO ? i : 2 + i;
    }

    public int inChannelAxis(int spatialRank) {
        return this == HWIO ? spatialRank : 1;
    }

    public int outChannelAxis(int spatialRank) {
        return this == HWIO ? spatialRank + 1 : 0;
    }
}
