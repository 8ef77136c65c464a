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
            if (rows > 1) {
                // Aᵀ M, column by column, into the column's first rows
                for (int b = 0; b < n; b++) {
                    transformOutput(tile, m, at + b * mStride, n * mStride);
                }
            }
            // then Y = (Aᵀ M) A, row by row, into the row's first elements
            for (int i = 0; i < outRows; i++) {
                transformOutput(tile, m, at + n * i * mStride, mStride);
                for (int j = 0; j < size; j++) {
                    int k = size * i + j;
                    if ((valid & (1 << k)) != 0) {
                        out[outOffsets[k] + c] = m[at + (n * i + j) * mStride] + bias[c];
                    }
                }
            }
        }
    }

    /** {@code Aᵀ} of the {@code n} values {@code m[at + k * step]}, its {@code m} results in their first places. */
    private static void transformOutput(WinogradTile tile, float[] m, int at, int step) {
        float m0 = m[at];
        float m1 = m[at + step];
        float m2 = m[at + 2 * step];
        float m3 = m[at + 3 * step];
        if (tile == WinogradTile.F2X3) {
            m[at] = m0 + m1 + m2;
            m[at + step] = m1 - m2 - m3;
            return;
        }
        float m4 = m[at + 4 * step];
        float m5 = m[at + 5 * step];
        float a = m1 + m2;
        float b = m1 - m2;
        float c = m3 + m4;
        float e = m3 - m4;
        m[at] = m0 + a + c;
        m[at + step] = b + 2f * e;
        m[at + 2 * step] = a + 4f * c;
        m[at + 3 * step] = b + 8f * e + m5;
    }
}
