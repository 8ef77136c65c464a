package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.GradFilterKernel;
import java.util.Arrays;

/**
 * The iteration around {@link GradTile}: chunks of output positions, work units of the filter
 * gradient, and what each tile reads.
 *
 * <p><b>The GEMM and its tile.</b> Per tap, {@code dW[tap] (C/groups × C_out/groups)} is
 * {@code X_tap^T · dY} summed over the output positions: the reduction runs over positions, so a
 * tile of {@code dW} ({@link GradTile#ROWS} input channels × up to four vectors of output
 * channels) stays in registers while a run of positions streams past it, each position broadcasting
 * one input value per row and loading the output-gradient vectors once for all rows. This is
 * oneDNN's blocking for the weights gradient (the reduction over space, an input channel broadcast
 * against a vector of output channels, the {@code dW} block in registers), with the input read in
 * place rather than transposed into a buffer: a tile reads its six input channels of a position
 * as six neighbouring floats.
 *
 * <p><b>Chunks.</b> The output positions are cut into fixed chunks of at most {@value #CHUNK}
 * positions: an equal piece of one output row (the positions along the last spatial axis that
 * share every other coordinate) when rows are long, else several whole rows. Every tile runs over
 * a whole chunk before the next chunk starts, so a chunk's output gradient (half a 224-position
 * row × 64 channels is 28 KiB) and the input lines the tiles of one tap are reading (a tile reads
 * six channels of each position; consecutive tiles read neighbouring channels, the same lines) stay
 * in the level-1 cache while all the tiles of that tap sweep over them: the loads per
 * multiply-add come from L1, not L2, which a chunk of a whole row (57 KiB of output gradient)
 * outgrows. A tile starts each chunk at zero, sums each of the chunk's runs in registers (one
 * micro-kernel call per run, the tile passing through a small array between runs) and only then
 * adds the chunk's sum to {@code dW}, so the rounding error grows with the chunk length plus the
 * number of chunks, not with the number of positions.
 *
 * <p><b>Reading ahead.</b> A chunk's tiles read what the chunk is the first to read (its output
 * gradient, and the input rows no earlier chunk read) from memory, and a tile sweeps a whole chunk
 * in about a thousand cycles: faster than the hardware prefetchers run ahead of it, so the first
 * tiles of a chunk would wait for memory line by line. Java has no prefetch instruction; instead,
 * a thread reads one float of each of the cache lines the next chunk of its part will read (its
 * output gradient, and the input spans its rows read for every outer tap), an even share per tile
 * of the chunk, so the next chunk finds its data in the caches. A four-vector tile reads its share
 * inside its position loop, a line per iteration, run after run: a read that misses the caches
 * there overlaps with the 48 multiply-adds around it, whereas a burst of reads between two tiles
 * holds up the next tile once the processor's window of instructions fills. The narrower tiles,
 * whose loops have too few multiply-adds to hide the extra load, read their share after they
 * finish. This moves data only and leaves every sum as it was.
 *
 * <p><b>Parts and work units.</b> The chunks are split into up to {@value #MAX_PARTS}
 * consecutive parts, each summing into its own copy of the canonical {@code dW [taps, C/groups,
 * C_out]} in a workspace: fewer when a part would have fewer than
 * {@value #MIN_CHUNKS_PER_PART} chunks, and at most two when more copies would take over
 * {@value #WORKSPACE_FLOATS} floats. {@link #reduce} adds the parts up, in order. The
 * tiles (tap, group, input-channel block, output-channel block, in that order) are split into
 * bands, so that there are about {@value #UNITS} work units of one part and one band each. A
 * thread computes a contiguous range of units: walking each of its parts' chunks in order and,
 * for each chunk, running its tiles over it. So the input and output gradient of a part are read
 * from memory about once per band, a thread's units stream only their part of the data, and every
 * element is summed in one fixed order whatever the split across threads: the number of parts
 * and bands depends on the problem alone, never on the thread count.
 *
 * <p><b>What a tile reads.</b> For a chunk and a tap, each row of the chunk whose input row lies
 * inside the input gives one run: the positions of the row piece whose input position for this
 * tap along the last axis lies inside too (padding is skipped, not read). The input is read in
 * place ({@code stride × C} floats from one position to the next). When {@code C/groups} is not a
 * multiple of {@code ROWS}, a group's last input block overlaps the one before it (it computes the
 * group's last {@code ROWS} channels and adds only those the previous block did not); a group of
 * fewer than {@code ROWS} input channels reads a copy of them padded with zeros to {@code ROWS},
 * made once per chunk and tap. A group's output channels are cut into blocks of the widest tile,
 * then one of two vectors and one of one vector for what is left. When {@code C_out/groups} is
 * not a multiple of the vector width, each chunk's output gradient is copied once with every
 * group's channels padded with zeros to whole vectors. So it is too when the arrays' alignment in
 * memory is known ({@link dev.conv4j.kernel.simd.ArrayAlignment}) and the output gradient's own
 * vectors do not start on vector boundaries: the copy starts them there, so that each of a
 * position's vector loads touches one cache line instead of two, which the tiles gain more from
 * than the copy, read by every tile of the chunk, costs. Otherwise it is read in place.
 */
