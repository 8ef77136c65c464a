package dev.conv4j.kernel.spatial;

/**
 * The arithmetic of the few-channel kernel, apart from its iteration (Lucene's split): one
 * implementation with the Vector API ({@link SpatialSimd}) and its scalar twin
 * ({@link SpatialScalar}). Both sum every output in the same order with fused multiply-adds,
 * so they agree bit for bit.
 *
 * <p>A tile of up to {@link #MAX_DIRECT} output channels that are all of the output's channels
 * is written channels-last straight into the output, interleaved in registers; otherwise a tile
 * goes to per-channel planes, which {@link #interleave} then writes out. Writing directly saves
 * the planes' round trip and spreads the output stores over the arithmetic, which matters
 * because these problems move more bytes than they compute.
 */
interface SpatialOps {
    /**
     * Positions per group: slab rows start on multiples of it, so a group of consecutive
     * positions never straddles two rows, and each group has one place in the output. A power of
     * two.
     */
    int GROUP = 16;

    /** The most channels a tile writes straight to the output. */
    int MAX_DIRECT = 4;

    /** Output positions a tile holds in registers at once: a multiple of {@link #GROUP}. */
    int block();

    /** Output positions one call computes at most: a few blocks, so that calls are few. */
    int span();

    /**
     * Where a direct tile's groups go: group {@code g} of the call (positions
     * {@code start + g * GROUP ..}) writes its first {@code valid[g]} positions, channels-last,
     * from {@code offset[g]} of {@code out}; a group with {@code valid[g] == 0} is skipped.
     * {@code partial} holds a part-written group on its way out.
     */
    final class Output {
        float[] out;
        final int[] offset;
        final int[] valid;
        final float[] partial = new float[MAX_DIRECT * GROUP];

        Output(int groups) {
            this.offset = new int[groups];
            this.valid = new int[groups];
        }
    }

    /**
     * A tile of {@code channels} (1 to {@link #MAX_DIRECT}) output channels at {@code blocks} (at
     * most {@link #span()} / {@link #block()}) blocks of consecutive positions: for
     * {@code c < channels} and {@code p < blocks * block()}, the value
     * <pre>
     * bias[biasOffset + c] + Σ_j rows[src[j] + start + p] * weights[weightBase + tapWeight[j] * channels + c]
     * </pre>
     * accumulated over {@code j = 0 .. taps-1} in order with fused multiply-adds. Several
     * channels share each loaded input vector, which is what makes the tile fast. With
     * {@code direct} null the values go to {@code planes[planeOffset + c * span() + p]} (and the
     * tile has at most 3 channels); otherwise channels-last to {@code direct}, and the tile holds
     * every output channel.
     */
    void tile(int channels, float[] rows, int[] src, int[] tapWeight, int taps, int start, int blocks,
              float[] weights, int weightBase, float[] bias, int biasOffset, float[] planes, int planeOffset,
              Output direct);

    /**
     * Channels-last output from per-channel planes:
     * {@code out[outOffset + p * channels + c] = planes[c * span() + from + p]} for
     * {@code p < positions}. May read up to a vector past a plane's {@code from + positions}.
     */
    void interleave(float[] planes, int from, int channels, int positions, float[] out, int outOffset);
}
