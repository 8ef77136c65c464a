package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.ScratchPool;
import java.util.Arrays;

/**
 * The depthwise convolution (one input channel per group), vectorised along the channels. A
 * unit (a band of output rows, see {@link Bands}) first copies the input rows it reads into a
 * zero-padded slab; then each input row (or, with a width stride or dilation, each input row and
 * width tap) is one entry with a source offset into the slab and a row of weights, and
 * {@link DepthwiseOps#block} sums the entries for a vector of channels at a few consecutive
 * positions.
 *
 * <p>The slab is blocked by channel vector: one plane per vector of output channels and stride
 * phase, each position a whole vector, with each input channel repeated {@code multiplier}
 * times so that output channel {@code c * M + m} finds its input in the same lane. Consecutive
 * output positions then read consecutive vectors, whatever the channel count, stride or
 * dilation: the loads need no address arithmetic.
 *
 * <p>With a multiplier of 1 and width stride and dilation 1, consecutive output positions read
 * input positions that lie a channel count apart in the input itself, so units read it in place,
 * without the slab: each row's interior through {@link DepthwiseOps#block}, two vectors of
 * channels per call (the channels lie side by side), the positions whose
 * taps reach into the padding one at a time through {@link DepthwiseOps#position}. Reading in
 * place saves the copy, not the input's cache misses, which either way are paid once.
 */
final class DepthwiseKernel implements ConvKernel {
    private final Bands bands;
    private final DepthwiseOps ops;
    private final int lanes;
    private final int inChannels;
    private final int multiplier;
    private final int outChannels;
    /** Output channels rounded up to whole vectors: the stride of {@link #weights}. */
    private final int paddedChannels;
    /** {@code [taps][paddedChannels]}, zero past the last channel. */
    private final float[] weights;
    private final float[] bias;
    /**
     * Per output channel vector: the input channel each lane repeats ({@code channel / multiplier},
     * zero past the last), for filling the slab when the multiplier is above 1.
     */
    private final int[][] laneChannels;
    /** Whether units read the input in place (see the class comment). */
    private final boolean inPlace;
    private final ScratchPool<Scratch> scratches = new ScratchPool<>(Scratch::new);

    /** The slab and the unit's entry list. */
    private final class Scratch {
        // a block reads up to a block and a sliding step past a row, the last row into the slack
        final float[] slab = inPlace ? null : bands.newSlab((bands.planeLength + ops.positions() + 1) * lanes);
        final Bands.Unit unit = bands.new Unit(DepthwiseKernel.this::fillRow);
        final int[] src = new int[bands.depthTaps * bands.height.kernel() * bands.width.kernel()];
        final int[] tapWeight = new int[src.length];
        /** In place: a border position's taps. */
        final int[] borderSrc = new int[src.length];
        final int[] borderWeight = new int[src.length];
        /** In place: per entry, where its input row starts, and its depth and height tap index. */
        final int[] entryRow = new int[src.length];
        final int[] entryTap = new int[src.length];
    }

    DepthwiseKernel(CanonicalConv p, float[] filter, float[] bias, DepthwiseOps ops) {
        this.ops = ops;
        this.lanes = ops.lanes();
        this.inChannels = p.inChannels();
        this.multiplier = p.outChannelsPerGroup();
        this.outChannels = p.outChannels();
        this.paddedChannels = Math.ceilDiv(outChannels, lanes) * lanes;
        this.bands = new Bands(p, paddedChannels / lanes, lanes, 1, false);
        int taps = Math.toIntExact(p.kernelVolume());
        this.weights = new float[taps * paddedChannels];
        for (int tap = 0; tap < taps; tap++) {
            System.arraycopy(filter, tap * outChannels, weights, tap * paddedChannels, outChannels);
        }
        this.bias = new float[paddedChannels];
        if (bias != null) {
            System.arraycopy(bias, 0, this.bias, 0, outChannels);
        }
        this.laneChannels = new int[paddedChannels / lanes][lanes];
        for (int c = 0; c < outChannels; c++) {
            laneChannels[c / lanes][c % lanes] = c / multiplier;
        }
        this.inPlace = multiplier == 1 && bands.width.stride() == 1 && bands.width.dilation() == 1;
    }

