package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.NonFinite;
import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOps} on the Vector API: a vector of channels at a time, the scalar twin for the
 * channels past the last whole vector. The same operations in the same order as the twin.
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
        FloatVector d0 = FloatVector.fromArray(SPECIES, d, at);
        FloatVector d1 = FloatVector.fromArray(SPECIES, d, at + step);
        FloatVector d2 = FloatVector.fromArray(SPECIES, d, at + 2 * step);
        FloatVector d3 = FloatVector.fromArray(SPECIES, d, at + 3 * step);
        if (tile == WinogradTile.F2X3) {
            d0.sub(d2).intoArray(v, vAt);
            d1.add(d2).intoArray(v, vAt + vStep);
            d2.sub(d1).intoArray(v, vAt + 2 * vStep);
            d1.sub(d3).intoArray(v, vAt + 3 * vStep);
            return;
        }
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
        int n = tile.points();
        int size = tile.outputs();
        int outRows = rows == 1 ? 1 : size;
        int whole = channels / LANES * LANES;
        for (int c = 0; c < whole; c += LANES) {
            int at = mBase + c;
            FloatVector b = FloatVector.fromArray(SPECIES, bias, c);
            for (int i = 0; i < outRows; i++) {
                FloatVector z0 = row(tile, rows, i, m, at, mStride);
                FloatVector z1 = row(tile, rows, i, m, at + mStride, mStride);
                FloatVector z2 = row(tile, rows, i, m, at + 2 * mStride, mStride);
                FloatVector z3 = row(tile, rows, i, m, at + 3 * mStride, mStride);
                FloatVector z4 = n > 4 ? row(tile, rows, i, m, at + 4 * mStride, mStride) : null;
                FloatVector z5 = n > 4 ? row(tile, rows, i, m, at + 5 * mStride, mStride) : null;
                for (int j = 0; j < size; j++) {
                    int k = size * i + j;
                    if ((valid & (1 << k)) != 0) {
                        output(tile, j, z0, z1, z2, z3, z4, z5).add(b).intoArray(out, outOffsets[k] + c);
                    }
                }
            }
        }
        WinogradScalar.outputTransform(tile, m, mBase, mStride, rows, whole, channels, bias, out, outOffsets, valid);
    }

    /** The twin's {@code row} for a vector of channels. */
    private static FloatVector row(WinogradTile tile, int rows, int i, float[] m, int at, int mStride) {
        if (rows == 1) {
            return FloatVector.fromArray(SPECIES, m, at);
        }
        int n = tile.points();
        int down = n * mStride;
        return output(tile, i, FloatVector.fromArray(SPECIES, m, at), FloatVector.fromArray(SPECIES, m, at + down),
                FloatVector.fromArray(SPECIES, m, at + 2 * down), FloatVector.fromArray(SPECIES, m, at + 3 * down),
                n > 4 ? FloatVector.fromArray(SPECIES, m, at + 4 * down) : null,
                n > 4 ? FloatVector.fromArray(SPECIES, m, at + 5 * down) : null);
    }

    /** The twin's {@code output}, operation for operation ({@code m4} and {@code m5} are null for F(2, 3)). */
    private static FloatVector output(WinogradTile tile, int k, FloatVector m0, FloatVector m1, FloatVector m2,
                                      FloatVector m3, FloatVector m4, FloatVector m5) {
        if (tile == WinogradTile.F2X3) {
            return k == 0 ? m0.add(m1).add(m2) : m1.sub(m2).sub(m3);
        }
        return switch (k) {
            case 0 -> m0.add(m1.add(m2)).add(m3.add(m4));
            case 1 -> m1.sub(m2).add(m3.sub(m4).mul(2f));
            case 2 -> m1.add(m2).add(m3.add(m4).mul(4f));
            default -> m1.sub(m2).add(m3.sub(m4).mul(8f)).add(m5);
        };
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
