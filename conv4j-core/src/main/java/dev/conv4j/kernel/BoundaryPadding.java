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
        Mapping m = new Mapping(batch, channels, inSizes, before, after, boundary);
        float[] dst = new float[m.paddedLength()];
        m.forEachPaddedPosition((source, padded) -> System.arraycopy(src, source, dst, padded, channels));
        return dst;
    }

    /**
     * The adjoint of {@link #pad}: sums each padded position's values back into the input
     * position it was read from. The gradient of a boundary-padded convolution with respect to
     * its input is the fold of the gradient with respect to the padded input.
     */
    public static float[] fold(float[] padded, int batch, int channels, int[] inSizes, int[] before, int[] after,
                               Boundary boundary) {
        Mapping m = new Mapping(batch, channels, inSizes, before, after, boundary);
        float[] dst = new float[Math.multiplyExact(m.srcImage, batch)];
        m.forEachPaddedPosition((source, pad) -> {
            for (int c = 0; c < channels; c++) {
                dst[source + c] += padded[pad + c];
            }
        });
        return dst;
    }

    @FunctionalInterface
    private interface PositionPair {
        void accept(int sourceOffset, int paddedOffset);
    }

    /** Which input position every padded position reads, per axis. */
    private static final class Mapping {
        final int batch;
        final int channels;
        final int rank;
        final int[] paddedSizes;
        final int[][] sourceOf;
        final int[] srcStride;
        final int srcImage;
        final int paddedVolume;

        Mapping(int batch, int channels, int[] inSizes, int[] before, int[] after, Boundary boundary) {
            this.batch = batch;
            this.channels = channels;
            this.rank = inSizes.length;
            this.paddedSizes = new int[rank];
            this.sourceOf = new int[rank][];
            this.srcStride = new int[rank];
            int stride = channels;
            for (int a = rank - 1; a >= 0; a--) {
                srcStride[a] = stride;
                stride *= inSizes[a];
            }
            this.srcImage = stride;
            int volume = 1;
            for (int a = 0; a < rank; a++) {
                paddedSizes[a] = inSizes[a] + before[a] + after[a];
                volume = Math.multiplyExact(volume, paddedSizes[a]);
                sourceOf[a] = new int[paddedSizes[a]];
                for (int p = 0; p < paddedSizes[a]; p++) {
                    sourceOf[a][p] = boundary.sourceIndex(p - before[a], inSizes[a]);
                }
            }
            this.paddedVolume = volume;
        }

        int paddedLength() {
            return Math.multiplyExact(Math.multiplyExact(batch, paddedVolume), channels);
        }

        /** Visits every padded position that reads an input position (zero-boundary pads read none). */
        void forEachPaddedPosition(PositionPair visitor) {
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
                        visitor.accept(in, out);
                    }
                    out += channels;
                    for (int a = rank - 1; a >= 0 && ++coord[a] == paddedSizes[a]; a--) {
                        coord[a] = 0;
                    }
                }
            }
        }
    }
}
