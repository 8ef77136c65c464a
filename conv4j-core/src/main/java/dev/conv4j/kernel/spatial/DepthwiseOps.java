package dev.conv4j.kernel.spatial;

/**
 * The arithmetic of the depthwise kernel, apart from its iteration: one implementation with the
 * Vector API ({@link DepthwiseSimd}) and its scalar twin ({@link DepthwiseScalar}), summing in
 * the same order with fused multiply-adds so that they agree bit for bit.
 */
interface DepthwiseOps {

    /** Channels per vector. */
    int lanes();

    /** Output positions {@link #block} computes at once (its register block). */
    int positions();

    /**
     * {@code count} vectors of a cached row, from positions {@code srcStride} apart:
     * {@code dst[to + j * lanes() + l] = src[from + j * srcStride + l]} for {@code l < width}, and
     * zero for the other lanes.
     */
    void copyVectors(float[] src, int from, int srcStride, int width, int count, float[] dst, int to);

    /**
     * {@code count} vectors of a cached row gathered from positions {@code srcStride} apart, each
     * lane from its own channel: {@code dst[to + j * lanes() + l] = src[from + j * srcStride + channels[l]]}
     * for {@code l < width}, and zero for the other lanes.
     */
    void gatherVectors(float[] src, int from, int srcStride, int[] channels, int width, int count, float[] dst, int to);

    /**
     * Up to two vectors ({@code 2 * lanes()}) of channels at {@code count} positions of a row segment, whose inputs
     * are {@code positionStride} floats apart in the rows ({@link #lanes()} in a slab, the
     * channel count in the input itself):
     * <pre>
     * out[outOffset + i * outStride + l] = bias[lane0 + l] + Σ_r Σ_{t &lt; kernelWidth}
     *     rows[src[r] + base + (i + t) * positionStride + l] * weights[tapWeight[r] + t * weightStride + lane0 + l]
     * </pre>
     * for {@code i < count} and {@code l < channels}, accumulated over {@code r = 0 .. entries-1}
     * and then {@code t} in order with fused multiply-adds. Positions are computed
     * {@link #positions()} at a time, so the rows must extend that far past {@code count}. More
     * than {@link #lanes()} channels only where they lie side by side in the rows (the input
     * itself, not a slab's planes).
     *
     * <p>With width stride and dilation 1, an entry is an input row and {@code t} its width taps:
     * tap {@code t} of position {@code i} reads what tap 0 of position {@code i + t} reads, so the
     * input vectors slide through registers, one load per tap instead of one per tap and
     * position. Otherwise every tap is an entry of its own and {@code kernelWidth} is 1.
     */
    void block(float[] rows, int[] src, int[] tapWeight, int entries, int kernelWidth, int weightStride,
               int base, int positionStride, float[] weights, float[] bias, int lane0, float[] out,
               int outOffset, int outStride, int count, int channels);

    /**
     * Up to two vectors ({@code 2 * lanes()}) of channels at one output position, from the input itself:
     * {@code out[outOffset + l] = bias[lane0 + l] + Σ_j input[src[j] + lane0 + l] * weights[tapWeight[j] + lane0 + l]}
     * for {@code l < channels}, accumulated over {@code j = 0 .. taps-1} in order with fused
     * multiply-adds; reads no input lane past {@code channels}.
     */
    void position(float[] input, int[] src, int[] tapWeight, int taps, float[] weights, float[] bias, int lane0,
                  float[] out, int outOffset, int channels);
}
