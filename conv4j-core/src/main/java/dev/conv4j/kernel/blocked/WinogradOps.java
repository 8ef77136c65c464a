package dev.conv4j.kernel.blocked;

/**
 * The transforms of Winograd's F(2×2, 3×3) and F(2, 3), apart from their iteration: one
 * implementation with the Vector API ({@link WinogradSimd}) and its scalar twin
 * ({@link WinogradScalar}), vectorised along the channels. Both evaluate every element with the
 * same additions in the same order, so they agree bit for bit.
 *
 * <p>Input transform {@code V = Bᵀ d B} of a 4×4 input patch {@code d} (or {@code Bᵀ d} of a
 * 1×4 one), with {@code Bᵀ = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]},
 * applied to the patch's columns and then to its rows: {@code (d0 - d2, d1 + d2, d2 - d1, d1 - d3)}.
 *
 * <p>Output transform {@code Y = Aᵀ M A + bias} of a 4×4 block of products {@code M} (or
 * {@code Aᵀ M + bias} of a 1×4 one), with {@code Aᵀ = [[1, 1, 1, 0], [0, 1, -1, -1]]}:
 * {@code ((m0 + m1) + m2, (m1 - m2) - m3)}, on the columns and then on the rows, the bias added
 * last.
 *
 * <p>{@code rows} is the patch's height: 4 for F(2×2, 3×3), 1 for F(2, 3).
 */
interface WinogradOps {

    /**
     * For {@code c < channels}: element {@code ξ = 4a + b} of the transformed patch goes to
     * {@code v[vBase + ξ * vStride + c]}, where patch element {@code (i, j)} of channel {@code c}
     * is {@code src[offsets[4i + j] + c]}.
     */
    void inputTransform(float[] src, int[] offsets, int rows, int channels, float[] v, int vBase, int vStride);

    /**
     * For {@code c < channels}: output {@code (i, j)} (j in 0..1, i in 0..1 or 0 for one row) of
     * the block whose element {@code ξ} is {@code m[mBase + ξ * mStride + c]}, plus
     * {@code bias[c]}, goes to {@code out[outOffsets[2i + j] + c]} when bit {@code 2i + j} of
     * {@code valid} is set.
     */
    void outputTransform(float[] m, int mBase, int mStride, int rows, int channels, float[] bias, float[] out,
                         int[] outOffsets, int valid);

    /** True when any of {@code values[from, to)} is NaN or infinite: a tile's outputs, checked after the transform. */
    boolean anyNonFinite(float[] values, int from, int to);
}