    /** Whether units read the input in place rather than through a slab. */
    boolean readsInPlace() {
        return inPlace;
    }

    @Override
    public int workUnits() {
        return bands.units();
    }

    /**
     * Copies one input row into row {@code rowOffset} of the planes: position {@code j} of the
     * plane of channel vector {@code v} and phase {@code r} holds output channels
     * {@code v * lanes ..} of input width {@code (o0 + j) * stride + r - pad}, where {@code o0}
     * is the segment's first output.
     */
    private void fillRow(float[] input, int inputOffset, int segment, float[] slab, int rowOffset) {
        Bands b = bands;
        int stride = b.width.stride();
        int inWidth = b.width.in();
        int length = b.planeLength;
        for (int vector = 0; vector * lanes < outChannels; vector++) {
            int c0 = vector * lanes;
            int width = Math.min(lanes, outChannels - c0);
            for (int r = 0; r < stride; r++) {
                int plane = rowOffset + (vector * stride + r) * b.planeFloats;
                int first = b.phaseColumn(segment, r);
                int lo = CanonicalAxis.firstInside(first, length, stride);
                int hi = Math.max(lo, CanonicalAxis.endInside(first, length, stride, inWidth));
                Arrays.fill(slab, plane, plane + lo * lanes, 0f);
                int from = inputOffset + (first + lo * stride) * inChannels;
                if (multiplier == 1) {
                    ops.copyVectors(input, from + c0, stride * inChannels, width, hi - lo, slab, plane + lo * lanes);
                } else {
                    ops.gatherVectors(input, from, stride * inChannels, laneChannels[vector], width, hi - lo, slab,
                            plane + lo * lanes);
                }
                Arrays.fill(slab, plane + hi * lanes, plane + length * lanes, 0f);
            }
        }
    }

    @Override
    public void compute(float[] input, float[] output, int from, int to) {
        Scratch scratch = scratches.acquire();
        try {
            if (inPlace) {
                computeInPlace(scratch, input, output, from, to);
            } else {
                computeThroughSlab(scratch, input, output, from, to);
            }
        } finally {
            scratches.release(scratch);
        }
    }

    private void computeThroughSlab(Scratch scratch, float[] input, float[] output, int from, int to) {
        Bands b = bands;
        float[] slab = scratch.slab;
        Bands.Unit u = scratch.unit;
        int[] src = scratch.src;
        int[] tapWeight = scratch.tapWeight;
        CanonicalAxis width = b.width;
        int stride = width.stride();
        int kernelHeight = b.height.kernel();
        int kernelWidth = width.kernel();
        int[] tapPhase = b.tapPhase;
        int[] tapShift = b.tapShift;
        // stride and dilation 1 along the width: one entry per input row, whose taps slide
        boolean sliding = stride == 1 && width.dilation() == 1;
        int tapsPerEntry = sliding ? kernelWidth : 1;
        int rowFloats = b.planeLength * lanes;
        int rowStep = b.height.dilation() * rowFloats;
        for (int unit = from; unit < to; unit++) {
            u.load(unit, input, slab);
            int entries = 0;
            for (int d = 0; d < u.depthTapCount; d++) {
                for (int kh = 0; kh < kernelHeight; kh++) {
                    for (int t = 0; t < kernelWidth; t += tapsPerEntry) {
                        src[entries] = d * b.depthTapFloats + tapPhase[t] * b.planeFloats
                                + kh * rowStep + tapShift[t] * lanes;
                        int tap = (u.depthTap[d] * kernelHeight + kh) * kernelWidth + t;
                        tapWeight[entries] = tap * paddedChannels;
                        entries++;
                    }
                }
            }
            for (int r = 0; r < u.rows; r++) {
                int outOffset = Math.toIntExact(((u.firstOutputRow + r) * width.out() + u.segmentStart) * outChannels);
                int rowStart = r * b.height.stride() * rowFloats;
                for (int lane0 = 0; lane0 < outChannels; lane0 += lanes) {
                    ops.block(slab, src, tapWeight, entries, tapsPerEntry, paddedChannels,
                            lane0 / lanes * stride * b.planeFloats + rowStart, lanes, weights, bias, lane0, output,
                            outOffset + lane0, outChannels, u.segmentSize, Math.min(lanes, outChannels - lane0));
                }
            }
        }
    }

