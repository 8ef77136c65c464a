package dev.conv4j.io.signal;

/**
 * How a WAV file stores samples. Integer samples are read as {@code value / 2^(bits-1)} (8-bit
 * is unsigned, centred on 128), so every encoding reads into {@code [-1, 1)}; float samples are
 * read as they are.
 */
public enum WavEncoding {
    PCM_U8(1, 8),
    PCM_16(1, 16),
    PCM_24(1, 24),
    PCM_32(1, 32),
    FLOAT_32(3, 32),
    FLOAT_64(3, 64);

    private final int formatTag;
    private final int bits;

    WavEncoding(int formatTag, int bits) {
        this.formatTag = formatTag;
        this.bits = bits;
    }

    /** 1 for integer PCM, 3 for IEEE float. */
    public int formatTag() {
        return formatTag;
    }

    public int bitsPerSample() {
        return bits;
    }

    public int bytesPerSample() {
        return bits / 8;
    }

    public boolean isFloat() {
        return formatTag == 3;
    }

    /** The encoding for a format tag (1 PCM, 3 float) and bit depth, or null if conv4j has none. */
    static WavEncoding of(int formatTag, int bits) {
        for (WavEncoding e : values()) {
            if (e.formatTag == formatTag && e.bits == bits) {
                return e;
            }
        }
        return null;
    }
}
