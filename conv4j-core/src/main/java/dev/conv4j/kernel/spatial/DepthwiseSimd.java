package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DepthwiseOps} on the Vector API: one vector of channels at eight positions, so that
 * eight independent fused multiply-add chains share each tap's weight vector, and the input
 * vectors of an entry slide through registers from tap to tap. Three taps wide, with more than a
 * vector of channels, a block takes two vectors of channels at four positions: their loads lie
 * a constant vector apart, so one bounds check covers both, where the positions, a run-time
 * stride apart, each need their own. A 3×3 window (three entries three taps wide, the commonest
 * depthwise layer, or two on its border rows) has a method of its own that keeps the weight
 * vectors and the window's input columns in registers for the whole row segment, one position
 * per step.
 */
final class DepthwiseSimd implements DepthwiseOps {
    static final DepthwiseSimd INSTANCE = new DepthwiseSimd();
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();
    private static final int POSITIONS = 8;
    /** Positions per block of two vectors of channels. */
    private static final int PAIR_POSITIONS = 4;

    private DepthwiseSimd() {
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public int positions() {
        return POSITIONS;
    }

    @Override
    public void copyVectors(float[] src, int from, int srcStride, int width, int count, float[] dst, int to) {
        if (width == LANES) {
            for (int j = 0; j < count; j++) {
                FloatVector.fromArray(SPECIES, src, from + j * srcStride).intoArray(dst, to + j * LANES);
            }
        } else {
            VectorMask<Float> lanes = SPECIES.indexInRange(0, width);
            for (int j = 0; j < count; j++) {
                FloatVector.fromArray(SPECIES, src, from + j * srcStride, lanes).intoArray(dst, to + j * LANES);
            }
        }
    }

    @Override
    public void gatherVectors(float[] src, int from, int srcStride, int[] channels, int width, int count,
                              float[] dst, int to) {
        VectorMask<Float> lanes = SPECIES.indexInRange(0, width);
        for (int j = 0; j < count; j++) {
            FloatVector.fromArray(SPECIES, src, from + j * srcStride, channels, 0, lanes).intoArray(dst, to + j * LANES);
        }
    }

    @Override
    public void block(float[] rows, int[] src, int[] tapWeight, int entries, int kernelWidth, int weightStride,
                      int firstBase, int positionStride, float[] weights, float[] bias, int lane0, float[] out,
                      int firstOut, int outStride, int count, int channels) {
        if (kernelWidth == 3 && (entries == 3 || entries == 2)) {
            blockOfThreeRows(rows, src, tapWeight, entries == 3, weightStride, firstBase, positionStride, weights, bias,
                    lane0, out, firstOut, outStride, count, channels);
            return;
        }
        if (kernelWidth == 3 && channels > LANES) {
            blockOfTwoVectors(rows, src, tapWeight, entries, weightStride, firstBase, positionStride, weights, bias,
                    lane0, out, firstOut, outStride, count, channels);
            return;
        }
        for (int c = 0; c < channels; c += LANES) {
            blockOfOneVector(rows, src, tapWeight, entries, kernelWidth, weightStride, firstBase + c, positionStride,
                    weights, bias, lane0 + c, out, firstOut + c, outStride, count, Math.min(LANES, channels - c));
        }
    }

    /**
     * {@link #block} for a window three taps wide of three entries (a 3×3 window away from the
     * top and bottom rows) or two (on those rows, where one row of taps is padding), one vector of
     * channels at a time, sweeping the row segment one position per step: the weight vectors stay
     * in registers for the whole segment, and so do the three input columns of each row under the
     * window, which slide by one column per step. A step loads the window's new column (three
     * vectors), does the position's nine fused multiply-adds in the one order the twin uses, and
     * stores it; consecutive positions' chains are independent, so the processor overlaps them.
     * A block of several positions would load each column again for every block, each load with an
     * offset of its own from the run-time position stride. The border rows take
     * the same method rather than one of their own: a method called only for the first and last
     * rows of an image stays in the JIT's first tier, where every vector operation allocates, long
     * after this one is compiled, and those two rows then took longer than all the others.
     */
    private static void blockOfThreeRows(float[] rows, int[] src, int[] tapWeight, boolean threeRows,
                                         int weightStride, int firstBase, int positionStride, float[] weights,
                                         float[] bias, int lane0, float[] out, int firstOut, int outStride, int count,
                                         int channels) {
        int ps = positionStride;
        int third = threeRows ? 2 : 1;
        for (int c = 0; c < channels; c += LANES) {
            int lane = lane0 + c;
            FloatVector k00 = FloatVector.fromArray(SPECIES, weights, tapWeight[0] + lane);
            FloatVector k01 = FloatVector.fromArray(SPECIES, weights, tapWeight[0] + lane + weightStride);
            FloatVector k02 = FloatVector.fromArray(SPECIES, weights, tapWeight[0] + lane + 2 * weightStride);
            FloatVector k10 = FloatVector.fromArray(SPECIES, weights, tapWeight[1] + lane);
            FloatVector k11 = FloatVector.fromArray(SPECIES, weights, tapWeight[1] + lane + weightStride);
            FloatVector k12 = FloatVector.fromArray(SPECIES, weights, tapWeight[1] + lane + 2 * weightStride);
            FloatVector k20 = FloatVector.fromArray(SPECIES, weights, tapWeight[third] + lane);
            FloatVector k21 = FloatVector.fromArray(SPECIES, weights, tapWeight[third] + lane + weightStride);
            FloatVector k22 = FloatVector.fromArray(SPECIES, weights, tapWeight[third] + lane + 2 * weightStride);
            FloatVector start = FloatVector.fromArray(SPECIES, bias, lane);
            int row0 = src[0] + firstBase + c;
            int row1 = src[1] + firstBase + c;
            int row2 = src[third] + firstBase + c;
            VectorMask<Float> lanes = SPECIES.indexInRange(c, channels);
            boolean wholeVector = channels - c >= LANES;
            FloatVector x0 = FloatVector.fromArray(SPECIES, rows, row0);
            FloatVector x1 = FloatVector.fromArray(SPECIES, rows, row0 + ps);
            FloatVector y0 = FloatVector.fromArray(SPECIES, rows, row1);
            FloatVector y1 = FloatVector.fromArray(SPECIES, rows, row1 + ps);
            FloatVector z0 = FloatVector.fromArray(SPECIES, rows, row2);
            FloatVector z1 = FloatVector.fromArray(SPECIES, rows, row2 + ps);
            int at = 2 * ps;
            int o = firstOut + c;
            for (int p = 0; p < count; p++) {
                FloatVector x2 = FloatVector.fromArray(SPECIES, rows, row0 + at);
                FloatVector y2 = FloatVector.fromArray(SPECIES, rows, row1 + at);
                FloatVector z2 = FloatVector.fromArray(SPECIES, rows, row2 + at);
                FloatVector a = x2.fma(k02, x1.fma(k01, x0.fma(k00, start)));
                a = y2.fma(k12, y1.fma(k11, y0.fma(k10, a)));
                if (threeRows) {
                    a = z2.fma(k22, z1.fma(k21, z0.fma(k20, a)));
                }
                if (wholeVector) {
                    a.intoArray(out, o);
                } else {
                    a.intoArray(out, o, lanes);
                }
                x0 = x1;
                x1 = x2;
                y0 = y1;
                y1 = y2;
                z0 = z1;
                z1 = z2;
                at += ps;
                o += outStride;
            }
        }
    }

    /**
     * {@link #block} for the two vectors of channels from {@code lane0}, three taps wide, four
     * positions at a time: as many chains as the one-vector block, in a method small enough for
     * the JIT's first tier, which gives up on one of sixteen chains.
     */
    private static void blockOfTwoVectors(float[] rows, int[] src, int[] tapWeight, int entries, int weightStride,
                                          int firstBase, int positionStride, float[] weights, float[] bias, int lane0,
                                          float[] out, int firstOut, int outStride, int count, int channels) {
        int ps = positionStride;
        VectorMask<Float> rest = SPECIES.indexInRange(0, channels - LANES);
        for (int start = 0; start < count; start += PAIR_POSITIONS) {
            int base = firstBase + start * ps;
            FloatVector a0 = FloatVector.fromArray(SPECIES, bias, lane0);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bias, lane0 + LANES);
            FloatVector b1 = b0;
            FloatVector b2 = b0;
            FloatVector b3 = b0;
            for (int r = 0; r < entries; r++) {
                int s = src[r] + base;
                int w = tapWeight[r] + lane0;
                FloatVector w0 = FloatVector.fromArray(SPECIES, weights, w);
                FloatVector w1 = FloatVector.fromArray(SPECIES, weights, w + weightStride);
                FloatVector w2 = FloatVector.fromArray(SPECIES, weights, w + 2 * weightStride);
                FloatVector v0 = FloatVector.fromArray(SPECIES, weights, w + LANES);
                FloatVector v1 = FloatVector.fromArray(SPECIES, weights, w + LANES + weightStride);
                FloatVector v2 = FloatVector.fromArray(SPECIES, weights, w + LANES + 2 * weightStride);
                // x_i and y_i: the two vectors of input position i
                FloatVector x0 = FloatVector.fromArray(SPECIES, rows, s);
                FloatVector y0 = FloatVector.fromArray(SPECIES, rows, s + LANES);
                FloatVector x1 = FloatVector.fromArray(SPECIES, rows, s + ps);
                FloatVector y1 = FloatVector.fromArray(SPECIES, rows, s + ps + LANES);
                FloatVector x2 = FloatVector.fromArray(SPECIES, rows, s + 2 * ps);
                FloatVector y2 = FloatVector.fromArray(SPECIES, rows, s + 2 * ps + LANES);
                FloatVector x3 = FloatVector.fromArray(SPECIES, rows, s + 3 * ps);
                FloatVector y3 = FloatVector.fromArray(SPECIES, rows, s + 3 * ps + LANES);
                FloatVector x4 = FloatVector.fromArray(SPECIES, rows, s + 4 * ps);
                FloatVector y4 = FloatVector.fromArray(SPECIES, rows, s + 4 * ps + LANES);
                FloatVector x5 = FloatVector.fromArray(SPECIES, rows, s + 5 * ps);
                FloatVector y5 = FloatVector.fromArray(SPECIES, rows, s + 5 * ps + LANES);
                a0 = x2.fma(w2, x1.fma(w1, x0.fma(w0, a0)));
                b0 = y2.fma(v2, y1.fma(v1, y0.fma(v0, b0)));
                a1 = x3.fma(w2, x2.fma(w1, x1.fma(w0, a1)));
                b1 = y3.fma(v2, y2.fma(v1, y1.fma(v0, b1)));
                a2 = x4.fma(w2, x3.fma(w1, x2.fma(w0, a2)));
                b2 = y4.fma(v2, y3.fma(v1, y2.fma(v0, b2)));
                a3 = x5.fma(w2, x4.fma(w1, x3.fma(w0, a3)));
                b3 = y5.fma(v2, y4.fma(v1, y3.fma(v0, b3)));
            }
            int positions = Math.min(PAIR_POSITIONS, count - start);
            int o = firstOut + start * outStride;
            // positions past the segment's end were computed from padding and are not stored
            a0.intoArray(out, o);
            b0.intoArray(out, o + LANES, rest);
            if (positions > 1) {
                a1.intoArray(out, o + outStride);
                b1.intoArray(out, o + outStride + LANES, rest);
            }
            if (positions > 2) {
                a2.intoArray(out, o + 2 * outStride);
                b2.intoArray(out, o + 2 * outStride + LANES, rest);
            }
            if (positions > 3) {
                a3.intoArray(out, o + 3 * outStride);
                b3.intoArray(out, o + 3 * outStride + LANES, rest);
            }
        }
    }