    /**
     * The units one by one, each output row on its own: one entry per input row that exists (its
     * width taps slide), the row's interior by blocks straight from the input (those whose loads
     * would run past the input's end, at the very end, go with the border), and the border
     * positions one at a time with the taps that land in the input.
     */
    private void computeInPlace(Scratch scratch, float[] input, float[] output, int from, int to) {
        Bands b = bands;
        Bands.Unit u = scratch.unit;
        int[] src = scratch.src;
        int[] tapWeight = scratch.tapWeight;
        int[] entryRow = scratch.entryRow;
        int positions = ops.positions();
        int kernelWidth = b.width.kernel();
        int padWidth = b.width.padBefore();
        int outWidth = b.width.out();
        for (int unit = from; unit < to; unit++) {
            u.decode(unit);
            int start = u.interiorFrom;
            int end = u.interiorTo;
            for (int r = 0; r < u.rows; r++) {
                int entries = u.inputRows(r, entryRow, scratch.entryTap);
                int lastRow = 0;
                for (int e = 0; e < entries; e++) {
                    lastRow = Math.max(lastRow, entryRow[e]);
                    src[e] = entryRow[e] - padWidth * inChannels;
                    tapWeight[e] = scratch.entryTap[e] * kernelWidth * paddedChannels;
                }
                long outputRow = (u.firstOutputRow + r) * outWidth;
                // a block reads a block and its taps further, and its channel vectors whole
                int reach = lastRow + (positions + kernelWidth - 1 - padWidth) * inChannels + paddedChannels;
                int lastBlock = entries == 0 ? start - 1 : Math.floorDiv(input.length - reach, inChannels);
                int blockEnd = lastBlock < start ? start
                        : Math.min(end, start + ((lastBlock - start) / positions + 1) * positions);
                sumBorder(input, output, scratch, entries, outputRow, u.segmentStart, start);
                for (int lane0 = 0; blockEnd > start && lane0 < outChannels; lane0 += 2 * lanes) {
                    ops.block(input, src, tapWeight, entries, kernelWidth, paddedChannels, start * inChannels + lane0,
                            inChannels, weights, bias, lane0, output,
                            Math.toIntExact((outputRow + start) * outChannels) + lane0, outChannels, blockEnd - start,
                            Math.min(2 * lanes, outChannels - lane0));
                }
                sumBorder(input, output, scratch, entries, outputRow, blockEnd, u.segmentEnd);
            }
        }
    }

    /** Positions {@code from} to {@code to} of an output row one at a time, with the taps that land in the input. */
    private void sumBorder(float[] input, float[] output, Scratch scratch, int entries, long outputRow, int from, int to) {
        int kernelWidth = bands.width.kernel();
        int padWidth = bands.width.padBefore();
        int inWidth = bands.width.in();
        for (int x = from; x < to; x++) {
            int taps = 0;
            for (int e = 0; e < entries; e++) {
                for (int t = 0; t < kernelWidth; t++) {
                    int column = x - padWidth + t;
                    if (column >= 0 && column < inWidth) {
                        scratch.borderSrc[taps] = scratch.entryRow[e] + column * inChannels;
                        scratch.borderWeight[taps] = scratch.tapWeight[e] + t * paddedChannels;
                        taps++;
                    }
                }
            }
            int at = Math.toIntExact((outputRow + x) * outChannels);
            for (int lane0 = 0; lane0 < outChannels; lane0 += lanes) {
                ops.position(input, scratch.borderSrc, scratch.borderWeight, taps, weights, bias, lane0, output,
                        at + lane0, Math.min(lanes, outChannels - lane0));
            }
        }
    }
}