public final class BlockedGradFilterKernel implements GradFilterKernel {
    /**
     * Output positions per chunk, at most: few enough that a chunk's output gradient and the input
     * lines the tiles of one tap are reading fit in the level-1 cache together at 64 channels,
     * many enough that adding a tile to {@code dW} (a load, an add and a store per accumulator, to
     * a part that lives in L2) and the call per run are a small share of the tile's work.
     */
    static final int CHUNK = 128;

    /**
     * The most parts the positions are split into: enough for two to four threads to each stream
     * their own positions, few enough that zeroing and adding up the parts' copies of {@code dW}
     * is a small share of the work.
     */
    static final int MAX_PARTS = 8;

    /**
     * The fewest chunks a part has when there are several: each chunk already adds every tile to
     * its part's {@code dW}, and a part's copy costs about two chunks' worth of that traffic (zeroed
     * before the run, added up after it).
     */
    static final int MIN_CHUNKS_PER_PART = 8;

    /** Work units wanted: parts × bands of tiles. */
    static final int UNITS = 16;

    /** The most floats the parts' copies of {@code dW} take together (16 MiB) when there are more than two. */
    static final int WORKSPACE_FLOATS = 1 << 22;

    private static final int ROWS = GradTile.ROWS;

    private final GradTile tiles;
    private final int lanes;
    private final int channels;
    private final int outChannels;
    private final int groups;
    private final int inPerGroup;
    private final int outPerGroup;

    /** The last spatial axis, along which a segment's positions lie. */
    private final CanonicalAxis width;
    /** The other spatial axes. */
    private final CanonicalAxis[] outer;
    /** Input elements between neighbours along each outer axis, and between images. */
    private final int[] inAxisStride;
    private final int inImageStride;
    private final int rowsPerImage;
    private final int rows;

    // Chunks.
    private final int rowsPerChunk;
    private final int pieces;
    private final int pieceWidth;
    private final int chunks;

    // Units.
    private final int inBlocks;
    private final int vectorsPerGroup;
    /** A group's output-channel blocks: the first vector and the number of vectors of each. */
    private final int[] blockFirstVector;
    private final int[] blockVectors;
    private final int outBlocks;
    private final int tilesPerPart;
    private final int parts;
    private final int bands;
    private final int filterLength;
    /** Taps over the axes other than the last. */
    private final int outerTaps;
    /** Whether a group has fewer input channels than a tile has rows (and so is read from a padded copy). */
    private final boolean copyInput;

    // The padded copy of the output gradient.
    private final boolean packGradient;
    private final int paddedPerGroup;
    private final int packedWidth;
    /** Where the padded copy's first position starts in its array: on a vector boundary in memory when that is known. */
    private final int packStart;