    /** {@link #block} for one vector of channels. */
    private static void blockOfOneVector(float[] rows, int[] src, int[] tapWeight, int entries, int kernelWidth,
                                         int weightStride, int firstBase, int positionStride, float[] weights,
                                         float[] bias, int lane0, float[] out, int firstOut, int outStride, int count,
                                         int channels) {
        // one call per row segment and channel vector: the call itself, with its many arguments,
        // cost a tenth of the time when made per block
        for (int start = 0; start < count; start += POSITIONS) {
            int base = firstBase + start * positionStride;
            int outOffset = firstOut + start * outStride;
            int positions = Math.min(POSITIONS, count - start);
            FloatVector a0 = FloatVector.fromArray(SPECIES, bias, lane0);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            for (int r = 0; r < entries; r++) {
                int s = src[r] + base;
                int w = tapWeight[r] + lane0;
                if (kernelWidth == 3) {
                    // the commonest width written out: ten input vectors serve three taps of eight
                    // positions, without the register moves of the sliding loop below (a third faster)
                    FloatVector w0 = FloatVector.fromArray(SPECIES, weights, w);
                    FloatVector w1 = FloatVector.fromArray(SPECIES, weights, w + weightStride);
                    FloatVector w2 = FloatVector.fromArray(SPECIES, weights, w + 2 * weightStride);
                    FloatVector x0 = FloatVector.fromArray(SPECIES, rows, s);
                    FloatVector x1 = FloatVector.fromArray(SPECIES, rows, s + positionStride);
                    FloatVector x2 = FloatVector.fromArray(SPECIES, rows, s + 2 * positionStride);
                    FloatVector x3 = FloatVector.fromArray(SPECIES, rows, s + 3 * positionStride);
                    FloatVector x4 = FloatVector.fromArray(SPECIES, rows, s + 4 * positionStride);
                    FloatVector x5 = FloatVector.fromArray(SPECIES, rows, s + 5 * positionStride);
                    FloatVector x6 = FloatVector.fromArray(SPECIES, rows, s + 6 * positionStride);
                    FloatVector x7 = FloatVector.fromArray(SPECIES, rows, s + 7 * positionStride);
                    FloatVector x8 = FloatVector.fromArray(SPECIES, rows, s + 8 * positionStride);
                    FloatVector x9 = FloatVector.fromArray(SPECIES, rows, s + 9 * positionStride);
                    a0 = x2.fma(w2, x1.fma(w1, x0.fma(w0, a0)));
                    a1 = x3.fma(w2, x2.fma(w1, x1.fma(w0, a1)));
                    a2 = x4.fma(w2, x3.fma(w1, x2.fma(w0, a2)));
                    a3 = x5.fma(w2, x4.fma(w1, x3.fma(w0, a3)));
                    a4 = x6.fma(w2, x5.fma(w1, x4.fma(w0, a4)));
                    a5 = x7.fma(w2, x6.fma(w1, x5.fma(w0, a5)));
                    a6 = x8.fma(w2, x7.fma(w1, x6.fma(w0, a6)));
                    a7 = x9.fma(w2, x8.fma(w1, x7.fma(w0, a7)));
                    continue;
                }
                // x_i holds the input position i reads for the current tap
                FloatVector x0 = FloatVector.fromArray(SPECIES, rows, s);
                FloatVector x1 = FloatVector.fromArray(SPECIES, rows, s + positionStride);
                FloatVector x2 = FloatVector.fromArray(SPECIES, rows, s + 2 * positionStride);
                FloatVector x3 = FloatVector.fromArray(SPECIES, rows, s + 3 * positionStride);
                FloatVector x4 = FloatVector.fromArray(SPECIES, rows, s + 4 * positionStride);
                FloatVector x5 = FloatVector.fromArray(SPECIES, rows, s + 5 * positionStride);
                FloatVector x6 = FloatVector.fromArray(SPECIES, rows, s + 6 * positionStride);
                FloatVector x7 = FloatVector.fromArray(SPECIES, rows, s + 7 * positionStride);
                for (int t = 0; t < kernelWidth; t++) {
                    FloatVector wt = FloatVector.fromArray(SPECIES, weights, w + t * weightStride);
                    a0 = x0.fma(wt, a0);
                    a1 = x1.fma(wt, a1);
                    a2 = x2.fma(wt, a2);
                    a3 = x3.fma(wt, a3);
                    a4 = x4.fma(wt, a4);
                    a5 = x5.fma(wt, a5);
                    a6 = x6.fma(wt, a6);
                    a7 = x7.fma(wt, a7);
                    // slide by one position; after the last tap this reads one position the rows leave room for
                    x0 = x1;
                    x1 = x2;
                    x2 = x3;
                    x3 = x4;
                    x4 = x5;
                    x5 = x6;
                    x6 = x7;
                    x7 = FloatVector.fromArray(SPECIES, rows, s + (POSITIONS + t) * positionStride);
                }
            }
            if (positions == POSITIONS && channels == LANES) {
                a0.intoArray(out, outOffset);
                a1.intoArray(out, outOffset + outStride);
                a2.intoArray(out, outOffset + 2 * outStride);
                a3.intoArray(out, outOffset + 3 * outStride);
                a4.intoArray(out, outOffset + 4 * outStride);
                a5.intoArray(out, outOffset + 5 * outStride);
                a6.intoArray(out, outOffset + 6 * outStride);
                a7.intoArray(out, outOffset + 7 * outStride);
                continue;
            }
            // a partial block: positions past the segment's end were computed from padding and are not stored
            VectorMask<Float> lanes = SPECIES.indexInRange(0, channels);
            a0.intoArray(out, outOffset, lanes);
            if (positions > 1) {
                a1.intoArray(out, outOffset + outStride, lanes);
            }
            if (positions > 2) {
                a2.intoArray(out, outOffset + 2 * outStride, lanes);
            }
            if (positions > 3) {
                a3.intoArray(out, outOffset + 3 * outStride, lanes);
            }
            if (positions > 4) {
                a4.intoArray(out, outOffset + 4 * outStride, lanes);
            }
            if (positions > 5) {
                a5.intoArray(out, outOffset + 5 * outStride, lanes);
            }
            if (positions > 6) {
                a6.intoArray(out, outOffset + 6 * outStride, lanes);
            }
            if (positions > 7) {
                a7.intoArray(out, outOffset + 7 * outStride, lanes);
            }
        }
    }

