package dev.conv4j.kernel.blocked;

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
                float d0 = src[offsets[0] + c];
                float d1 = src[offsets[1] + c];
                float d2 = src[offsets[2] + c];
                float d3 = src[offsets[3] + c];
                v[at] = d0 - d2;
                v[at + vStride] = d1 + d2;
                v[at + 2 * vStride] = d2 - d1;
                v[at + 3 * vStride] = d1 - d3;
                continue;
            }
            // the columns, through v: element (a, j) of Bᵀ d lands where V's (a, j) goes
            for (int j = 0; j < 4; j++) {
                float d0 = src[offsets[j] + c];
                float d1 = src[offsets[4 + j] + c];
                float d2 = src[offsets[8 + j] + c];
                float d3 = src[offsets[12 + j] + c];
                v[at + j * vStride] = d0 - d2;
                v[at + (4 + j) * vStride] = d1 + d2;
                v[at + (8 + j) * vStride] = d2 - d1;
                v[at + (12 + j) * vStride] = d1 - d3;
            }
            // then each row in place
            for (int a = 0; a < 4; a++) {
                int row = at + 4 * a * vStride;
                float r0 = v[row];
                float r1 = v[row + vStride];
                float r2 = v[row + 2 * vStride];
                float r3 = v[row + 3 * vStride];
                v[row] = r0 - r2;
                v[row + vStride] = r1 + r2;
                v[row + 2 * vStride] = r2 - r1;
                v[row + 3 * vStride] = r1 - r3;
            }
        }
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
                float m1 = m[at + mStride];
                float m2 = m[at + 2 * mStride];
                store(out, outOffsets, 0, c, valid, m[at] + m1 + m2 + bias[c]);
                store(out, outOffsets, 1, c, valid, m1 - m2 - m[at + 3 * mStride] + bias[c]);
                continue;
            }
            // Aᵀ M, column by column: the two rows' elements b = 0..3
            float s00 = column0(m, at, mStride);
            float s10 = column1(m, at, mStride);
            float s01 = column0(m, at + mStride, mStride);
            float s11 = column1(m, at + mStride, mStride);
            float s02 = column0(m, at + 2 * mStride, mStride);
            float s12 = column1(m, at + 2 * mStride, mStride);
            float s03 = column0(m, at + 3 * mStride, mStride);
            float s13 = column1(m, at + 3 * mStride, mStride);
            float b = bias[c];
            store(out, outOffsets, 0, c, valid, s00 + s01 + s02 + b);
            store(out, outOffsets, 1, c, valid, s01 - s02 - s03 + b);
            store(out, outOffsets, 2, c, valid, s10 + s11 + s12 + b);
            store(out, outOffsets, 3, c, valid, s11 - s12 - s13 + b);
        }
    }

    /** Row 0 of Aᵀ M at column {@code at}: {@code (m0 + m1) + m2} down the column. */
    private static float column0(float[] m, int at, int mStride) {
        return m[at] + m[at + 4 * mStride] + m[at + 8 * mStride];
    }

    /** Row 1 of Aᵀ M at column {@code at}: {@code (m1 - m2) - m3} down the column. */
    private static float column1(float[] m, int at, int mStride) {
        return m[at + 4 * mStride] - m[at + 8 * mStride] - m[at + 12 * mStride];
    }

    private static void store(float[] out, int[] outOffsets, int k, int c, int valid, float value) {
        if ((valid & (1 << k)) != 0) {
            out[outOffsets[k] + c] = value;
        }
    }
}
