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
 * place saves the copy, not the input's cache misses, which either way are paid once. A unit
 * sweeps its rows a chunk of positions and a pair of channel vectors at a time, so that the
 * input rows consecutive output rows share stay in the first-level cache between them.
 */
final class DepthwiseKernel implements ConvKernel {
    /**
     * Floats (32 KiB) a chunk's input rows and output row may take: two thirds of a 48 KiB
     * first-level data cache. Smaller chunks kept more of the input in it but cost more calls.
     */
    private static final int FIRST_LEVEL_FLOATS = 8 * 1024;
    private final Bands bands;
    private final DepthwiseOps ops;
    private final int lanes;
    private final int inChannels;
    private final int multiplier;
    private final int outChannels;
    /** Output channels rounded up to whole vectors: the stride of {@link #weights}. */
    private final int paddedChannels;
    /** {@code [taps][weightStride]}, zero past the last channel or, with a shift, its first channels again. */
    private final float[] weights;
    private final float[] bias;
    /**
     * Per output channel vector: the input channel each lane repeats ({@code channel / multiplier},
     * zero past the last), for filling the slab when the multiplier is above 1.
     */
    private final int[][] laneChannels;
    /** Whether units read the input in place (see the class comment). */
    private final boolean inPlace;
    /** In place: the positions of a chunk (a multiple of the block), sized so that its rows fit the first-level cache. */
    private final int chunkPositions;
    /**
     * In place with whole vectors of channels: how many channels into each position the blocks
     * start their vectors, so that their stores start on vector boundaries in memory (the index
     * given to the constructor, modulo a vector; 0 if unknown). The channels lie side by side and
     * each lane has its own weights, so a vector may as well run from channel {@code shift} of
     * one position into the first {@code shift} channels of the next: the weights and the bias
     * repeat their first {@code shift} channels after the last for it. The first {@code shift}
     * channels of a row's first block position come from its border positions, those its last
     * block carries into the position after it come from the next chunk's or are overwritten by
     * the border positions, which follow it.
     */
    private final int shift;
    /** The row length of {@link #weights}: the padded channels, and a vector more with a shift. */
    private final int weightStride;
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
        /**
         * In place: per row of the band, its entries' offsets for the blocks and weights (as in
         * {@link #src} and {@link #tapWeight}), how many, and where its blocks end.
         */
        final int[] rowSrc = new int[bands.rowsPerBand * src.length];
        final int[] rowTapWeight = new int[rowSrc.length];
        final int[] rowEntries = new int[bands.rowsPerBand];
        final int[] rowBlockEnd = new int[bands.rowsPerBand];
    }

    /**
     * The kernel for {@code p} on {@code ops}, starting the vectors it stores at index
     * {@code firstAlignedFloat} of the output and every vector's width from there where it can
     * (see {@link #shift}), or where its channels start if that index is -1 (unknown).
     */
    DepthwiseKernel(CanonicalConv p, float[] filter, float[] bias, DepthwiseOps ops, int firstAlignedFloat) {
        this.ops = ops;
        this.lanes = ops.lanes();
        this.inChannels = p.inChannels();
        this.multiplier = p.outChannelsPerGroup();
        this.outChannels = p.outChannels();
        this.paddedChannels = Math.ceilDiv(outChannels, lanes) * lanes;
        this.bands = new Bands(p, paddedChannels / lanes, lanes, 1, false);
        this.inPlace = multiplier == 1 && bands.width.stride() == 1 && bands.width.dilation() == 1;
        this.shift = inPlace && outChannels % lanes == 0 && firstAlignedFloat > 0 ? firstAlignedFloat % lanes : 0;
        this.weightStride = paddedChannels + (shift > 0 ? lanes : 0);
        int taps = Math.toIntExact(p.kernelVolume());
        this.weights = new float[taps * weightStride];
        this.bias = new float[weightStride];
        for (int j = 0; j < weightStride; j++) {
            // past the last channel: zero, or with a shift the first channels again (see shift)
            int channel = j < outChannels ? j : shift > 0 ? j - outChannels : -1;
            if (channel < 0) {
                continue;
            }
            for (int tap = 0; tap < taps; tap++) {
                weights[tap * weightStride + j] = filter[tap * outChannels + channel];
            }
            if (bias != null) {
                this.bias[j] = bias[channel];
            }
        }
        this.laneChannels = new int[paddedChannels / lanes][lanes];
        for (int c = 0; c < outChannels; c++) {
            laneChannels[c / lanes][c % lanes] = c / multiplier;
        }
        this.chunkPositions = chunkPositions(ops.positions(), Math.min(2 * lanes, outChannels),
                bands.depthTaps * bands.height.kernel(), bands.width.interiorEnd() - bands.width.interiorStart());
    }

    /**
     * The chunk for rows {@code interior} positions long whose positions hold {@code channels}
     * floats and read {@code inputRows} input rows each: the input rows and the output row of a
     * chunk take at most {@link #FIRST_LEVEL_FLOATS}, the chunks of a row are about equal, and
     * each is a whole number of blocks.
     */
    static int chunkPositions(int positions, int channels, int inputRows, int interior) {
        int fit = Math.max(positions, FIRST_LEVEL_FLOATS / ((inputRows + 1) * channels));
        int chunks = Math.max(1, Math.ceilDiv(interior, fit));
        return Math.max(1, Math.ceilDiv(Math.ceilDiv(interior, chunks), positions)) * positions;
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
                        tapWeight[entries] = tap * weightStride;
                        entries++;
                    }
                }
            }
            for (int r = 0; r < u.rows; r++) {
                int outOffset = Math.toIntExact(((u.firstOutputRow + r) * width.out() + u.segmentStart) * outChannels);
                int rowStart = r * b.height.stride() * rowFloats;
                for (int lane0 = 0; lane0 < outChannels; lane0 += lanes) {
                    ops.block(slab, src, tapWeight, entries, tapsPerEntry, weightStride,
                            lane0 / lanes * stride * b.planeFloats + rowStart, lanes, weights, bias, lane0, output,
                            outOffset + lane0, outChannels, u.segmentSize, Math.min(lanes, outChannels - lane0));
                }
            }
        }
    }

    /**
     * The units one by one: the rows' interiors by blocks straight from the input (those whose
     * loads would run past the input's end, at the very end, go with the border), a chunk of
     * {@link #chunkPositions} positions and a pair of channel vectors at a time for all the band's
     * rows, so that the input rows a row shares with the next are still in the first-level cache
     * when the next one reads them (and the band's chunk in the second-level cache for the next
     * pair of channel vectors); and each row's border positions one at a time with the taps that
     * land in the input, next to the chunk that reads the same input.
     */
    private void computeInPlace(Scratch scratch, float[] input, float[] output, int from, int to) {
        Bands.Unit u = scratch.unit;
        int[] src = scratch.src;
        int[] tapWeight = scratch.tapWeight;
        int[] rowSrc = scratch.rowSrc;
        int[] rowTapWeight = scratch.rowTapWeight;
        int maxEntries = src.length;
        int kernelWidth = bands.width.kernel();
        long outWidth = bands.width.out();
        for (int unit = from; unit < to; unit++) {
            u.decode(unit);
            int start = u.interiorFrom;
            int end = u.interiorTo;
            for (int r = 0; r < u.rows; r++) {
                scratch.rowEntries[r] = rowEntries(scratch, r, input, start, end);
            }
            // one chunk even without an interior, for the borders
            for (int chunk = start; chunk == start || chunk < end; chunk += chunkPositions) {
                boolean last = chunk + chunkPositions >= end;
                for (int lane0 = 0; lane0 < outChannels; lane0 += 2 * lanes) {
                    int channels = Math.min(2 * lanes, outChannels - lane0);
                    // border positions take all channels at once: after the last pair's blocks, which
                    // (shifted) may carry into them
                    boolean lastPair = lane0 + 2 * lanes >= outChannels;
                    for (int r = 0; r < u.rows; r++) {
                        int entries = scratch.rowEntries[r];
                        int at = r * maxEntries;
                        long outputRow = (u.firstOutputRow + r) * outWidth;
                        int blockEnd = scratch.rowBlockEnd[r];
                        if (lane0 == 0 && chunk == start) {
                            sumBorder(input, output, scratch, at, entries, outputRow, u.segmentStart,
                                    shift > 0 && blockEnd > start ? start + 1 : start);
                        }
                        int blockTo = Math.min(chunk + chunkPositions, blockEnd);
                        if (blockTo > chunk) {
                            System.arraycopy(rowSrc, at, src, 0, entries);
                            System.arraycopy(rowTapWeight, at, tapWeight, 0, entries);
                            int lane = lane0 + shift;
                            // past the segment's end, the position a shifted block carries into is another
                            // unit's: the segment's last position goes with the border positions instead
                            int carried = shift > 0 && blockTo == u.segmentEnd ? 1 : 0;
                            ops.block(input, src, tapWeight, entries, kernelWidth, weightStride,
                                    chunk * inChannels + lane, inChannels, weights, bias, lane, output,
                                    Math.toIntExact((outputRow + chunk) * outChannels) + lane, outChannels,
                                    blockTo - chunk - carried, channels);
                            if (carried > 0 && lastPair) {
                                sumBorder(input, output, scratch, at, entries, outputRow, blockTo - 1, blockTo);
                            }
                        }
                        if (lastPair && last) {
                            sumBorder(input, output, scratch, at, entries, outputRow, blockEnd, u.segmentEnd);
                        }
                    }
                }
            }
        }
    }

    /**
     * Finds the input rows output row {@code r} of the unit at hand reads, per one (an entry) its
     * offset for the blocks and its weights, at row {@code r} of the scratch's per-row entries,
     * and where the row's blocks end. Returns how many entries.
     */
    private int rowEntries(Scratch scratch, int r, float[] input, int start, int end) {
        int entries = scratch.unit.inputRows(r, scratch.entryRow, scratch.entryTap);
        int at = r * scratch.src.length;
        int kernelWidth = bands.width.kernel();
        int padWidth = bands.width.padBefore();
        for (int e = 0; e < entries; e++) {
            scratch.rowSrc[at + e] = scratch.entryRow[e] - padWidth * inChannels;
            scratch.rowTapWeight[at + e] = scratch.entryTap[e] * kernelWidth * weightStride;
        }
        scratch.rowBlockEnd[r] = blockEnd(scratch, input, entries, start, end);
        return entries;
    }

    /**
     * Where a row's blocks end: at the interior's end, or earlier where a block would read past the
     * input's end (a block reads a block and its taps further, and its channel vectors whole);
     * blocks start at the interior's start and whole blocks apart.
     */
    private int blockEnd(Scratch scratch, float[] input, int entries, int start, int end) {
        if (entries == 0) {
            return start;
        }
        int positions = ops.positions();
        int lastRow = 0;
        for (int e = 0; e < entries; e++) {
            lastRow = Math.max(lastRow, scratch.entryRow[e]);
        }
        int reach = lastRow + (positions + bands.width.kernel() - 1 - bands.width.padBefore()) * inChannels
                + paddedChannels + shift;
        int lastBlock = Math.floorDiv(input.length - reach, inChannels);
        return lastBlock < start ? start : Math.min(end, start + ((lastBlock - start) / positions + 1) * positions);
    }

    /**
     * Positions {@code from} to {@code to} of an output row one at a time, with the taps that land
     * in the input; the row's entries are at {@code at} in the scratch's per-row entries.
     */
    private void sumBorder(float[] input, float[] output, Scratch scratch, int at, int entries, long outputRow,
                           int from, int to) {
        int kernelWidth = bands.width.kernel();
        int padWidth = bands.width.padBefore();
        int inWidth = bands.width.in();
        for (int x = from; x < to; x++) {
            int taps = 0;
            for (int e = at; e < at + entries; e++) {
                for (int t = 0; t < kernelWidth; t++) {
                    int column = x - padWidth + t;
                    if (column >= 0 && column < inWidth) {
                        scratch.borderSrc[taps] = scratch.rowSrc[e] + (x + t) * inChannels;
                        scratch.borderWeight[taps] = scratch.rowTapWeight[e] + t * weightStride;
                        taps++;
                    }
                }
            }
            int out = Math.toIntExact((outputRow + x) * outChannels);
            for (int lane0 = 0; lane0 < outChannels; lane0 += 2 * lanes) {
                ops.position(input, scratch.borderSrc, scratch.borderWeight, taps, weights, bias, lane0, output,
                        out + lane0, Math.min(2 * lanes, outChannels - lane0));
            }
        }
    }
}