    @Override
    public void position(float[] input, int[] src, int[] tapWeight, int taps, float[] weights, float[] bias, int lane0,
                         float[] out, int outOffset, int channels) {
        if (channels <= LANES) {
            VectorMask<Float> lanes = SPECIES.indexInRange(0, channels);
            FloatVector acc = FloatVector.fromArray(SPECIES, bias, lane0);
            for (int j = 0; j < taps; j++) {
                FloatVector x = FloatVector.fromArray(SPECIES, input, src[j] + lane0, lanes);
                acc = x.fma(FloatVector.fromArray(SPECIES, weights, tapWeight[j] + lane0), acc);
            }
            acc.intoArray(out, outOffset, lanes);
            return;
        }
        // two chains side by side: one alone waits on each fused multiply-add's latency
        VectorMask<Float> rest = SPECIES.indexInRange(LANES, channels);
        FloatVector acc = FloatVector.fromArray(SPECIES, bias, lane0);
        FloatVector next = FloatVector.fromArray(SPECIES, bias, lane0 + LANES);
        for (int j = 0; j < taps; j++) {
            int x = src[j] + lane0;
            int w = tapWeight[j] + lane0;
            acc = FloatVector.fromArray(SPECIES, input, x).fma(FloatVector.fromArray(SPECIES, weights, w), acc);
            next = FloatVector.fromArray(SPECIES, input, x + LANES, rest)
                    .fma(FloatVector.fromArray(SPECIES, weights, w + LANES), next);
        }
        acc.intoArray(out, outOffset);
        next.intoArray(out, outOffset + LANES, rest);
    }
}
