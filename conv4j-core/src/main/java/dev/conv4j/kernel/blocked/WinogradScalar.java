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
        for (int c = from; c < to; c++) {
            if (tile == WinogradTile.F2X3) {
                outputTwo(m, mBase + c, mStride, rows, c, bias, out, outOffsets, valid);
            } else {
                outputFour(m, mBase + c, mStride, rows, c, bias, out, outOffsets, valid);
            }
        }
    }

    /** F(2×2, 3×3) and F(2, 3) for channel {@code c}, its products from {@code m[at]}: Aᵀ M's eight sums kept in locals. */
    private static void outputTwo(float[] m, int at, int mStride, int rows, int c, float[] bias, float[] out,
                                  int[] outOffsets, int valid) {
        float b = bias[c];
        if (rows == 1) {
            store(out, outOffsets, 0, c, valid, first(m, at, mStride) + b);
            store(out, outOffsets, 1, c, valid, second(m, at, mStride) + b);
            return;
        }
        // Aᵀ M, column by column: the two rows' elements 0..3
        int down = 4 * mStride;
        float s00 = first(m, at, down);
        float s10 = second(m, at, down);
        float s01 = first(m, at + mStride, down);
        float s11 = second(m, at + mStride, down);
        float s02 = first(m, at + 2 * mStride, down);
        float s12 = second(m, at + 2 * mStride, down);
        float s03 = first(m, at + 3 * mStride, down);
        float s13 = second(m, at + 3 * mStride, down);
        store(out, outOffsets, 0, c, valid, s00 + s01 + s02 + b);
        store(out, outOffsets, 1, c, valid, s01 - s02 - s03 + b);
        store(out, outOffsets, 2, c, valid, s10 + s11 + s12 + b);
        store(out, outOffsets, 3, c, valid, s11 - s12 - s13 + b);
    }

    /** Output 0 of F(2, 3)'s {@code Aᵀ (m0, m1, m2, m3)}, the m's {@code step} apart from {@code at}: {@code (m0 + m1) + m2}. */
    private static float first(float[] m, int at, int step) {
        return m[at] + m[at + step] + m[at + 2 * step];
    }

    /** Output 1: {@code (m1 - m2) - m3}. */
    private static float second(float[] m, int at, int step) {
        return m[at + step] - m[at + 2 * step] - m[at + 3 * step];
    }

    /**
     * F(4×4, 3×3) and F(4, 3) for channel {@code c}: {@code Aᵀ} on the columns and then on the
     * rows, each in place in {@code m} (24 sums are more than registers hold), then the bias.
     */
    private static void outputFour(float[] m, int at, int mStride, int rows, int c, float[] bias, float[] out,
                                   int[] outOffsets, int valid) {
        if (rows > 1) {
            for (int b = 0; b < 6; b++) {
                inverseFour(m, at + b * mStride, 6 * mStride);
            }
        }
        for (int i = 0; i < (rows == 1 ? 1 : 4); i++) {
            inverseFour(m, at + 6 * i * mStride, mStride);
            for (int j = 0; j < 4; j++) {
                store(out, outOffsets, 4 * i + j, c, valid, m[at + (6 * i + j) * mStride] + bias[c]);
            }
        }
    }

    /** F(4, 3)'s {@code Aᵀ} of the six values {@code m[at + k * step]}, its four results in their first places. */
    private static void inverseFour(float[] m, int at, int step) {
        float m0 = m[at];
        float m1 = m[at + step];
        float m2 = m[at + 2 * step];
        float m3 = m[at + 3 * step];
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

    private static void store(float[] out, int[] outOffsets, int k, int c, int valid, float value) {
        if ((valid & (1 << k)) != 0) {
            out[outOffsets[k] + c] = value;
        }
    }
}
