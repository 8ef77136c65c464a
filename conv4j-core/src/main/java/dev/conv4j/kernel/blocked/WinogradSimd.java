package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.NonFinite;
import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOps} on the Vector API: a vector of channels at a time, the scalar twin for the
 * channels past the last whole vector. The same additions in the same order as the twin.
 */
final class WinogradSimd implements WinogradOps {
    static final WinogradSimd INSTANCE = new WinogradSimd();
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();

    private WinogradSimd() {
    }

    @Override
    public void inputTransform(float[] src, int[] offsets, int rows, int channels, float[] v, int vBase, int vStride) {
        int whole = channels / LANES * LANES;
        for (int c = 0; c < whole; c += LANES) {
            int at = vBase + c;
            if (rows == 1) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, src, offsets[0] + c);
                FloatVector d1 = FloatVector.fromArray(SPECIES, src, offsets[1] + c);
                FloatVector d2 = FloatVector.fromArray(SPECIES, src, offsets[2] + c);
                FloatVector d3 = FloatVector.fromArray(SPECIES, src, offsets[3] + c);
                d0.sub(d2).intoArray(v, at);
                d1.add(d2).intoArray(v, at + vStride);
                d2.sub(d1).intoArray(v, at + 2 * vStride);
                d1.sub(d3).intoArray(v, at + 3 * vStride);
                continue;
            }
            for (int j = 0; j < 4; j++) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, src, offsets[j] + c);
                FloatVector d1 = FloatVector.fromArray(SPECIES, src, offsets[4 + j] + c);
                FloatVector d2 = FloatVector.fromArray(SPECIES, src, offsets[8 + j] + c);
                FloatVector d3 = FloatVector.fromArray(SPECIES, src, offsets[12 + j] + c);
                d0.sub(d2).intoArray(v, at + j * vStride);
                d1.add(d2).intoArray(v, at + (4 + j) * vStride);
                d2.sub(d1).intoArray(v, at + (8 + j) * vStride);
                d1.sub(d3).intoArray(v, at + (12 + j) * vStride);
            }
            for (int a = 0; a < 4; a++) {
                int row = at + 4 * a * vStride;
                FloatVector r0 = FloatVector.fromArray(SPECIES, v, row);
                FloatVector r1 = FloatVector.fromArray(SPECIES, v, row + vStride);
                FloatVector r2 = FloatVector.fromArray(SPECIES, v, row + 2 * vStride);
                FloatVector r3 = FloatVector.fromArray(SPECIES, v, row + 3 * vStride);
                r0.sub(r2).intoArray(v, row);
                r1.add(r2).intoArray(v, row + vStride);
                r2.sub(r1).intoArray(v, row + 2 * vStride);
                r1.sub(r3).intoArray(v, row + 3 * vStride);
            }
        }
        WinogradScalar.inputTransform(src, offsets, rows, whole, channels, v, vBase, vStride);
    }

    @Override
    public void outputTransform(float[] m, int mBase, int mStride, int rows, int channels, float[] bias, float[] out,
                                int[] outOffsets, int valid) {
        int whole = channels / LANES * LANES;
        for (int c = 0; c < whole; c += LANES) {
            int at = mBase + c;
            if (rows == 1) {
                FloatVector b = FloatVector.fromArray(SPECIES, bias, c);
                if ((valid & 1) != 0) {
                    first(m, at, mStride).add(b).intoArray(out, outOffsets[0] + c);
                }
                if ((valid & 2) != 0) {
                    second(m, at, mStride).add(b).intoArray(out, outOffsets[1] + c);
                }
                continue;
            }
            int down = 4 * mStride;
            FloatVector s00 = first(m, at, down);
            FloatVector s10 = second(m, at, down);
            FloatVector s01 = first(m, at + mStride, down);
            FloatVector s11 = second(m, at + mStride, down);
            FloatVector s02 = first(m, at + 2 * mStride, down);
            FloatVector s12 = second(m, at + 2 * mStride, down);
            FloatVector s03 = first(m, at + 3 * mStride, down);
            FloatVector s13 = second(m, at + 3 * mStride, down);
            FloatVector b = FloatVector.fromArray(SPECIES, bias, c);
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
        WinogradScalar.outputTransform(m, mBase, mStride, rows, whole, channels, bias, out, outOffsets, valid);
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

    /** Output 0 of {@code Aᵀ (m0, m1, m2, m3)} for a vector of channels, the m's {@code step} apart. */
    private static FloatVector first(float[] m, int at, int step) {
        return FloatVector.fromArray(SPECIES, m, at).add(FloatVector.fromArray(SPECIES, m, at + step))
                .add(FloatVector.fromArray(SPECIES, m, at + 2 * step));
    }

    /** Output 1: {@code (m1 - m2) - m3}. */
    private static FloatVector second(float[] m, int at, int step) {
        return FloatVector.fromArray(SPECIES, m, at + step).sub(FloatVector.fromArray(SPECIES, m, at + 2 * step))
                .sub(FloatVector.fromArray(SPECIES, m, at + 3 * step));
    }
}
