package dev.conv4j.kernel.blocked;

/**
 * The transforms of Winograd's F(m×m, 3×3) and F(m, 3) ({@link WinogradTile}), apart from their
 * iteration: one implementation with the Vector API ({@link WinogradSimd}) and its scalar twin
 * ({@link WinogradScalar}), vectorised along the channels. Both evaluate every element with the
 * same operations in the same order, so they agree bit for bit.
 *
 * <p>Both transforms are separable: the 2D one applies the 1D one to the patch's columns, then
 * to its rows (a 1D patch has one row). The 1D transforms, with {@code n = m + 2} points:
 * <ul>
 *   <li>F(2, 3), {@code Bᵀ = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]}:
 *       {@code V = (d0 - d2, d1 + d2, d2 - d1, d1 - d3)}; {@code Aᵀ = [[1, 1, 1, 0], [0, 1, -1, -1]]}:
 *       {@code Y = ((m0 + m1) + m2, (m1 - m2) - m3)}.</li>
 *   <li>F(4, 3), Lavin and Gray's matrices: {@code V0 = (4d0 - 5d2) + d4},
 *       {@code V1 = (d3 + d4) - 4(d1 + d2)}, {@code V2 = (d4 - d3) + 4(d1 - d2)},
 *       {@code V3 = (d4 - d2) + 2(d3 - d1)}, {@code V4 = (d4 - d2) - 2(d3 - d1)},
 *       {@code V5 = (4d1 - 5d3) + d5}; with {@code a = m1 + m2}, {@code b = m1 - m2},
 *       {@code c = m3 + m4}, {@code e = m3 - m4}: {@code Y = ((m0 + a) + c, b + 2e, a + 4c, (b + 8e) + m5)}.</li>
 * </ul>
 * The output transform adds the bias last.
 *
 * <p>{@code rows} is the patch's height: {@code n} in 2D, 1 in 1D.
 */
interface WinogradOps {

    /**
     * For {@code c < channels}: element {@code ξ = n·a + b} of the transformed patch goes to
     * {@code v[vBase + ξ * vStride + c]}, where patch element {@code (i, j)} of channel {@code c}
     * is {@code src[base + i * rowStep + j * columnStep + c]}.
     */
    void inputTransform(WinogradTile tile, float[] src, int base, int rowStep, int columnStep, int rows, int channels,
                        float[] v, int vBase, int vStride);

    /**
     * For {@code c < channels}: output {@code (i, j)} ({@code j < m}, {@code i < m} or 0 for one
     * row) of the block whose element {@code ξ} is {@code m[mBase + ξ * mStride + c]}, plus
     * {@code bias[c]}, goes to {@code out[outOffsets[m·i + j] + c]} when bit {@code m·i + j} of
     * {@code valid} is set. F(4, 3) overwrites the block's elements (it works in place).
     */
    void outputTransform(WinogradTile tile, float[] m, int mBase, int mStride, int rows, int channels, float[] bias,
                         float[] out, int[] outOffsets, int valid);

    /** True when any of {@code values[from, to)} is NaN or infinite: a tile's outputs, checked after the transform. */
    boolean anyNonFinite(float[] values, int from, int to);
}
