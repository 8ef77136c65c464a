package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.NonFinite;
import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOps} on the Vector API: a vector of channels at a time, the scalar twin for the
 * channels past the last whole vector. The same operations in the same order as the twin.
 *
 * <p>No vector crosses a method boundary: the JIT keeps a vector in a register only within one
 * compiled body, and a call it does not inline (its budget spent on a large caller, as when one JVM
 * runs both 1D and 2D problems and the output transform is compiled with both paths) passes each
 * vector as an object allocated for the call. So the twin's small helpers are written out here.
 */
final class WinogradSimd implements WinogradOps {
    static final WinogradSimd INSTANCE = new WinogradSimd();
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();

    private WinogradSimd() {
    }

    @Override
    public void inputTransform(WinogradTile tile, float[] src, int base, int rowStep, int columnStep, int rows,
                               int channels, float[] v, int vBase, int vStride) {
        int n = tile.points();
        int whole = channels / LANES * LANES;
        for (int c = 0; c < whole; c += LANES) {
            int at = vBase + c;
            if (rows == 1) {
                transformInput(tile, src, base + c, columnStep, v, at, vStride);
                continue;
            }
            for (int j = 0; j < n; j++) {
                transformInput(tile, src, base + j * columnStep + c, rowStep, v, at + j * vStride, n * vStride);
            }
            for (int a = 0; a < n; a++) {
                int row = at + n * a * vStride;
                transformInput(tile, v, row, vStride, v, row, vStride);
            }
        }
        WinogradScalar.inputTransform(tile, src, base, rowStep, columnStep, rows, whole, channels, v, vBase, vStride);
    }

    /** {@code Bᵀ d} for a vector of channels: the twin's, operation for operation. */
    private static void transformInput(WinogradTile tile, float[] d, int at, int step, float[] v, int vAt, int vStep) {
        if (tile == WinogradTile.F2X3) {
            transformTwo(d, at, step, v, vAt, vStep);
        } else {
            transformFour(d, at, step, v, vAt, vStep);
        }
    }