    /**
     * The kernel for {@code p} on {@code tiles}, which reads the output gradient from a copy whose
     * vectors start at index {@code firstAlignedFloat} of its array (and every vector's width from
     * there) when that index is not 0; -1 when the arrays' alignment is unknown.
     */
    BlockedGradFilterKernel(CanonicalConv p, GradTile tiles, int firstAlignedFloat) {
        this.tiles = tiles;
        this.lanes = tiles.lanes();
        this.channels = p.inChannels();
        this.outChannels = p.outChannels();
        this.groups = p.groups();
        this.inPerGroup = p.inChannelsPerGroup();
        this.outPerGroup = p.outChannelsPerGroup();

        int last = p.spatialRank() - 1;
        this.width = p.axis(last);
        this.outer = p.axes(0, last);
        this.inAxisStride = new int[last];
        int inStride = channels * width.in();
        int outerPositions = 1;
        for (int a = last - 1; a >= 0; a--) {
            inAxisStride[a] = inStride;
            inStride *= outer[a].in();
            outerPositions *= outer[a].out();
        }
        int outWidth = width.out();
        this.inImageStride = inStride;
        this.rowsPerImage = outerPositions;
        this.rows = p.batch() * outerPositions;

        if (outWidth == 0 || rows == 0) {
            this.rowsPerChunk = 1;
            this.pieces = 1;
            this.pieceWidth = 0;
            this.chunks = 0;
        } else if (outWidth >= CHUNK) {
            this.rowsPerChunk = 1;
            this.pieces = ceilDiv(outWidth, CHUNK);
            this.pieceWidth = ceilDiv(outWidth, pieces);
            this.chunks = rows * pieces;
        } else {
            this.rowsPerChunk = CHUNK / outWidth;
            this.pieces = 1;
            this.pieceWidth = outWidth;
            this.chunks = ceilDiv(rows, rowsPerChunk);
        }

        this.inBlocks = ceilDiv(inPerGroup, ROWS);
        this.vectorsPerGroup = ceilDiv(outPerGroup, lanes);
        OutputBlocks blocks = OutputBlocks.of(vectorsPerGroup, tiles.maxVectors());
        this.outBlocks = blocks.count();
        this.blockFirstVector = blocks.firstVector();
        this.blockVectors = blocks.vectors();
        this.tilesPerPart = Math.toIntExact(p.kernelVolume() * groups * inBlocks * outBlocks);
        this.filterLength = p.filterLength();
        this.outerTaps = Math.toIntExact(p.kernelVolume() / width.kernel());
        int partsThatFit = Math.max(2, WORKSPACE_FLOATS / Math.max(1, filterLength));
        this.parts = Math.clamp(Math.min(chunks / MIN_CHUNKS_PER_PART, partsThatFit), 1, MAX_PARTS);
        this.bands = Math.max(1, Math.min(tilesPerPart, ceilDiv(UNITS, parts)));
        this.copyInput = inPerGroup < ROWS;

        // in place, a position's vectors start where its channels do, on vector boundaries only
        // when index 0 is one; a copy starts them on one whenever the alignment is known
        this.packGradient = outPerGroup % lanes != 0 || firstAlignedFloat > 0;
        this.packStart = Math.max(firstAlignedFloat, 0);
        this.paddedPerGroup = vectorsPerGroup * lanes;
        this.packedWidth = groups * paddedPerGroup;
    }

    /** Independent pieces of work: a run splits them across threads in contiguous ranges. */
    @Override
    public int workUnits() {
        return parts * bands;
    }

    /** The copies of {@link ChunkState}. */
    @Override
    public long threadScratchLength() {
        return (packGradient ? packStart + (long) rowsPerChunk * pieceWidth * packedWidth : 0)
                + (copyInput ? (long) rowsPerChunk * pieceWidth * ROWS : 0) + tiles.tileLength();
    }

    /** Floats of the workspace a run sums into: one canonical {@code dW} per part. */
    @Override
    public int workspaceLength() {
        return Math.toIntExact((long) parts * filterLength);
    }

