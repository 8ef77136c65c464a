package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.NonFinite;

/** {@link WinogradOps} in plain float arithmetic: the twin of {@link WinogradSimd}. */
final class WinogradScalar implements WinogradOps {
    static final WinogradScalar INSTANCE = new WinogradScalar();

    private WinogradScalar() {
    }

    @Override
    public void inputTransform(float[] src, int[] offsets, int rows, int channels, float[] v, int vBase, int vStride) {
        inputTransform(src, offsets, rows, 0, channels, v, vBase, vStride);
    }

    /** Channels {@code [from, to)}; also the SIMD kernel's tail. */
    static void inputTransform(float[] src, int[] offsets, int rows, int from, int to, float[] v, int vBase,
                               int vStride) {
        for (int c = from; c < to; c++) {
            int at = vBase + c;
            if (rows == 1) {
                transform(src[offsets[0] + c], src[offsets[1] + c], src[offsets[2] + c], src[offsets[3] + c], v, at,
                        vStride);
                continue;
            }
            // the columns, through v: element (a, j) of Bᵀ d lands where V's (a, j) goes
            for (int j = 0; j < 4; j++) {
                transform(src[offsets[j] + c], src[offsets[4 + j] + c], src[offsets[8 + j] + c],
                        src[offsets[12 + j] + c], v, at + j * vStride, 4 * vStride);
            }
            // then each row in place
            for (int a = 0; a < 4; a++) {
                int row = at + 4 * a * vStride;
                transform(v[row], v[row + vStride], v[row + 2 * vStride], v[row + 3 * vStride], v, row, vStride);
            }
        }
    }

    /** {@code Bᵀ (d0, d1, d2, d3)} to {@code v[at]}, {@code v[at + step]}, ...: the one 4-point transform. */
    private static void transform(float d0, float d1, float d2, float d3, float[] v, int at, int step) {
        v[at] = d0 - d2;
        v[at + step] = d1 + d2;
        v[at + 2 * step] = d2 - d1;
        v[at + 3 * step] = d1 - d3;
    }

    @Override
    public boolean anyNonFinite(float[] values, int from, int to) {
        return NonFinite.any(values, from, to);
    }

    @Override
    public void outputTransform(float[] m, int mBase, int mStride, int rows, int channels, float[] bias, float[] out,
                                int[] outOffsets, int valid) {
        outputTransform(m, mBase, mStride, rows, 0, channels, bias, out, outOffsets, valid);
    }

    /** Channels {@code [from, to)}; also the SIMD kernel's tail. */
    static void outputTransform(float[] m, int mBase, int mStride, int rows, int from, int to, float[] bias,
                                float[] out, int[] outOffsets, int valid) {
        for (int c = from; c < to; c++) {
            int at = mBase + c;
            if (rows == 1) {
                store(out, outOffsets, 0, c, valid, first(m, at, mStride) + bias[c]);
                store(out, outOffsets, 1, c, valid, second(m, at, mStride) + bias[c]);
                continue;
            }
            // Aᵀ M, column by column: the two rows' elements b = 0..3
            int down = 4 * mStride;
            float s00 = first(m, at, down);
            float s10 = second(m, at, down);
            float s01 = first(m, at + mStride, down);
            float s11 = second(m, at + mStride, down);
            float s02 = first(m, at + 2 * mStride, down);
            float s12 = second(m, at + 2 * mStride, down);
            float s03 = first(m, at + 3 * mStride, down);
            float s13 = second(m, at + 3 * mStride, down);
            float b = bias[c];
            store(out, outOffsets, 0, c, valid, s00 + s01 + s02 + b);
            store(out, outOffsets, 1, c, valid, s01 - s02 - s03 + b);
            store(out, outOffsets, 2, c, valid, s10 + s11 + s12 + b);
            store(out, outOffsets, 3, c, valid, s11 - s12 - s13 + b);
        }
    }

    /** Output 0 of {@code Aᵀ (m0, m1, m2, m3)}, the m's {@code step} apart from {@code at}: {@code (m0 + m1) + m2}. */
    private static float first(float[] m, int at, int step) {
        return m[at] + m[at + step] + m[at + 2 * step];
    }

    /** Output 1: {@code (m1 - m2) - m3}. */
    private static float second(float[] m, int at, int step) {
        return m[at + step] - m[at + 2 * step] - m[at + 3 * step];
    }

    private static void store(float[] out, int[] outOffsets, int k, int c, int valid, float value) {
        if ((valid & (1 << k)) != 0) {
            out[outOffsets[k] + c] = value;
        }
    }
}
