package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.NonFinite;

/** {@link WinogradOps} in plain float arithmetic: the twin of {@link WinogradSimd}. */
final class WinogradScalar implements WinogradOps {
    static final WinogradScalar INSTANCE = new WinogradScalar();

    private WinogradScalar() {
    }

    @Override
    public void inputTransform(WinogradTile tile, float[] src, int base, int rowStep, int columnStep, int rows,
                               int channels, float[] v, int vBase, int vStride) {
        inputTransform(tile, src, base, rowStep, columnStep, rows, 0, channels, v, vBase, vStride);
    }

    /** Channels {@code [from, to)}; also the SIMD kernel's tail. */
    static void inputTransform(WinogradTile tile, float[] src, int base, int rowStep, int columnStep, int rows,
                               int from, int to, float[] v, int vBase, int vStride) {
        int n = tile.points();
        for (int c = from; c < to; c++) {
            int at = vBase + c;
            if (rows == 1) {
                transformInput(tile, src, base + c, columnStep, v, at, vStride);
                continue;
            }
            // the columns, through v: element (a, j) of Bᵀ d lands where V's (a, j) goes
            for (int j = 0; j < n; j++) {
                transformInput(tile, src, base + j * columnStep + c, rowStep, v, at + j * vStride, n * vStride);
            }
            // then each row in place
            for (int a = 0; a < n; a++) {
                int row = at + n * a * vStride;
                transformInput(tile, v, row, vStride, v, row, vStride);
            }
        }
    }

    /** {@code Bᵀ d} of the {@code n} values {@code d[at + k * step]} to {@code v[vAt + k * vStep]} (may be the same places). */
    private static void transformInput(WinogradTile tile, float[] d, int at, int step, float[] v, int vAt, int vStep) {
        float d0 = d[at];
        float d1 = d[at + step];
        float d2 = d[at + 2 * step];
        float d3 = d[at + 3 * step];
        if (tile == WinogradTile.F2X3) {
            v[vAt] = d0 - d2;
            v[vAt + vStep] = d1 + d2;
            v[vAt + 2 * vStep] = d2 - d1;
            v[vAt + 3 * vStep] = d1 - d3;
            return;
        }
        float d4 = d[at + 4 * step];
        float d5 = d[at + 5 * step];
        v[vAt] = 4f * d0 - 5f * d2 + d4;
        v[vAt + vStep] = (d3 + d4) - 4f * (d1 + d2);
        v[vAt + 2 * vStep] = (d4 - d3) + 4f * (d1 - d2);
        v[vAt + 3 * vStep] = (d4 - d2) + 2f * (d3 - d1);
        v[vAt + 4 * vStep] = (d4 - d2) - 2f * (d3 - d1);
        v[vAt + 5 * vStep] = 4f * d1 - 5f * d3 + d5;
    }

    @Override
    public boolean anyNonFinite(float[] values, int from, int to) {
        return NonFinite.any(values, from, to);
    }

    @Override
    public void outputTransform(WinogradTile tile, float[] m, int mBase, int mStride, int rows, int channels,
                                float[] bias, float[] out, int[] outOffsets, int valid) {
        outputTransform(tile, m, mBase, mStride, rows, 0, channels, bias, out, outOffsets, valid);
    }

    /** Channels {@code [from, to)}; also the SIMD kernel's tail. */
    static void outputTransform(WinogradTile tile, float[] m, int mBase, int mStride, int rows, int from, int to,
                                float[] bias, float[] out, int[] outOffsets, int valid) {
        int n = tile.points();
        int size = tile.outputs();
        int outRows = rows == 1 ? 1 : size;
        for (int c = from; c < to; c++) {
            int at = mBase + c;
            for (int i = 0; i < outRows; i++) {
                // row i of Aᵀ M (of M itself in 1D), column by column, then Aᵀ of that row
                float z0 = row(tile, rows, i, m, at, mStride);
                float z1 = row(tile, rows, i, m, at + mStride, mStride);
                float z2 = row(tile, rows, i, m, at + 2 * mStride, mStride);
                float z3 = row(tile, rows, i, m, at + 3 * mStride, mStride);
                float z4 = n > 4 ? row(tile, rows, i, m, at + 4 * mStride, mStride) : 0f;
                float z5 = n > 4 ? row(tile, rows, i, m, at + 5 * mStride, mStride) : 0f;
                for (int j = 0; j < size; j++) {
                    int k = size * i + j;
                    if ((valid & (1 << k)) != 0) {
                        out[outOffsets[k] + c] = output(tile, j, z0, z1, z2, z3, z4, z5) + bias[c];
                    }
                }
            }
        }
    }

    /**
     * Element {@code i} of {@code Aᵀ} applied to the column whose first element is {@code m[at]}
     * (its elements {@code n · mStride} apart); in 1D ({@code rows == 1}) that element itself.
     */
    private static float row(WinogradTile tile, int rows, int i, float[] m, int at, int mStride) {
        if (rows == 1) {
            return m[at];
        }
        int n = tile.points();
        int down = n * mStride;
        return output(tile, i, m[at], m[at + down], m[at + 2 * down], m[at + 3 * down],
                n > 4 ? m[at + 4 * down] : 0f, n > 4 ? m[at + 5 * down] : 0f);
    }

    /** Output {@code k} of {@code Aᵀ (m0, ..., m5)} (F(2, 3) reads {@code m0} to {@code m3}). */
    private static float output(WinogradTile tile, int k, float m0, float m1, float m2, float m3, float m4, float m5) {
        if (tile == WinogradTile.F2X3) {
            return k == 0 ? m0 + m1 + m2 : m1 - m2 - m3;
        }
        return switch (k) {
            case 0 -> m0 + (m1 + m2) + (m3 + m4);
            case 1 -> (m1 - m2) + 2f * (m3 - m4);
            case 2 -> (m1 + m2) + 4f * (m3 + m4);
            default -> (m1 - m2) + 8f * (m3 - m4) + m5;
        };
    }
}