    private static void transformTwo(float[] d, int at, int step, float[] v, int vAt, int vStep) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, d, at);
        FloatVector d1 = FloatVector.fromArray(SPECIES, d, at + step);
        FloatVector d2 = FloatVector.fromArray(SPECIES, d, at + 2 * step);
        FloatVector d3 = FloatVector.fromArray(SPECIES, d, at + 3 * step);
        d0.sub(d2).intoArray(v, vAt);
        d1.add(d2).intoArray(v, vAt + vStep);
        d2.sub(d1).intoArray(v, vAt + 2 * vStep);
        d1.sub(d3).intoArray(v, vAt + 3 * vStep);
    }

    private static void transformFour(float[] d, int at, int step, float[] v, int vAt, int vStep) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, d, at);
        FloatVector d1 = FloatVector.fromArray(SPECIES, d, at + step);
        FloatVector d2 = FloatVector.fromArray(SPECIES, d, at + 2 * step);
        FloatVector d3 = FloatVector.fromArray(SPECIES, d, at + 3 * step);
        FloatVector d4 = FloatVector.fromArray(SPECIES, d, at + 4 * step);
        FloatVector d5 = FloatVector.fromArray(SPECIES, d, at + 5 * step);
        FloatVector d4MinusD2 = d4.sub(d2);
        FloatVector twiceD3MinusD1 = d3.sub(d1).mul(2f);
        d0.mul(4f).sub(d2.mul(5f)).add(d4).intoArray(v, vAt);
        d3.add(d4).sub(d1.add(d2).mul(4f)).intoArray(v, vAt + vStep);
        d4.sub(d3).add(d1.sub(d2).mul(4f)).intoArray(v, vAt + 2 * vStep);
        d4MinusD2.add(twiceD3MinusD1).intoArray(v, vAt + 3 * vStep);
        d4MinusD2.sub(twiceD3MinusD1).intoArray(v, vAt + 4 * vStep);
        d1.mul(4f).sub(d3.mul(5f)).add(d5).intoArray(v, vAt + 5 * vStep);
    }

    @Override
    public void outputTransform(WinogradTile tile, float[] m, int mBase, int mStride, int rows, int channels,
                                float[] bias, float[] out, int[] outOffsets, int valid) {
        int whole = channels / LANES * LANES;
        for (int c = 0; c < whole; c += LANES) {
            if (tile == WinogradTile.F2X3) {
                outputTwo(m, mBase + c, mStride, rows, c, bias, out, outOffsets, valid);
            } else {
                outputFour(m, mBase + c, mStride, rows, c, bias, out, outOffsets, valid);
            }
        }
        WinogradScalar.outputTransform(tile, m, mBase, mStride, rows, whole, channels, bias, out, outOffsets, valid);
    }

    /**
     * The twin's {@code outputTwo} for a vector of channels, its {@code first} and {@code second}
     * written out: output 0 of F(2, 3)'s {@code Aᵀ (m0, m1, m2, m3)} is {@code (m0 + m1) + m2},
     * output 1 {@code (m1 - m2) - m3}; in 2D along the columns first, then along the rows.
     */
    private static void outputTwo(float[] m, int at, int mStride, int rows, int c, float[] bias, float[] out,
                                  int[] outOffsets, int valid) {
        FloatVector b = FloatVector.fromArray(SPECIES, bias, c);
        if (rows == 1) {
            FloatVector m0 = FloatVector.fromArray(SPECIES, m, at);
            FloatVector m1 = FloatVector.fromArray(SPECIES, m, at + mStride);
            FloatVector m2 = FloatVector.fromArray(SPECIES, m, at + 2 * mStride);
            FloatVector m3 = FloatVector.fromArray(SPECIES, m, at + 3 * mStride);
            if ((valid & 1) != 0) {
                m0.add(m1).add(m2).add(b).intoArray(out, outOffsets[0] + c);
            }
            if ((valid & 2) != 0) {
                m1.sub(m2).sub(m3).add(b).intoArray(out, outOffsets[1] + c);
            }
            return;
        }
        // m_ij: element (i, j) of the 4x4 products, rows 4 * mStride apart
        int down = 4 * mStride;
        FloatVector m00 = FloatVector.fromArray(SPECIES, m, at);
        FloatVector m01 = FloatVector.fromArray(SPECIES, m, at + mStride);
        FloatVector m02 = FloatVector.fromArray(SPECIES, m, at + 2 * mStride);
        FloatVector m03 = FloatVector.fromArray(SPECIES, m, at + 3 * mStride);
        FloatVector m10 = FloatVector.fromArray(SPECIES, m, at + down);
        FloatVector m11 = FloatVector.fromArray(SPECIES, m, at + down + mStride);
        FloatVector m12 = FloatVector.fromArray(SPECIES, m, at + down + 2 * mStride);
        FloatVector m13 = FloatVector.fromArray(SPECIES, m, at + down + 3 * mStride);
        FloatVector m20 = FloatVector.fromArray(SPECIES, m, at + 2 * down);
        FloatVector m21 = FloatVector.fromArray(SPECIES, m, at + 2 * down + mStride);
        FloatVector m22 = FloatVector.fromArray(SPECIES, m, at + 2 * down + 2 * mStride);
        FloatVector m23 = FloatVector.fromArray(SPECIES, m, at + 2 * down + 3 * mStride);
        FloatVector m30 = FloatVector.fromArray(SPECIES, m, at + 3 * down);
        FloatVector m31 = FloatVector.fromArray(SPECIES, m, at + 3 * down + mStride);
        FloatVector m32 = FloatVector.fromArray(SPECIES, m, at + 3 * down + 2 * mStride);
        FloatVector m33 = FloatVector.fromArray(SPECIES, m, at + 3 * down + 3 * mStride);
        // s_kj: output k of column j
        FloatVector s00 = m00.add(m10).add(m20);
        FloatVector s01 = m01.add(m11).add(m21);
        FloatVector s02 = m02.add(m12).add(m22);
        FloatVector s03 = m03.add(m13).add(m23);
        FloatVector s10 = m10.sub(m20).sub(m30);
        FloatVector s11 = m11.sub(m21).sub(m31);
        FloatVector s12 = m12.sub(m22).sub(m32);
        FloatVector s13 = m13.sub(m23).sub(m33);
        if ((valid & 1) != 0) {
            s00.add(s01).add(s02).add(b).intoArray(out, outOffsets[0] + c);
        }
        if ((valid & 2) != 0) {
            s01.sub(s02).sub(s03).add(b).intoArray(out, outOffsets[1] + c);
        }
        if ((valid & 4) != 0) {
            s10.add(s11).add(s12).add(b).intoArray(out, outOffsets[2] + c);
        }
        if ((valid & 8) != 0) {
            s11.sub(s12).sub(s13).add(b).intoArray(out, outOffsets[3] + c);
        }
    }

    /** The twin's {@code outputFour} for a vector of channels. */
    private static void outputFour(float[] m, int at, int mStride, int rows, int c, float[] bias, float[] out,
                                   int[] outOffsets, int valid) {
        if (rows > 1) {
            for (int b = 0; b < 6; b++) {
                inverseFour(m, at + b * mStride, 6 * mStride);
            }
        }
        FloatVector b = FloatVector.fromArray(SPECIES, bias, c);
        for (int i = 0; i < (rows == 1 ? 1 : 4); i++) {
            inverseFour(m, at + 6 * i * mStride, mStride);
            for (int j = 0; j < 4; j++) {
                int k = 4 * i + j;
                if ((valid & (1 << k)) != 0) {
                    FloatVector.fromArray(SPECIES, m, at + (6 * i + j) * mStride).add(b).intoArray(out, outOffsets[k] + c);
                }
            }
        }
    }

    /** The twin's {@code inverseFour}, in place, operation for operation. */
    private static void inverseFour(float[] m, int at, int step) {
        FloatVector m0 = FloatVector.fromArray(SPECIES, m, at);
        FloatVector m1 = FloatVector.fromArray(SPECIES, m, at + step);
        FloatVector m2 = FloatVector.fromArray(SPECIES, m, at + 2 * step);
        FloatVector m3 = FloatVector.fromArray(SPECIES, m, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(SPECIES, m, at + 4 * step);
        FloatVector m5 = FloatVector.fromArray(SPECIES, m, at + 5 * step);
        FloatVector a = m1.add(m2);
        FloatVector b = m1.sub(m2);
        FloatVector c = m3.add(m4);
        FloatVector e = m3.sub(m4);
        m0.add(a).add(c).intoArray(m, at);
        b.add(e.mul(2f)).intoArray(m, at + step);
        a.add(c.mul(4f)).intoArray(m, at + 2 * step);
        b.add(e.mul(8f)).add(m5).intoArray(m, at + 3 * step);
    }

    @Override
    public boolean anyNonFinite(float[] values, int from, int to) {
        // x - x is 0 for a finite x and NaN for NaN and ±Inf, so the sum is NaN exactly when a value
        // is not finite: plain arithmetic, which the JIT turns into vector instructions
        FloatVector zeroIfFinite = FloatVector.zero(SPECIES);
        int at = from;
        for (; at <= to - LANES; at += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, values, at);
            zeroIfFinite = zeroIfFinite.add(v.sub(v));
        }
        return zeroIfFinite.compare(VectorOperators.NE, zeroIfFinite).anyTrue() || NonFinite.any(values, at, to);
    }
}