    /**
     * Computes units {@code [from, to)} from the canonical input {@code x} and output gradient
     * {@code dy} into {@code workspace} ({@link #workspaceLength()} floats, zero before the run's
     * first unit). Ranges of one run may be computed concurrently.
     */
    @Override
    public void compute(float[] x, float[] dy, float[] workspace, int from, int to) {
        if (from >= to || chunks == 0) {
            return;
        }
        ChunkState state = new ChunkState();
        for (int part = from / bands; part < parts && part * bands < to; part++) {
            int firstTile = firstTile(Math.max(from - part * bands, 0));
            int endTile = firstTile(Math.min(to - part * bands, bands));
            int offset = part * filterLength;
            int endChunk = firstChunk(part + 1);
            for (int chunk = firstChunk(part); chunk < endChunk; chunk++) {
                state.enter(chunk, dy);
                if (chunk + 1 < endChunk) {
                    state.planReadAhead(chunk + 1, endTile - firstTile);
                }
                state.accumulate(firstTile, endTile, x, dy, workspace, offset);
            }
        }
    }

    /** The canonical {@code dW} of a finished run: the parts of {@code workspace} added up in order. */
    @Override
    public float[] reduce(float[] workspace) {
        return addParts(workspace, parts, filterLength);
    }

    /** The {@code parts} copies of a {@code dW} of {@code filterLength} floats in {@code workspace}, added up in order. */
    static float[] addParts(float[] workspace, int parts, int filterLength) {
        if (parts == 1) {
            return workspace;
        }
        float[] dw = Arrays.copyOf(workspace, filterLength);
        for (int part = 1; part < parts; part++) {
            int offset = part * filterLength;
            for (int i = 0; i < filterLength; i++) {
                dw[i] += workspace[offset + i];
            }
        }
        return dw;
    }

    private int firstChunk(int part) {
        return (int) ((long) chunks * part / parts);
    }

    private int firstTile(int band) {
        return (int) ((long) tilesPerPart * band / bands);
    }

    /** One thread's view of the current chunk: its segments per tap and its padded copies. */
    private final class ChunkState {
        int firstRow;
        int rowCount;
        int w0;
        int w1;
        /** The tap the segments are for; -1 when none yet in this chunk. */
        int segmentTap = -1;
        int segments;
        final int[] xOffsets = new int[rowsPerChunk];
        final int[] dyOffsets = new int[rowsPerChunk];
        final int[] packedOffsets = new int[rowsPerChunk];
        final int[] copyOffsets = new int[rowsPerChunk];
        final int[] lengths = new int[rowsPerChunk];
        final int[] tap = new int[outer.length];
        /** The output gradient of the chunk, {@code [position][group][paddedPerGroup]}; pad lanes stay zero. */
        final float[] packed = packGradient ? new float[Math.toIntExact(packStart + (long) rowsPerChunk * pieceWidth * packedWidth)] : null;
        /** A group's input channels for the current tap when fewer than ROWS, {@code [position][ROWS]}; pad rows stay zero. */
        final float[] inputCopy = copyInput ? new float[rowsPerChunk * pieceWidth * ROWS] : null;
        /** {@code tap * groups + group} of the copy; -1 when none yet in this chunk. */
        int copyKey = -1;
        /** The tile's accumulators between runs. */
        final float[] accumulators = new float[tiles.tileLength()];
        /** The next chunk's data. */
        final ReadAhead ahead = new ReadAhead(rowsPerChunk * (outerTaps + 1));

        void enter(int chunk, float[] dy) {
            int rowChunk = chunk / pieces;
            int piece = chunk % pieces;
            firstRow = rowChunk * rowsPerChunk;
            rowCount = Math.min(rowsPerChunk, rows - firstRow);
            w0 = piece * pieceWidth;
            w1 = Math.min(width.out(), w0 + pieceWidth);
            segmentTap = -1;
            copyKey = -1;
            ahead.clear();
            if (packGradient) {
                pack(dy);
            }
        }

