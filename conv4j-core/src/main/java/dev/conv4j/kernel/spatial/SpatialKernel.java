package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.ScratchPool;
import dev.conv4j.kernel.Vectorization;
import java.util.Arrays;

/**
 * The few-channel convolution, vectorised along the width. A unit (a band of output rows, see
 * {@link Bands}) first copies the input rows it reads into a zero-padded slab; then every
 * (depth tap, height tap, input channel, width tap) is one "tap" with a source offset into the
 * slab and a weight. {@link SpatialOps#tile} sums the taps over a block of consecutive positions
 * for a tile of output channels. With one group and at most {@link SpatialOps#MAX_DIRECT} output
 * channels, one tile holds them all and writes them channels-last straight into the output;
 * otherwise tiles go to per-channel planes and {@link SpatialOps#interleave} writes the valid
 * positions out.
 *
 * <p>The slab is planar: per depth tap, input channel and width-stride phase (position modulo the
 * stride), one plane of rows, so that for every tap the positions a block reads are consecutive
 * in memory, whatever the stride, dilation and padding. With one input channel and a width
 * stride of 1 the input itself is laid out so on long rows, and units read it in place
 * ({@link #inPlace}). There a row's tiles start at the first position whose outputs start on a
 * vector boundary in memory, when the arrays' alignment is known ({@link
 * dev.conv4j.kernel.simd.ArrayAlignment}): the kernel stores a few floats for every float it
 * reads, and a vector store that straddles two cache lines costs more than one within a line.
 * The positions before it go through one block of their own.
 */
final class SpatialKernel implements ConvKernel {
    /** The shortest rows read in place: a row's part-wasted last block costs at most a few percent. */
    static final int MIN_IN_PLACE_WIDTH = 1024;
    /** Rows read in place have at most one border position per this many. */
    private static final int MIN_IN_PLACE_WIDTH_PER_BORDER = 256;
    private final Bands bands;
    private final SpatialOps ops;
    private final int outChannels;
    private final int groups;
    private final int inPerGroup;
    /** Whether one tile holds every output channel and writes them straight to the output. */
    private final boolean direct;
    /**
     * Output channels in tiles: all of them in one when {@link #direct}, else tiles of 3 (2 where
     * 3 does not divide, 1 only for a lone channel), never straddling two groups: per tile its
     * first channel, its size and its group.
     */
    private final int[] tileFirst;
    private final int[] tileSize;
    private final int[] tileGroup;
    /** Per tile, {@code [taps][in per group][tile channels]}, tiles in channel order. */
    private final float[] weights;
    private final int weightsPerChannel;
    private final float[] bias;
    /**
     * Whether units read the input where it lies instead of copying it into a slab: with one input
     * channel, a width stride of 1 and one tile of every output channel, consecutive positions read
     * consecutive input floats, so a row's interior (the positions whose taps all land in the
     * row) can be read in place; its few border positions are summed one by one, which saves the
     * copy into the slab. Only for long rows: rows are not joined then, so each row's last block is
     * part wasted, and a border position summed alone costs about as much as a vector of them, so
     * on short rows (a few hundred positions) the slab is faster.
     */
    private final boolean inPlace;
    /**
     * The first index of every float array that starts a vector in memory, or -1 if unknown: in
     * place, the tiles start each row where their stores start on one.
     */
    private final int firstAlignedFloat;
    private final ScratchPool<Scratch> scratches = new ScratchPool<>(Scratch::new);

    /** The slab, where a span goes (planes to interleave, or the output's groups), and the unit's tap list. */
    private final class Scratch {
        // a block reads up to a block past the slab's last row
        final float[] slab = inPlace ? null : bands.newSlab(ops.block());
        // interleaving reads up to a vector past a plane's valid positions
        final float[] planes = direct ? null : new float[(outChannels + 1) * ops.span()];
        final SpatialOps.Output output = direct ? new SpatialOps.Output(ops.span() / SpatialOps.GROUP) : null;
        final Bands.Unit unit = bands.new Unit(SpatialKernel.this::fillRow);
        final int[][] src = new int[groups][bands.depthTaps * bands.height.kernel() * inPerGroup * bands.width.kernel()];
        final int[] tapWeight = new int[src[0].length];
        /** In place: per tap, where its input row starts and its width offset from the position. */
        final int[] tapRow = new int[src[0].length];
        final int[] tapColumn = new int[src[0].length];
        /** In place: the input rows an output row reads, and their depth and height tap indices. */
        final int[] rowStarts = new int[bands.depthTaps * bands.height.kernel()];
        final int[] rowTaps = new int[rowStarts.length];
    }

