package dev.conv4j.kernel;

import dev.conv4j.spec.Boundary;

/**
 * Materialises the pads of a non-zero boundary mode (reflect, symmetric, replicate, circular)
 * as a larger channels-last input, so the kernels only ever see zero padding. The border is a
 * view of the input built once, not a branch inside every kernel.
 */
public final class BoundaryPadding {
    private BoundaryPadding() {
    }

    /**
     * Returns {@code [N, n_i + before_i + after_i ..., C]} where each padded coordinate reads the
     * input coordinate {@code boundary.sourceIndex} gives.
     */
    public static float[] pad(float[] src, int batch, int channels, int[] inSizes, int[] before, int[] after,
                              Boundary boundary) {
        int rank = inSizes.length;
        int[] paddedSizes = new int[rank];
        int[][] sourceOf = new int[rank][];
        int[] srcStride = new int[rank];
        int stride = channels;
        for (int a = rank - 1; a >= 0; a--) {
            srcStride[a] = stride;
            stride *= inSizes[a];
        }
        int srcImage = stride;
        int paddedVolume = 1;
        for (int a = 0; a < rank; a++) {
            paddedSizes[a] = inSizes[a] + before[a] + after[a];
            paddedVolume *= paddedSizes[a];
            sourceOf[a] = new int[paddedSizes[a]];
            for (int p = 0; p < paddedSizes[a]; p++) {
                sourceOf[a][p] = boundary.sourceIndex(p - before[a], inSizes[a]);
            }
        }
        float[] dst = new float[Math.multiplyExact(Math.multiplyExact(batch, paddedVolume), channels)];
        int[] coord = new int[rank];
        int out = 0;
        for (int n = 0; n < batch; n++) {
            for (int position = 0; position < paddedVolume; position++) {
                int in = n * srcImage;
                boolean zero = false;
                for (int a = 0; a < rank; a++) {
                    int s = sourceOf[a][coord[a]];
                    zero |= s < 0;
                    in += s * srcStride[a];
                }
                if (!zero) {
                    System.arraycopy(src, in, dst, out, channels);
                }
                out += channels;
                for (int a = rank - 1; a >= 0 && ++coord[a] == paddedSizes[a]; a--) {
                    coord[a] = 0;
                }
            }
        }
        return dst;
    }
}