        /** Adds the chunk's contribution to tiles {@code [firstTile, endTile)}, numbered tap, group, input block, output block. */
        void accumulate(int firstTile, int endTile, float[] x, float[] dy, float[] dw, int dwOffset) {
            int outBlock = firstTile % outBlocks;
            int rest = firstTile / outBlocks;
            int inBlock = rest % inBlocks;
            rest /= inBlocks;
            int group = rest % groups;
            int tapIndex = rest / groups;
            for (int tile = firstTile; tile < endTile; tile++) {
                accumulate(tapIndex, group, inBlock, outBlock, x, dy, dw, dwOffset);
                if (++outBlock == outBlocks) {
                    outBlock = 0;
                    if (++inBlock == inBlocks) {
                        inBlock = 0;
                        if (++group == groups) {
                            group = 0;
                            tapIndex++;
                        }
                    }
                }
            }
        }

        private void accumulate(int tapIndex, int group, int inBlock, int outBlock, float[] x, float[] dy, float[] dw,
                                int dwOffset) {
            if (tapIndex != segmentTap) {
                findSegments(tapIndex);
            }
            if (segments == 0) {
                return;
            }
            int ci0 = inBlock * ROWS;
            int rowsHere = Math.min(ROWS, inPerGroup - ci0);
            float[] xs;
            int xBase;
            int xStep;
            int[] xOffs;
            int firstTileRow = 0;
            if (rowsHere == ROWS || !copyInput) {
                // in place; a part-filled last block overlaps the one before and adds only its new rows
                firstTileRow = ROWS - rowsHere;
                xs = x;
                xBase = group * inPerGroup + ci0 - firstTileRow;
                xStep = width.stride() * channels;
                xOffs = xOffsets;
            } else {
                int key = tapIndex * groups + group;
                if (copyKey != key) {
                    copyInputBlock(x, group * inPerGroup + ci0, rowsHere);
                    copyKey = key;
                }
                xs = inputCopy;
                xBase = 0;
                xStep = ROWS;
                xOffs = copyOffsets;
            }
            int firstVector = blockFirstVector[outBlock];
            int vectors = blockVectors[outBlock];
            int co0 = firstVector * lanes;
            int channelsHere = Math.min(vectors * lanes, outPerGroup - co0);
            float[] ds;
            int dyBase;
            int dyStep;
            int[] dyOffs;
            if (packGradient) {
                ds = packed;
                dyBase = group * paddedPerGroup + co0;
                dyStep = packedWidth;
                dyOffs = packedOffsets;
            } else {
                ds = dy;
                dyBase = group * outPerGroup + co0;
                dyStep = outChannels;
                dyOffs = dyOffsets;
            }
            int dwBase = dwOffset + (tapIndex * inPerGroup + ci0) * outChannels + group * outPerGroup + co0;
            if (GradTile.readsAhead(vectors)) {
                // the tile reads its share ahead in its loop, run after run
                float[] aheadSource = ahead.source(x, dy);
                int aheadFrom = ahead.position();
                int aheadLast = ahead.last();
                float read = 0;
                int lines = 0;
                for (int s = 0; s < segments; s++) {
                    read += tiles.accumulateReadingAhead(xs, xBase + xOffs[s], xStep, ds, dyBase + dyOffs[s], dyStep,
                            lengths[s], vectors, accumulators, s == 0, aheadSource,
                            aheadFrom + lines * ReadAhead.LINE_FLOATS, aheadLast);
                    lines += GradTile.aheadLines(lengths[s], vectors);
                }
                ahead.advance(lines, read);
            } else {
                for (int s = 0; s < segments; s++) {
                    tiles.accumulate(xs, xBase + xOffs[s], xStep, ds, dyBase + dyOffs[s], dyStep, lengths[s], vectors,
                            accumulators, s == 0);
                }
                ahead.step(x, dy);
            }
            tiles.addRows(accumulators, vectors, dw, dwBase, outChannels, firstTileRow, rowsHere, channelsHere);
        }