    SpatialKernel(CanonicalConv p, float[] filter, float[] bias, SpatialOps ops, int firstAlignedFloat) {
        this.ops = ops;
        this.firstAlignedFloat = firstAlignedFloat;
        // planar slab (one float per position per channel and stride phase); rows start on a
        // multiple of 16 positions, so that a row's output vectors line up with the kernel's and
        // only a row's last one is partial
        this.bands = new Bands(p, p.inChannels(), 1, SpatialOps.GROUP, true);
        this.outChannels = p.outChannels();
        this.groups = p.groups();
        this.inPerGroup = p.inChannelsPerGroup();
        this.direct = groups == 1 && outChannels <= SpatialOps.MAX_DIRECT;
        int outPerGroup = p.outChannelsPerGroup();
        int[] sizes = direct ? new int[] {outChannels} : tileSizes(outPerGroup);
        this.tileFirst = new int[groups * sizes.length];
        this.tileSize = new int[groups * sizes.length];
        this.tileGroup = new int[groups * sizes.length];
        for (int g = 0, tile = 0; g < groups; g++) {
            for (int i = 0, first = g * outPerGroup; i < sizes.length; first += sizes[i++], tile++) {
                tileFirst[tile] = first;
                tileSize[tile] = sizes[i];
                tileGroup[tile] = g;
            }
        }
        this.weightsPerChannel = Math.toIntExact(p.kernelVolume()) * inPerGroup;
        this.weights = new float[outChannels * weightsPerChannel];
        for (int tile = 0; tile < tileFirst.length; tile++) {
            int base = tileFirst[tile] * weightsPerChannel;
            for (int w = 0; w < weightsPerChannel; w++) {
                for (int c = 0; c < tileSize[tile]; c++) {
                    weights[base + w * tileSize[tile] + c] = filter[w * outChannels + tileFirst[tile] + c];
                }
            }
        }
        this.bias = bias != null ? bias.clone() : new float[outChannels];
        CanonicalAxis width = bands.width;
        int border = width.out() - (width.interiorEnd() - width.interiorStart());
        this.inPlace = direct && p.inChannels() == 1 && width.stride() == 1
                && width.out() >= MIN_IN_PLACE_WIDTH && border <= width.out() / MIN_IN_PLACE_WIDTH_PER_BORDER;
    }

