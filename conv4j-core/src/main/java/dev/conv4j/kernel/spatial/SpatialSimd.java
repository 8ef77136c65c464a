package dev.conv4j.kernel.spatial;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SpatialOps} on the Vector API. A tile is four vectors of consecutive positions times up
 * to three output channels: each loaded input vector feeds every channel of the tile, so a tap
 * costs four loads for up to twelve fused multiply-adds, and the 8 to 12 independent chains hide
 * the FMA latency. (One input vector per FMA, as a single-channel tile has, runs at half speed:
 * the loads, not the FMAs, are the limit.) There is one method per channel count because only
 * local variables stay in registers.
 */
final class SpatialSimd implements SpatialOps {
    static final SpatialSimd INSTANCE = new SpatialSimd();
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK = 4 * LANES;
    private static final int SPAN = 4 * BLOCK;
    /**
     * Per channel count {@code C}: the two-vector selections that build channels-last vectors
     * from per-channel vectors. Output vector {@code k} of a group of {@code LANES} positions is
     * built in {@code C - 1} steps; step {@code c} (1..C-1) takes the lanes of channel {@code c}
     * from that channel's vector (index {@code LANES + position}) and keeps the others (index
     * {@code lane}; in step 1, channel 0's lanes come from channel 0's vector). Indices of step
     * {@code c} of vector {@code k} start at {@code ((k * C) + c) * LANES}.
     */
    private static final float[][] INTERLEAVE = interleaveSteps(SpatialConv.MAX_OUT_CHANNELS);

    private SpatialSimd() {
    }

    private static float[][] interleaveSteps(int maxChannels) {
        float[][] steps = new float[maxChannels + 1][];
        for (int channels = 2; channels <= maxChannels; channels++) {
            float[] s = new float[channels * channels * LANES];
            for (int k = 0; k < channels; k++) {
                for (int lane = 0; lane < LANES; lane++) {
                    int q = k * LANES + lane;
                    int position = q / channels;
                    int channel = q % channels;
                    for (int c = 1; c < channels; c++) {
                        int index = channel == c ? LANES + position : c == 1 ? position : lane;
                        s[(k * channels + c) * LANES + lane] = index;
                    }
                }
            }
            steps[channels] = s;
        }
        return steps;
    }

    @Override
    public int block() {
        return BLOCK;
    }

    @Override
    public int span() {
        return SPAN;
    }

    @Override
    public void tile(int channels, float[] rows, int[] src, int[] tapWeight, int taps, int start, int blocks,
                     float[] weights, int weightBase, float[] bias, int biasOffset, float[] planes, int planeOffset) {
        switch (channels) {
            case 1 -> tile1(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, biasOffset,
                    planes, planeOffset);
            case 2 -> tile2(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, biasOffset,
                    planes, planeOffset);
            case 3 -> tile3(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, biasOffset,
                    planes, planeOffset);
            default -> throw new IllegalArgumentException("a tile has 1 to 3 channels, not " + channels);
        }
    }