        /** The chunk's segments for flat tap {@code tapIndex} (row-major over the kernel axes). */
        private void findSegments(int tapIndex) {
            segmentTap = tapIndex;
            segments = 0;
            int tapWidth = tapIndex % width.kernel();
            int outerTap = tapIndex / width.kernel();
            int lo = Math.max(w0, width.firstOutput(tapWidth));
            int hi = Math.min(w1, width.endOutput(tapWidth));
            if (lo >= hi) {
                return;
            }
            int length = hi - lo;
            int outWidth = width.out();
            int columnOffset = (lo * width.stride() + width.shift(tapWidth)) * channels;
            int copied = 0;
            for (int r = 0; r < rowCount; r++) {
                int row = firstRow + r;
                int start = inputRowStart(row, outerTap);
                if (start < 0) {
                    continue;
                }
                xOffsets[segments] = start + columnOffset;
                dyOffsets[segments] = (row * outWidth + lo) * outChannels;
                packedOffsets[segments] = packStart + (r * (w1 - w0) + lo - w0) * packedWidth;
                copyOffsets[segments] = copied * ROWS;
                lengths[segments] = length;
                copied += length;
                segments++;
            }
        }

        /** Where the input row that output row {@code row} reads at {@code outerTap} (row-major over the outer kernel axes) starts; -1 when it lies outside the input. */
        private int inputRowStart(int row, int outerTap) {
            for (int a = outer.length - 1; a >= 0; a--) {
                tap[a] = outerTap % outer[a].kernel();
                outerTap /= outer[a].kernel();
            }
            int rest = row % rowsPerImage;
            int start = row / rowsPerImage * inImageStride;
            for (int a = outer.length - 1; a >= 0; a--) {
                CanonicalAxis axis = outer[a];
                int o = rest % axis.out();
                rest /= axis.out();
                int i = o * axis.stride() + axis.shift(tap[a]);
                if (!axis.inside(i)) {
                    return -1;
                }
                start += i * inAxisStride[a];
            }
            return start;
        }

        /**
         * Notes the ranges of the input and the output gradient chunk {@code chunk} will read, to be
         * read a few cache lines after each of this chunk's {@code tileCount} tiles.
         */
        void planReadAhead(int chunk, int tileCount) {
            ahead.clear();
            int rowChunk = chunk / pieces;
            int piece = chunk % pieces;
            int first = rowChunk * rowsPerChunk;
            int count = Math.min(rowsPerChunk, rows - first);
            int v0 = piece * pieceWidth;
            int v1 = Math.min(width.out(), v0 + pieceWidth);
            int spanFirst = Math.max(0, v0 * width.stride() + width.shift(0));
            int spanEnd = Math.min(width.in(), (v1 - 1) * width.stride() + width.shift(width.kernel() - 1) + 1);
            long lines = 0;
            for (int r = 0; r < count; r++) {
                int from = ((first + r) * width.out() + v0) * outChannels;
                lines += ahead.add(false, from, from + (v1 - v0) * outChannels);
                for (int t = 0; t < outerTaps && spanFirst < spanEnd; t++) {
                    int start = inputRowStart(first + r, t);
                    if (start >= 0) {
                        lines += ahead.add(true, start + spanFirst * channels, start + spanEnd * channels);
                    }
                }
            }
            ahead.spread(lines, tileCount);
        }

        /** Copies {@code count < ROWS} channels from {@code channel} on of every segment position; the rest stay zero. */
        private void copyInputBlock(float[] x, int channel, int count) {
            int step = width.stride() * channels;
            for (int s = 0; s < segments; s++) {
                int src = xOffsets[s] + channel;
                int dst = copyOffsets[s];
                for (int p = 0; p < lengths[s]; p++, src += step, dst += ROWS) {
                    for (int i = 0; i < count; i++) {
                        inputCopy[dst + i] = x[src + i];
                    }
                }
            }
        }

        /** Copies the chunk's output gradient, each group's channels padded to whole vectors. */
        private void pack(float[] dy) {
            int pieceLength = w1 - w0;
            int outWidth = width.out();
            for (int r = 0; r < rowCount; r++) {
                int src = ((firstRow + r) * outWidth + w0) * outChannels;
                int dst = packStart + r * pieceLength * packedWidth;
                for (int w = 0; w < pieceLength; w++, src += outChannels, dst += packedWidth) {
                    for (int g = 0; g < groups; g++) {
                        System.arraycopy(dy, src + g * outPerGroup, packed, dst + g * paddedPerGroup, outPerGroup);
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