    /** Splits {@code channels} into tiles of 3, using 2s where 3 does not divide, and 1 only alone. */
    static int[] tileSizes(int channels) {
        if (channels == 1) {
            return new int[] {1};
        }
        int twos = channels % 3 == 0 ? 0 : channels % 3 == 2 ? 1 : 2;
        int[] sizes = new int[(channels - 2 * twos) / 3 + twos];
        Arrays.fill(sizes, 3);
        Arrays.fill(sizes, sizes.length - twos, sizes.length, 2);
        return sizes;
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
     * Copies one input row into row {@code rowOffset} of the {@code inChannels * stride} planes:
     * element {@code j} of plane {@code (c, r)} is input width {@code (o0 + j) * stride + r - pad},
     * where {@code o0} is the segment's first output.
     */
    private void fillRow(float[] input, int inputOffset, int segment, float[] slab, int rowOffset) {
        Bands b = bands;
        int stride = b.width.stride();
        int inWidth = b.width.in();
        int length = b.planeLength;
        int channels = b.inChannels;
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < stride; r++) {
                int plane = rowOffset + (c * stride + r) * b.planeFloats;
                int first = b.phaseColumn(segment, r);
                int lo = CanonicalAxis.firstInside(first, length, stride);
                int hi = Math.max(lo, CanonicalAxis.endInside(first, length, stride, inWidth));
                Arrays.fill(slab, plane, plane + lo, 0f);
                if (channels == 1 && stride == 1) {
                    System.arraycopy(input, inputOffset + first + lo, slab, plane + lo, hi - lo);
                } else {
                    // one plane at a time: its writes stay sequential, which matters more than the reads
                    for (int j = lo, from = inputOffset + (first + lo * stride) * channels + c; j < hi;
                         j++, from += stride * channels) {
                        slab[plane + j] = input[from];
                    }
                }
                Arrays.fill(slab, plane + hi, plane + length, 0f);
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
        int block = ops.block();
        int span = ops.span();
        float[] slab = scratch.slab;
        float[] planes = scratch.planes;
        Bands.Unit u = scratch.unit;
        int[][] src = scratch.src;
        int[] tapWeight = scratch.tapWeight;
        int kernelHeight = b.height.kernel();
        int kernelWidth = b.width.kernel();
        int rowStep = b.height.dilation() * b.planeLength;
        int stride = b.width.stride();
        int[] tapPhase = b.tapPhase;
        int[] tapShift = b.tapShift;
        for (int unit = from; unit < to; unit++) {
            u.load(unit, input, slab);
            int taps = 0;
            for (int d = 0; d < u.depthTapCount; d++) {
                for (int kh = 0; kh < kernelHeight; kh++) {
                    for (int ci = 0; ci < inPerGroup; ci++) {
                        for (int t = 0; t < kernelWidth; t++) {
                            int tap = (u.depthTap[d] * kernelHeight + kh) * kernelWidth + t;
                            tapWeight[taps] = tap * inPerGroup + ci;
                            for (int g = 0; g < groups; g++) {
                                int plane = (g * inPerGroup + ci) * stride + tapPhase[t];
                                src[g][taps] = d * b.depthTapFloats + plane * b.planeFloats
                                        + kh * rowStep + tapShift[t];
                            }
                            taps++;
                        }
                    }
                }
            }
            // the band as one long row: row r starts at r * planeLength, and the positions from
            // segmentSize to planeLength of each row are computed and thrown away
            int end = (u.rows - 1) * b.planeLength + u.segmentSize;
            for (int start = 0; start < end; start += span) {
                int stop = Math.min(start + span, end);
                int blocks = Math.ceilDiv(stop - start, block);
                if (direct) {
                    locateGroups(u, start, blocks * block, scratch.output, output);
                    ops.tile(outChannels, slab, src[0], tapWeight, taps, start, blocks, weights, 0, bias, 0,
                            null, 0, scratch.output);
                    continue;
                }
                for (int tile = 0; tile < tileFirst.length; tile++) {
                    int channel = tileFirst[tile];
                    ops.tile(tileSize[tile], slab, src[tileGroup[tile]], tapWeight, taps, start, blocks,
                            weights, channel * weightsPerChannel, bias, channel, planes, channel * span, null);
                }
                for (int r = start / b.planeLength; r * b.planeLength < stop; r++) {
                    int lo = Math.max(start, r * b.planeLength);
                    int hi = Math.min(stop, r * b.planeLength + u.segmentSize);
                    if (lo < hi) {
                        ops.interleave(planes, lo - start, outChannels, hi - lo, output,
                                outputOffset(u, r, lo - r * b.planeLength));
                    }
                }
            }
        }
    }

    /**
     * The units one by one, each row of a band on its own: the taps whose input rows exist, the
     * row's interior through the tile straight from the input, the positions before and after it
     * (and any whose vector loads would run past the input's end) by {@link #sumBorder}.
     */
    private void computeInPlace(Scratch scratch, float[] input, float[] output, int from, int to) {
        Bands b = bands;
        int block = ops.block();
        int span = ops.span();
        Bands.Unit u = scratch.unit;
        int[] src = scratch.src[0];
        int[] tapWeight = scratch.tapWeight;
        int[] tapRow = scratch.tapRow;
        int[] tapColumn = scratch.tapColumn;
        SpatialOps.Output groups = scratch.output;
        groups.out = output;
        int kernelWidth = b.width.kernel();
        int outWidth = b.width.out();
        for (int unit = from; unit < to; unit++) {
            u.decode(unit);
            int start = u.interiorFrom;
            int end = u.interiorTo;
            for (int r = 0; r < u.rows; r++) {
                int rows = u.inputRows(r, scratch.rowStarts, scratch.rowTaps);
                int taps = 0;
                int lastRow = 0;
                for (int i = 0; i < rows; i++) {
                    int rowStart = scratch.rowStarts[i];
                    lastRow = Math.max(lastRow, rowStart);
                    for (int t = 0; t < kernelWidth; t++) {
                        tapRow[taps] = rowStart;
                        tapColumn[taps] = b.width.shift(t);
                        src[taps] = rowStart + tapColumn[taps];
                        tapWeight[taps] = scratch.rowTaps[i] * kernelWidth + t;
                        taps++;
                    }
                }
                long outputRow = (u.firstOutputRow + r) * outWidth;
                // a tile's vector loads read whole blocks: the last block of the last input row
                // may not fit in the input, and its positions are summed one by one instead
                int limit = input.length - lastRow - b.width.shift(kernelWidth - 1);
                // the tiles start where their stores start on vector boundaries; the positions
                // before that go through one block of their own, from the interior's start
                int lead = taps == 0 || start + block > limit ? 0 : leadPositions(outputRow + start, end - start);
                int first = start + lead;
                int fits = first + (limit - first) / block * block;
                int tileEnd = taps == 0 ? start : Math.clamp(fits, first, end);
                sumBorder(input, output, tapRow, tapColumn, tapWeight, taps, outputRow, u.segmentStart, start);
                if (lead > 0) {
                    tilesInPlace(input, src, tapWeight, taps, groups, outputRow, start, lead);
                }
                for (int x = first; x < tileEnd; x += span) {
                    tilesInPlace(input, src, tapWeight, taps, groups, outputRow, x, Math.min(span, tileEnd - x));
                }
                sumBorder(input, output, tapRow, tapColumn, tapWeight, taps, outputRow, tileEnd, u.segmentEnd);
            }
        }
    }

    /** Positions {@code x} to {@code x + positions} (at most a span) of an output row through the tile, read in place. */
    private void tilesInPlace(float[] input, int[] src, int[] tapWeight, int taps, SpatialOps.Output groups,
                              long outputRow, int x, int positions) {
        int block = ops.block();
        int count = Math.ceilDiv(positions, block);
        int offset = Math.toIntExact((outputRow + x) * outChannels);
        for (int g = 0; g * SpatialOps.GROUP < count * block; g++) {
            groups.valid[g] = Math.clamp(positions - g * SpatialOps.GROUP, 0, SpatialOps.GROUP);
            groups.offset[g] = offset + g * SpatialOps.GROUP * outChannels;
        }
        ops.tile(outChannels, input, src, tapWeight, taps, x, count, weights, 0, bias, 0, null, 0, groups);
    }

    /**
     * How many positions from output position {@code position} (counted over the whole output) on
     * precede the first whose outputs start on a vector boundary in memory: fewer than a vector's,
     * and fewer than {@code available}; 0 when the alignment is unknown or no position's is one.
     */
    private int leadPositions(long position, int available) {
        if (firstAlignedFloat < 0) {
            return 0;
        }
        int lanes = Vectorization.floatLanes();
        for (int lead = 0; lead < Math.min(lanes, available); lead++) {
            if (Math.floorMod((position + lead) * outChannels - firstAlignedFloat, lanes) == 0) {
                return lead;
            }
        }
        return 0;
    }

    /**
     * Positions {@code from} to {@code to} of an output row, one at a time: for each output channel
     * the bias plus the taps whose input lies in the row, in tap order with fused multiply-adds as
     * the tiles sum them.
     */
    private void sumBorder(float[] input, float[] output, int[] tapRow, int[] tapColumn, int[] tapWeight, int taps,
                           long outputRow, int from, int to) {
        int inWidth = bands.width.in();
        for (int x = from; x < to; x++) {
            int at = Math.toIntExact((outputRow + x) * outChannels);
            for (int c = 0; c < outChannels; c++) {
                float acc = bias[c];
                for (int j = 0; j < taps; j++) {
                    int column = x + tapColumn[j];
                    if (column >= 0 && column < inWidth) {
                        acc = Math.fma(input[tapRow[j] + column], weights[tapWeight[j] * outChannels + c], acc);
                    }
                }
                output[at + c] = acc;
            }
        }
    }

    /**
     * Where each group of {@code positions} positions from {@code start} of the band (as one long
     * row) goes in the output, and how many of its positions are real: those past a row's
     * segment, or past the band, are computed from padding and dropped.
     */
    private void locateGroups(Bands.Unit u, int start, int positions, SpatialOps.Output groups, float[] output) {
        int length = bands.planeLength;
        groups.out = output;
        // groups are aligned to rows, so stepping a row at a time needs no division per group,
        // and within a row each group's place is the previous one's plus a group of positions
        int row = start / length;
        int inRow = start - row * length;
        int offset = row < u.rows ? outputOffset(u, row, inRow) : 0;
        int groupFloats = SpatialOps.GROUP * outChannels;
        for (int g = 0; g * SpatialOps.GROUP < positions; g++) {
            int valid = row < u.rows ? Math.max(0, Math.min(u.segmentSize - inRow, SpatialOps.GROUP)) : 0;
            groups.valid[g] = valid;
            groups.offset[g] = offset;
            inRow += SpatialOps.GROUP;
            offset += groupFloats;
            if (inRow == length) {
                row++;
                inRow = 0;
                offset = row < u.rows ? outputOffset(u, row, 0) : 0;
            }
        }
    }

    /** The output index of channel 0 at position {@code inRow} of the band's row {@code row}. */
    private int outputOffset(Bands.Unit u, int row, int inRow) {
        long position = (u.firstOutputRow + row) * bands.width.out() + u.segmentStart + inRow;
        return Math.toIntExact(position * outChannels);
    }
}