    private static void tile1(float[] rows, int[] src, int[] tapWeight, int taps, int first, int blocks,
                              float[] weights, int weightBase, float[] bias, int biasOffset,
                              float[] planes, int firstPlane) {
        for (int block = 0; block < blocks; block++) {
            int start = first + block * BLOCK;
            int planeOffset = firstPlane + block * BLOCK;
            FloatVector a0 = FloatVector.broadcast(SPECIES, bias[biasOffset]);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int j = 0; j < taps; j++) {
                int s = src[j] + start;
                FloatVector w = FloatVector.broadcast(SPECIES, weights[weightBase + tapWeight[j]]);
                a0 = FloatVector.fromArray(SPECIES, rows, s).fma(w, a0);
                a1 = FloatVector.fromArray(SPECIES, rows, s + LANES).fma(w, a1);
                a2 = FloatVector.fromArray(SPECIES, rows, s + 2 * LANES).fma(w, a2);
                a3 = FloatVector.fromArray(SPECIES, rows, s + 3 * LANES).fma(w, a3);
            }
            a0.intoArray(planes, planeOffset);
            a1.intoArray(planes, planeOffset + LANES);
            a2.intoArray(planes, planeOffset + 2 * LANES);
            a3.intoArray(planes, planeOffset + 3 * LANES);
        }
    }

    private static void tile2(float[] rows, int[] src, int[] tapWeight, int taps, int first, int blocks,
                              float[] weights, int weightBase, float[] bias, int biasOffset,
                              float[] planes, int firstPlane) {
        for (int block = 0; block < blocks; block++) {
            int start = first + block * BLOCK;
            int planeOffset = firstPlane + block * BLOCK;
            FloatVector a0 = FloatVector.broadcast(SPECIES, bias[biasOffset]);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector b0 = FloatVector.broadcast(SPECIES, bias[biasOffset + 1]);
            FloatVector b1 = b0;
            FloatVector b2 = b0;
            FloatVector b3 = b0;
            for (int j = 0; j < taps; j++) {
                int s = src[j] + start;
                int w = weightBase + tapWeight[j] * 2;
                FloatVector wa = FloatVector.broadcast(SPECIES, weights[w]);
                FloatVector wb = FloatVector.broadcast(SPECIES, weights[w + 1]);
                FloatVector x0 = FloatVector.fromArray(SPECIES, rows, s);
                FloatVector x1 = FloatVector.fromArray(SPECIES, rows, s + LANES);
                FloatVector x2 = FloatVector.fromArray(SPECIES, rows, s + 2 * LANES);
                FloatVector x3 = FloatVector.fromArray(SPECIES, rows, s + 3 * LANES);
                a0 = x0.fma(wa, a0);
                a1 = x1.fma(wa, a1);
                a2 = x2.fma(wa, a2);
                a3 = x3.fma(wa, a3);
                b0 = x0.fma(wb, b0);
                b1 = x1.fma(wb, b1);
                b2 = x2.fma(wb, b2);
                b3 = x3.fma(wb, b3);
            }
            a0.intoArray(planes, planeOffset);
            a1.intoArray(planes, planeOffset + LANES);
            a2.intoArray(planes, planeOffset + 2 * LANES);
            a3.intoArray(planes, planeOffset + 3 * LANES);
            b0.intoArray(planes, planeOffset + SPAN);
            b1.intoArray(planes, planeOffset + SPAN + LANES);
            b2.intoArray(planes, planeOffset + SPAN + 2 * LANES);
            b3.intoArray(planes, planeOffset + SPAN + 3 * LANES);
        }
    }

    private static void tile3(float[] rows, int[] src, int[] tapWeight, int taps, int first, int blocks,
                              float[] weights, int weightBase, float[] bias, int biasOffset,
                              float[] planes, int firstPlane) {
        for (int block = 0; block < blocks; block++) {
            int start = first + block * BLOCK;
            int planeOffset = firstPlane + block * BLOCK;
            FloatVector a0 = FloatVector.broadcast(SPECIES, bias[biasOffset]);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector b0 = FloatVector.broadcast(SPECIES, bias[biasOffset + 1]);
            FloatVector b1 = b0;
            FloatVector b2 = b0;
            FloatVector b3 = b0;
            FloatVector c0 = FloatVector.broadcast(SPECIES, bias[biasOffset + 2]);
            FloatVector c1 = c0;
            FloatVector c2 = c0;
            FloatVector c3 = c0;
            for (int j = 0; j < taps; j++) {
                int s = src[j] + start;
                int w = weightBase + tapWeight[j] * 3;
                FloatVector wa = FloatVector.broadcast(SPECIES, weights[w]);
                FloatVector wb = FloatVector.broadcast(SPECIES, weights[w + 1]);
                FloatVector wc = FloatVector.broadcast(SPECIES, weights[w + 2]);
                FloatVector x0 = FloatVector.fromArray(SPECIES, rows, s);
                FloatVector x1 = FloatVector.fromArray(SPECIES, rows, s + LANES);
                FloatVector x2 = FloatVector.fromArray(SPECIES, rows, s + 2 * LANES);
                FloatVector x3 = FloatVector.fromArray(SPECIES, rows, s + 3 * LANES);
                a0 = x0.fma(wa, a0);
                a1 = x1.fma(wa, a1);
                a2 = x2.fma(wa, a2);
                a3 = x3.fma(wa, a3);
                b0 = x0.fma(wb, b0);
                b1 = x1.fma(wb, b1);
                b2 = x2.fma(wb, b2);
                b3 = x3.fma(wb, b3);
                c0 = x0.fma(wc, c0);
                c1 = x1.fma(wc, c1);
                c2 = x2.fma(wc, c2);
                c3 = x3.fma(wc, c3);
            }
            a0.intoArray(planes, planeOffset);
            a1.intoArray(planes, planeOffset + LANES);
            a2.intoArray(planes, planeOffset + 2 * LANES);
            a3.intoArray(planes, planeOffset + 3 * LANES);
            b0.intoArray(planes, planeOffset + SPAN);
            b1.intoArray(planes, planeOffset + SPAN + LANES);
            b2.intoArray(planes, planeOffset + SPAN + 2 * LANES);
            b3.intoArray(planes, planeOffset + SPAN + 3 * LANES);
            c0.intoArray(planes, planeOffset + 2 * SPAN);
            c1.intoArray(planes, planeOffset + 2 * SPAN + LANES);
            c2.intoArray(planes, planeOffset + 2 * SPAN + 2 * LANES);
            c3.intoArray(planes, planeOffset + 2 * SPAN + 3 * LANES);
        }
    }

    @Override
    public void interleave(float[] planes, int from, int channels, int positions, float[] out, int outOffset) {
        int whole = positions / LANES * LANES;
        switch (channels) {
            case 1 -> System.arraycopy(planes, from, out, outOffset, whole);
            case 2 -> interleave2(planes, from, whole, out, outOffset);
            case 3 -> interleave3(planes, from, whole, out, outOffset);
            case 4 -> interleave4(planes, from, whole, out, outOffset);
            default -> interleaveAny(planes, from, channels, whole, out, outOffset);
        }
        if (whole < positions) {
            interleaveAny(planes, from + whole, channels, positions - whole, out, outOffset + whole * channels);
        }
    }

    /*
     * The common channel counts keep their selection indices in registers across the positions
     * (a third of the time of reloading them per vector); they differ only in how many there are.
     */

    private static FloatVector step(float[] steps, int vector, int channels, int step) {
        return FloatVector.fromArray(SPECIES, steps, (vector * channels + step) * LANES);
    }

    private static void interleave2(float[] planes, int from, int positions, float[] out, int outOffset) {
        float[] steps = INTERLEAVE[2];
        FloatVector s0 = step(steps, 0, 2, 1);
        FloatVector s1 = step(steps, 1, 2, 1);
        for (int p = 0; p < positions; p += LANES) {
            FloatVector c0 = FloatVector.fromArray(SPECIES, planes, from + p);
            FloatVector c1 = FloatVector.fromArray(SPECIES, planes, SPAN + from + p);
            int q = outOffset + 2 * p;
            s0.selectFrom(c0, c1).intoArray(out, q);
            s1.selectFrom(c0, c1).intoArray(out, q + LANES);
        }
    }

    private static void interleave3(float[] planes, int from, int positions, float[] out, int outOffset) {
        float[] steps = INTERLEAVE[3];
        FloatVector s01 = step(steps, 0, 3, 1);
        FloatVector s02 = step(steps, 0, 3, 2);
        FloatVector s11 = step(steps, 1, 3, 1);
        FloatVector s12 = step(steps, 1, 3, 2);
        FloatVector s21 = step(steps, 2, 3, 1);
        FloatVector s22 = step(steps, 2, 3, 2);
        for (int p = 0; p < positions; p += LANES) {
            FloatVector c0 = FloatVector.fromArray(SPECIES, planes, from + p);
            FloatVector c1 = FloatVector.fromArray(SPECIES, planes, SPAN + from + p);
            FloatVector c2 = FloatVector.fromArray(SPECIES, planes, 2 * SPAN + from + p);
            int q = outOffset + 3 * p;
            s02.selectFrom(s01.selectFrom(c0, c1), c2).intoArray(out, q);
            s12.selectFrom(s11.selectFrom(c0, c1), c2).intoArray(out, q + LANES);
            s22.selectFrom(s21.selectFrom(c0, c1), c2).intoArray(out, q + 2 * LANES);
        }
    }

    private static void interleave4(float[] planes, int from, int positions, float[] out, int outOffset) {
        float[] steps = INTERLEAVE[4];
        FloatVector s01 = step(steps, 0, 4, 1);
        FloatVector s02 = step(steps, 0, 4, 2);
        FloatVector s03 = step(steps, 0, 4, 3);
        FloatVector s11 = step(steps, 1, 4, 1);
        FloatVector s12 = step(steps, 1, 4, 2);
        FloatVector s13 = step(steps, 1, 4, 3);
        FloatVector s21 = step(steps, 2, 4, 1);
        FloatVector s22 = step(steps, 2, 4, 2);
        FloatVector s23 = step(steps, 2, 4, 3);
        FloatVector s31 = step(steps, 3, 4, 1);
        FloatVector s32 = step(steps, 3, 4, 2);
        FloatVector s33 = step(steps, 3, 4, 3);
        for (int p = 0; p < positions; p += LANES) {
            FloatVector c0 = FloatVector.fromArray(SPECIES, planes, from + p);
            FloatVector c1 = FloatVector.fromArray(SPECIES, planes, SPAN + from + p);
            FloatVector c2 = FloatVector.fromArray(SPECIES, planes, 2 * SPAN + from + p);
            FloatVector c3 = FloatVector.fromArray(SPECIES, planes, 3 * SPAN + from + p);
            int q = outOffset + 4 * p;
            s03.selectFrom(s02.selectFrom(s01.selectFrom(c0, c1), c2), c3).intoArray(out, q);
            s13.selectFrom(s12.selectFrom(s11.selectFrom(c0, c1), c2), c3).intoArray(out, q + LANES);
            s23.selectFrom(s22.selectFrom(s21.selectFrom(c0, c1), c2), c3).intoArray(out, q + 2 * LANES);
            s33.selectFrom(s32.selectFrom(s31.selectFrom(c0, c1), c2), c3).intoArray(out, q + 3 * LANES);
        }
    }

    /** Any channel count and a partial last vector: the selections reloaded per vector. */
    private static void interleaveAny(float[] planes, int from, int channels, int positions, float[] out,
                                      int outOffset) {
        if (channels == 1) {
            System.arraycopy(planes, from, out, outOffset, positions);
            return;
        }
        float[] steps = INTERLEAVE[channels];
        int total = positions * channels;
        for (int group = 0; group * LANES < positions; group++) {
            int at = from + group * LANES;
            for (int k = 0; k < channels; k++) {
                int q = (group * channels + k) * LANES;
                if (q >= total) {
                    return;
                }
                FloatVector v = step(steps, k, channels, 1).selectFrom(FloatVector.fromArray(SPECIES, planes, at),
                        FloatVector.fromArray(SPECIES, planes, SPAN + at));
                for (int c = 2; c < channels; c++) {
                    FloatVector channel = FloatVector.fromArray(SPECIES, planes, c * SPAN + at);
                    v = step(steps, k, channels, c).selectFrom(v, channel);
                }
                if (q + LANES <= total) {
                    v.intoArray(out, outOffset + q);
                } else {
                    v.intoArray(out, outOffset + q, SPECIES.indexInRange(q, total));
                }
            }
        }
    }
}
