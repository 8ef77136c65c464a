package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SpatialOps} on the Vector API. A tile is four vectors of consecutive positions times up
 * to four output channels: each loaded input vector feeds every channel of the tile, so a tap
 * costs four loads for up to sixteen fused multiply-adds, and the 8 to 16 independent chains hide
 * the FMA latency. (One input vector per FMA, as a single-channel tile has, runs at half speed:
 * the loads, not the FMAs, are the limit.) There is one method per channel count because only
 * local variables stay in registers. Needs vectors of at most {@link SpatialOps#GROUP} lanes, so
 * that a vector's positions lie in one row.
 */
final class SpatialSimd implements SpatialOps {
    static final SpatialSimd INSTANCE = new SpatialSimd();
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK = 4 * LANES;
    private static final int SPAN = 4 * BLOCK;
    private static final int GROUP_SHIFT = Integer.numberOfTrailingZeros(GROUP);
    /**
     * Per channel count {@code C}: the two-vector selections that build channels-last vectors
     * from per-channel vectors. Output vector {@code k} of a group of {@code LANES} positions is
     * built in {@code C - 1} steps; step {@code c} (1..C-1) takes the lanes of channel {@code c}
     * from that channel's vector (index {@code LANES + position}) and keeps the others (index
     * {@code lane}; in step 1, channel 0's lanes come from channel 0's vector). Indices of step
     * {@code c} of vector {@code k} start at {@code ((k * C) + c) * LANES}.
     */
    private static final float[][] INTERLEAVE = interleaveSteps(SpatialConv.MAX_OUT_CHANNELS);
    /**
     * Four channels interleave in two rounds, 8 selections per four vectors instead of 12: the
     * pairs (a, b) and (c, d) into {@code [a0 b0 a1 b1 ..]} ({@code PAIRS}: the first half of the
     * positions, then the second), then two pair vectors into {@code [a0 b0 c0 d0 a1 ..]}
     * ({@code QUADS}: the first half of the pairs' positions, then the second).
     */
    private static final float[] PAIRS = twoRoundSteps(2);
    private static final float[] QUADS = twoRoundSteps(4);
    /** Eight channels take a third round: two quad vectors into {@code [a0 .. h0 a1 .. h1]}. */
    private static final float[] OCTETS = twoRoundSteps(8);

    private SpatialSimd() {
    }

    static int lanes() {
        return LANES;
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

    /**
     * Lane {@code width * i + c} of half {@code h} takes, for {@code c < width / 2}, lane
     * {@code (width / 2) * p + c} of the first vector, else lane {@code (width / 2) * p + c - width / 2}
     * of the second, where {@code p = h * LANES / width + i}: width 2 pairs two channels' positions,
     * width 4 two pair vectors, width 8 two quad vectors.
     */
    private static float[] twoRoundSteps(int width) {
        float[] s = new float[2 * LANES];
        for (int half = 0; half < 2; half++) {
            for (int lane = 0; lane < LANES; lane++) {
                int position = half * LANES / width + lane / width;
                int part = lane % width;
                int index = width / 2 * position + part % (width / 2);
                s[half * LANES + lane] = (part < width / 2 ? 0 : LANES) + index;
            }
        }
        return s;
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
                     float[] weights, int weightBase, float[] bias, int biasOffset, float[] planes, int planeOffset,
                     Output direct) {
        switch (channels) {
            case 1 -> tile1(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, biasOffset,
                    planes, planeOffset, direct);
            case 2 -> tile2(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, biasOffset,
                    planes, planeOffset, direct);
            case 3 -> tile3(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, biasOffset,
                    planes, planeOffset, direct);
            case 4 -> tile4(rows, src, tapWeight, taps, start, blocks, weights, weightBase, bias, direct);
            default -> throw new IllegalArgumentException("a tile has 1 to 4 channels, not " + channels);
        }
    }

    private static void tile1(float[] rows, int[] src, int[] tapWeight, int taps, int first, int blocks,
                              float[] weights, int weightBase, float[] bias, int biasOffset,
                              float[] planes, int firstPlane, Output direct) {
        for (int block = 0; block < blocks; block++) {
            int q = block * BLOCK;
            int start = first + q;
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
            if (direct != null) {
                for (int v = 0; v < BLOCK / LANES; v++) {
                    int valid = validLanes(direct, q + v * LANES);
                    if (valid > 0) {
                        a0.intoArray(target(direct, valid), targetOffset(direct, q + v * LANES, 1, valid));
                        finish(direct, q + v * LANES, 1, valid);
                    }
                    a0 = a1;
                    a1 = a2;
                    a2 = a3;
                }
                continue;
            }
            int planeOffset = firstPlane + q;
            a0.intoArray(planes, planeOffset);
            a1.intoArray(planes, planeOffset + LANES);
            a2.intoArray(planes, planeOffset + 2 * LANES);
            a3.intoArray(planes, planeOffset + 3 * LANES);
        }
    }

    private static void tile2(float[] rows, int[] src, int[] tapWeight, int taps, int first, int blocks,
                              float[] weights, int weightBase, float[] bias, int biasOffset,
                              float[] planes, int firstPlane, Output direct) {
        for (int block = 0; block < blocks; block++) {
            int q = block * BLOCK;
            int start = first + q;
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
            if (direct != null) {
                FloatVector pairsLo = step(PAIRS, 0);
                FloatVector pairsHi = step(PAIRS, 1);
                for (int v = 0; v < BLOCK / LANES; v++) {
                    int valid = validLanes(direct, q + v * LANES);
                    if (valid > 0) {
                        float[] out = target(direct, valid);
                        int at = targetOffset(direct, q + v * LANES, 2, valid);
                        pairsLo.selectFrom(a0, b0).intoArray(out, at);
                        pairsHi.selectFrom(a0, b0).intoArray(out, at + LANES);
                        finish(direct, q + v * LANES, 2, valid);
                    }
                    a0 = a1;
                    a1 = a2;
                    a2 = a3;
                    b0 = b1;
                    b1 = b2;
                    b2 = b3;
                }
                continue;
            }
            int planeOffset = firstPlane + q;
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
                              float[] planes, int firstPlane, Output direct) {
        for (int block = 0; block < blocks; block++) {
            int q = block * BLOCK;
            int start = first + q;
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
            if (direct != null) {
                float[] steps = INTERLEAVE[3];
                FloatVector ab0 = step(steps, 0, 3, 1);
                FloatVector abc0 = step(steps, 0, 3, 2);
                FloatVector ab1 = step(steps, 1, 3, 1);
                FloatVector abc1 = step(steps, 1, 3, 2);
                FloatVector ab2 = step(steps, 2, 3, 1);
                FloatVector abc2 = step(steps, 2, 3, 2);
                for (int v = 0; v < BLOCK / LANES; v++) {
                    int valid = validLanes(direct, q + v * LANES);
                    if (valid > 0) {
                        float[] out = target(direct, valid);
                        int at = targetOffset(direct, q + v * LANES, 3, valid);
                        abc0.selectFrom(ab0.selectFrom(a0, b0), c0).intoArray(out, at);
                        abc1.selectFrom(ab1.selectFrom(a0, b0), c0).intoArray(out, at + LANES);
                        abc2.selectFrom(ab2.selectFrom(a0, b0), c0).intoArray(out, at + 2 * LANES);
                        finish(direct, q + v * LANES, 3, valid);
                    }
                    a0 = a1;
                    a1 = a2;
                    a2 = a3;
                    b0 = b1;
                    b1 = b2;
                    b2 = b3;
                    c0 = c1;
                    c1 = c2;
                    c2 = c3;
                }
                continue;
            }
            int planeOffset = firstPlane + q;
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

    /** Four channels: sixteen accumulators, the most that stay in registers; always direct. */
    private static void tile4(float[] rows, int[] src, int[] tapWeight, int taps, int first, int blocks,
                              float[] weights, int weightBase, float[] bias, Output direct) {
        for (int block = 0; block < blocks; block++) {
            int q = block * BLOCK;
            int start = first + q;
            FloatVector a0 = FloatVector.broadcast(SPECIES, bias[0]);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector b0 = FloatVector.broadcast(SPECIES, bias[1]);
            FloatVector b1 = b0;
            FloatVector b2 = b0;
            FloatVector b3 = b0;
            FloatVector c0 = FloatVector.broadcast(SPECIES, bias[2]);
            FloatVector c1 = c0;
            FloatVector c2 = c0;
            FloatVector c3 = c0;
            FloatVector d0 = FloatVector.broadcast(SPECIES, bias[3]);
            FloatVector d1 = d0;
            FloatVector d2 = d0;
            FloatVector d3 = d0;
            for (int j = 0; j < taps; j++) {
                int s = src[j] + start;
                int w = weightBase + tapWeight[j] * 4;
                FloatVector x0 = FloatVector.fromArray(SPECIES, rows, s);
                FloatVector x1 = FloatVector.fromArray(SPECIES, rows, s + LANES);
                FloatVector x2 = FloatVector.fromArray(SPECIES, rows, s + 2 * LANES);
                FloatVector x3 = FloatVector.fromArray(SPECIES, rows, s + 3 * LANES);
                FloatVector wt = FloatVector.broadcast(SPECIES, weights[w]);
                a0 = x0.fma(wt, a0);
                a1 = x1.fma(wt, a1);
                a2 = x2.fma(wt, a2);
                a3 = x3.fma(wt, a3);
                wt = FloatVector.broadcast(SPECIES, weights[w + 1]);
                b0 = x0.fma(wt, b0);
                b1 = x1.fma(wt, b1);
                b2 = x2.fma(wt, b2);
                b3 = x3.fma(wt, b3);
                wt = FloatVector.broadcast(SPECIES, weights[w + 2]);
                c0 = x0.fma(wt, c0);
                c1 = x1.fma(wt, c1);
                c2 = x2.fma(wt, c2);
                c3 = x3.fma(wt, c3);
                wt = FloatVector.broadcast(SPECIES, weights[w + 3]);
                d0 = x0.fma(wt, d0);
                d1 = x1.fma(wt, d1);
                d2 = x2.fma(wt, d2);
                d3 = x3.fma(wt, d3);
            }
            FloatVector pairsLo = step(PAIRS, 0);
            FloatVector pairsHi = step(PAIRS, 1);
            FloatVector quadsLo = step(QUADS, 0);
            FloatVector quadsHi = step(QUADS, 1);
            for (int v = 0; v < BLOCK / LANES; v++) {
                int valid = validLanes(direct, q + v * LANES);
                if (valid > 0) {
                    float[] out = target(direct, valid);
                    int at = targetOffset(direct, q + v * LANES, 4, valid);
                    FloatVector ab = pairsLo.selectFrom(a0, b0);
                    FloatVector cd = pairsLo.selectFrom(c0, d0);
                    quadsLo.selectFrom(ab, cd).intoArray(out, at);
                    quadsHi.selectFrom(ab, cd).intoArray(out, at + LANES);
                    ab = pairsHi.selectFrom(a0, b0);
                    cd = pairsHi.selectFrom(c0, d0);
                    quadsLo.selectFrom(ab, cd).intoArray(out, at + 2 * LANES);
                    quadsHi.selectFrom(ab, cd).intoArray(out, at + 3 * LANES);
                    finish(direct, q + v * LANES, 4, valid);
                }
                a0 = a1;
                a1 = a2;
                a2 = a3;
                b0 = b1;
                b1 = b2;
                b2 = b3;
                c0 = c1;
                c1 = c2;
                c2 = c3;
                d0 = d1;
                d1 = d2;
                d2 = d3;
            }
        }
    }

    /*
     * A direct tile's vector of LANES positions, starting q positions into the call, goes to its
     * group's place in the output: whole when all its positions are valid, else through the
     * partial buffer, so that every vector store is a plain one (masked stores make the tiles too
     * large for C1, see SimdTileKernel).
     *
     * The tiles store their four vectors per channel in a loop that shifts the accumulators down,
     * not through a helper taking vectors: such a helper, once compiled on its own, is too big for
     * C2 to inline ("already compiled into a big method"), and its vectors are then boxed on every
     * call. The selections are loaded once per block, after the taps, so that C2 converts their
     * float indices to ints once per block, not at every selection (a dozen instructions each; C2
     * cannot hoist a load past the stores into the float[] output, which might be the same
     * array). They are not loaded before the blocks: there they would stay live through the tap
     * loop, which C2 unrolls for many taps, and spill.
     */

    /** Positions of the vector at {@code q} to store: 0 (none) to {@code LANES}. */
    private static int validLanes(Output o, int q) {
        // q is never negative: shifts and masks instead of a signed division's fix-ups, per vector
        return Math.min(o.valid[q >>> GROUP_SHIFT] - (q & GROUP - 1), LANES);
    }

    /** Where the vector at {@code q} goes: the output when whole, else the partial buffer. */
    private static float[] target(Output o, int valid) {
        return valid == LANES ? o.out : o.partial;
    }

    private static int targetOffset(Output o, int q, int channels, int valid) {
        return valid == LANES ? o.offset[q >>> GROUP_SHIFT] + (q & GROUP - 1) * channels : 0;
    }

    /** After a vector is stored: a part-valid one's positions go from the partial buffer to the output. */
    private static void finish(Output o, int q, int channels, int valid) {
        if (valid < LANES) {
            System.arraycopy(o.partial, 0, o.out, o.offset[q >>> GROUP_SHIFT] + (q & GROUP - 1) * channels,
                    valid * channels);
        }
    }

    @Override
    public void interleave(float[] planes, int from, int channels, int positions, float[] out, int outOffset) {
        if (channels == 1) {
            System.arraycopy(planes, from, out, outOffset, positions);
            return;
        }
        if (channels == 8 && positions % LANES == 0) {
            interleaveEight(planes, from, positions, out, outOffset);
            return;
        }
        float[] steps = INTERLEAVE[channels];
        int total = positions * channels;
        // output vector k of every group, then k + 1: the k-th selections are loaded once, before
        // the groups, so that C2 converts their indices once (see the tiles' stores); the steps
        // past the channel count repeat the first and are not used
        for (int k = 0; k < channels; k++) {
            FloatVector s1 = step(steps, k, channels, 1);
            FloatVector s2 = channels > 2 ? step(steps, k, channels, 2) : s1;
            FloatVector s3 = channels > 3 ? step(steps, k, channels, 3) : s1;
            FloatVector s4 = channels > 4 ? step(steps, k, channels, 4) : s1;
            FloatVector s5 = channels > 5 ? step(steps, k, channels, 5) : s1;
            FloatVector s6 = channels > 6 ? step(steps, k, channels, 6) : s1;
            FloatVector s7 = channels > 7 ? step(steps, k, channels, 7) : s1;
            for (int group = 0; ; group++) {
                int q = (group * channels + k) * LANES;
                if (q >= total) {
                    break;
                }
                int at = from + group * LANES;
                FloatVector v = s1.selectFrom(planeVector(planes, at), planeVector(planes, SPAN + at));
                if (channels > 2) {
                    v = s2.selectFrom(v, planeVector(planes, 2 * SPAN + at));
                }
                if (channels > 3) {
                    v = s3.selectFrom(v, planeVector(planes, 3 * SPAN + at));
                }
                if (channels > 4) {
                    v = s4.selectFrom(v, planeVector(planes, 4 * SPAN + at));
                }
                if (channels > 5) {
                    v = s5.selectFrom(v, planeVector(planes, 5 * SPAN + at));
                }
                if (channels > 6) {
                    v = s6.selectFrom(v, planeVector(planes, 6 * SPAN + at));
                }
                if (channels > 7) {
                    v = s7.selectFrom(v, planeVector(planes, 7 * SPAN + at));
                }
                if (q + LANES <= total) {
                    v.intoArray(out, outOffset + q);
                } else {
                    v.intoArray(out, outOffset + q, SPECIES.indexInRange(q, total));
                }
            }
        }
    }

    /** Eight channels in three rounds of pairing: 24 selections per group instead of 56. */
    private static void interleaveEight(float[] planes, int from, int positions, float[] out, int outOffset) {
        FloatVector pairsLo = step(PAIRS, 0);
        FloatVector pairsHi = step(PAIRS, 1);
        FloatVector quadsLo = step(QUADS, 0);
        FloatVector quadsHi = step(QUADS, 1);
        FloatVector octetsLo = step(OCTETS, 0);
        FloatVector octetsHi = step(OCTETS, 1);
        for (int group = 0, at = from, q = outOffset; group * LANES < positions; group++, at += LANES, q += 8 * LANES) {
            for (int half = 0; half < 2; half++) {
                FloatVector pairs = half == 0 ? pairsLo : pairsHi;
                FloatVector ab = pairs.selectFrom(planeVector(planes, at), planeVector(planes, SPAN + at));
                FloatVector cd = pairs.selectFrom(planeVector(planes, 2 * SPAN + at), planeVector(planes, 3 * SPAN + at));
                FloatVector ef = pairs.selectFrom(planeVector(planes, 4 * SPAN + at), planeVector(planes, 5 * SPAN + at));
                FloatVector gh = pairs.selectFrom(planeVector(planes, 6 * SPAN + at), planeVector(planes, 7 * SPAN + at));
                for (int quarter = 0; quarter < 2; quarter++) {
                    FloatVector quads = quarter == 0 ? quadsLo : quadsHi;
                    FloatVector abcd = quads.selectFrom(ab, cd);
                    FloatVector efgh = quads.selectFrom(ef, gh);
                    int o = q + (4 * half + 2 * quarter) * LANES;
                    octetsLo.selectFrom(abcd, efgh).intoArray(out, o);
                    octetsHi.selectFrom(abcd, efgh).intoArray(out, o + LANES);
                }
            }
        }
    }

    private static FloatVector planeVector(float[] planes, int at) {
        return FloatVector.fromArray(SPECIES, planes, at);
    }

    private static FloatVector step(float[] steps, int vector, int channels, int step) {
        return FloatVector.fromArray(SPECIES, steps, (vector * channels + step) * LANES);
    }

    private static FloatVector step(float[] twoRoundSteps, int half) {
        return FloatVector.fromArray(SPECIES, twoRoundSteps, half * LANES);
    }
}
