package dev.conv4j.kernel;

/** Moves data between channels-first and channels-last, one image at a time. */
public final class Layouts {
    /** Square tiles keep both the rows read and the columns written within cache lines. */
    private static final int TILE = 32;

    private Layouts() {
    }

    /** {@code [N, C, volume]} → {@code [N, volume, C]}. */
    public static float[] toChannelsLast(float[] src, int batch, int channels, int volume) {
        float[] dst = new float[src.length];
        for (int n = 0; n < batch; n++) {
            int offset = n * channels * volume;
            transpose(src, offset, channels, volume, dst, offset);
        }
        return dst;
    }

    /** {@code [N, volume, C]} → {@code [N, C, volume]}, into {@code dst}. */
    public static void toChannelsFirst(float[] src, int batch, int channels, int volume, float[] dst) {
        for (int n = 0; n < batch; n++) {
            int offset = n * channels * volume;
            transpose(src, offset, volume, channels, dst, offset);
        }
    }

    /** Writes the {@code cols x rows} transpose of the row-major {@code rows x cols} matrix at {@code srcOffset}. */
    static void transpose(float[] src, int srcOffset, int rows, int cols, float[] dst, int dstOffset) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        dst[dstOffset + c * rows + r] = src[srcOffset + r * cols + c];
                    }
                }
            }
        }
    }
}
