package dev.conv4j.kernel.spatial;

/**
 * The arithmetic of the few-channel kernel, apart from its iteration (Lucene's split): one
 * implementation with the Vector API ({@link SpatialSimd}) and its scalar twin
 * ({@link SpatialScalar}). Both sum every output in the same order with fused multiply-adds,
 * so they agree bit for bit.
 */
interface SpatialOps {

    /** Output positions a tile holds in registers at once. */
    int block();

    /** Output positions one call computes and interleaves at most: a few blocks, so that calls are few. */
    int span();

    /**
     * A tile of {@code channels} (1, 2 or 3) output channels at {@code blocks} (at most
     * {@link #span()} / {@link #block()}) blocks of consecutive positions: for
     * {@code c < channels} and {@code p < blocks * block()},
     * <pre>
     * planes[planeOffset + c * span() + p] = bias[biasOffset + c]
     *     + Σ_j rows[src[j] + start + p] * weights[weightBase + tapWeight[j] * channels + c]
     * </pre>
     * accumulated over {@code j = 0 .. taps-1} in order with fused multiply-adds. Several
     * channels share each loaded input vector, which is what makes the tile fast.
     */
    void tile(int channels, float[] rows, int[] src, int[] tapWeight, int taps, int start, int blocks,
              float[] weights, int weightBase, float[] bias, int biasOffset, float[] planes, int planeOffset);

    /**
     * Channels-last output from per-channel planes:
     * {@code out[outOffset + p * channels + c] = planes[c * span() + from + p]} for
     * {@code p < positions}. May read up to a vector past a plane's {@code from + positions}.
     */
    void interleave(float[] planes, int from, int channels, int positions, float[] out, int outOffset);
}
