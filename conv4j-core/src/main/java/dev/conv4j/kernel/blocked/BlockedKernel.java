package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import java.util.Arrays;

/**
 * The iteration around {@link TileKernel}: output rows, tiles along the last spatial axis, blocks
 * of output channels, and what input each tile reads.
 *
 * <p>An output <em>row</em> is one image and one coordinate on every spatial axis but the last
 * ({@code n, d, h} for 3D); its positions run along the last axis ({@code w}). For a row, the
 * taps of the other axes that land inside the input are found once; each gives one input row,
 * read by one segment of {@code kernelW × C} floats per position (unit dilation along {@code w},
 * one group) or by one segment of {@code C/groups} floats per {@code w}-tap otherwise. Rows cut
 * by padding along those axes simply have fewer segments.
 *
 * <p>Padding along {@code w} is not tested per tap: a tile whose input span leaves the row (at
 * the borders, or the last tile when the row's length is not a multiple of the tile's
 * {@link TileShape#rows()}) reads a small zero-padded copy of its span instead, made once
 * per row. Every other tile reads the input in place.
 *
 * <p>A block's weights are streamed front to back by every tile; when they would not stay in the
 * first-level cache ({@link TileShape#chunkRows}), the reduction is cut into chunks, and all the
 * tiles of a unit pass over one chunk's panel of weights before the next, storing their partial
 * sums in the output between chunks. Segments are cut where they cross a chunk's end.
 *
 * <p>Work units are (row, chunk of blocks, chunk of tiles), row-major; the chunks are only cut
 * when there are too few rows to keep every thread busy. Tiles and blocks do not depend on the
 * units, and each element is summed in one fixed order, so results do not depend on the split.
 */
final class BlockedKernel implements ConvKernel {
    private final TileKernel tiles;
    private final TileShape shape;
    /** Output positions per tile. */
    private final int tileRows;
    private final PackedWeights packed;
    private final int channels;
    private final int inPerGroup;
    private final int outChannels;
    private final int outPerGroup;

    /** The last spatial axis, along which a tile's positions lie. */
    private final CanonicalAxis width;

    /** The input rows each output row reads. */
    private final TapRows tapRows;
    private final int outerTaps;
    private final int rows;

    /** Whether one segment covers all {@code w}-taps of an input row (else one segment per tap). */
    private final boolean wholeRowSegments;

    /** Per tile: its slot in the padded copies, or -1 when it reads the input in place. */
    private final int[] patchSlot;
    private final int patchSlots;
    private final int patchRowLength;
    private final int patchLength;

    private final int blockChunks;
    private final int blocksPerChunk;
    /** Chunks of a row's tiles, of sizes that differ by one at most (their ends: {@link #tileChunkStart}). */
    private final int tileChunks;

    /** Reduction rows per chunk, and chunks (see the class comment). */
    private final int chunkRows;
    private final int reductionChunks;

    BlockedKernel(CanonicalConv p, PackedWeights packed, TileKernel tiles, TileShape shape) {
        this.tiles = tiles;
        this.shape = shape;
        this.tileRows = shape.rows();
        this.packed = packed;
        this.channels = p.inChannels();
        this.inPerGroup = p.inChannelsPerGroup();
        this.outChannels = p.outChannels();
        this.outPerGroup = p.outChannelsPerGroup();

        this.width = p.axis(p.spatialRank() - 1);
        this.tapRows = new TapRows(p);
        this.outerTaps = tapRows.outerTaps();
        this.rows = tapRows.rows();

        this.wholeRowSegments = width.dilation() == 1 && inPerGroup == channels;
        int reduction = Math.toIntExact((long) outerTaps * width.kernel() * inPerGroup);
        this.chunkRows = shape.chunkRows(reduction);
        this.reductionChunks = Math.max(1, ceilDiv(reduction, chunkRows));

        int tilesPerRow = ceilDiv(width.out(), tileRows);
        this.patchSlot = new int[tilesPerRow];
        int slots = 0;
        for (int t = 0; t < tilesPerRow; t++) {
            int first = width.start(t * tileRows);
            int lastRead = first + patchColumns(width, tileRows) - 1;
            patchSlot[t] = first >= 0 && lastRead < width.in() ? -1 : slots++;
        }
        this.patchSlots = slots;
        this.patchRowLength = patchColumns(width, tileRows) * channels;
        this.patchLength = Math.toIntExact((long) outerTaps * patchRowLength);

        // Too few rows: cut them into chunks of tiles first (each thread then reads only its part
        // of the input, and every block of weights), and only then into chunks of blocks.
        int target = targetUnits();
        this.tileChunks = rows >= target ? 1 : Math.min(tilesPerRow, ceilDiv(target, rows));
        int blocks = packed.blocks();
        long split = (long) rows * tileChunks;
        int wantBlockChunks = split >= target ? 1 : (int) Math.min(blocks, ceilDiv(target, (int) split));
        this.blocksPerChunk = ceilDiv(blocks, wantBlockChunks);
        this.blockChunks = ceilDiv(blocks, blocksPerChunk);
    }

    /**
     * The first tile of chunk {@code chunk}: the chunks share the tiles evenly, so that the units
     * of a short row split evenly between threads (131 tiles into 16 chunks of 8 or 9, where
     * chunks of 9 made 15 units, 8 on one thread and 7 on the other).
     */
    private int tileChunkStart(int chunk) {
        return (int) ((long) chunk * patchSlot.length / tileChunks);
    }

    /** Input columns a tile's padded copy holds: the span its positions and taps read along {@code w}. */
    static int patchColumns(CanonicalAxis width, int tileRows) {
        return width.span(tileRows);
    }

    /** Segments per input row a row reads: one, or one per {@code w}-tap. */
    private int segmentsPerTapRow() {
        return wholeRowSegments ? 1 : width.kernel();
    }

    /** Enough units that every thread gets several and their costs even out. */
    private static int targetUnits() {
        return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    }

    @Override
    public int workUnits() {
        return Math.toIntExact((long) rows * blockChunks * tileChunks);
    }

    /** The border patches and the tile of a {@link RowState}. */
    @Override
    public long threadScratchLength() {
        return (long) patchSlots * patchLength + shape.tileLength();
    }

    @Override
    public void compute(float[] input, float[] output, int from, int to) {
        RowState state = new RowState();
        int unitsPerRow = blockChunks * tileChunks;
        for (int unit = from; unit < to; unit++) {
            int row = unit / unitsPerRow;
            int blockChunk = unit % unitsPerRow / tileChunks;
            int tileChunk = unit % tileChunks;
            if (row != state.row) {
                state.enter(input, row);
            }
            int firstTile = tileChunkStart(tileChunk);
            int endTile = tileChunkStart(tileChunk + 1);
            state.makePatches(input, firstTile, endTile);
            int firstBlock = blockChunk * blocksPerChunk;
            int endBlock = Math.min(packed.blocks(), firstBlock + blocksPerChunk);
            for (int block = firstBlock; block < endBlock; block++) {
                // the first chunk runs even without segments: it stores the bias
                for (int chunk = 0; chunk < reductionChunks; chunk++) {
                    if (chunk > 0 && state.segments[chunk] == 0) {
                        continue;
                    }
                    int t = firstTile;
                    while (t < endTile) {
                        t += state.computeTiles(input, output, block, chunk, t, endTile);
                    }
                }
            }
        }
    }

    /** One thread's view of the current output row: its segments and its tiles' padded copies. */
    private final class RowState {
        int row = -1;
        int outRowBase;
        /** Input offset of {@code w = 0, c = 0} of each input row the current row reads. */
        final int[] tapRowStart = new int[outerTaps];
        final int[] tapRowTap = new int[outerTaps];
        int tapRowCount;
        /** Per reduction chunk, its segments (a segment has at most one piece in each chunk). */
        final int[][] directOffsets = new int[reductionChunks][outerTaps * segmentsPerTapRow()];
        final int[][] patchOffsets = new int[reductionChunks][outerTaps * segmentsPerTapRow()];
        final int[][] reductionStarts = new int[reductionChunks][outerTaps * segmentsPerTapRow()];
        final int[][] lengths = new int[reductionChunks][outerTaps * segmentsPerTapRow()];
        final int[] segments = new int[reductionChunks];
        final float[] patches = new float[Math.toIntExact((long) patchSlots * patchLength)];
        final boolean[] patchMade = new boolean[patchSlots];
        final TapRows.Finder finder = tapRows.finder();
        final float[] scratch = new float[shape.tileLength()];

        /** Finds the input rows {@code row} reads and lists its segments. */
        void enter(float[] input, int row) {
            this.row = row;
            this.outRowBase = row * width.out() * outChannels;
            Arrays.fill(patchMade, false);
            tapRowCount = finder.find(row, tapRowStart, tapRowTap);
            Arrays.fill(segments, 0);
            for (int j = 0; j < tapRowCount; j++) {
                addSegments(j, tapRowStart[j], tapRowTap[j]);
            }
        }

        private void addSegments(int tapRow, int rowStart, int outerTap) {
            int kernelWidth = width.kernel();
            for (int k = 0, count = segmentsPerTapRow(); k < count; k++) {
                int shift = k * width.dilation() * channels;
                addSegment(rowStart + shift, tapRow * patchRowLength + shift, (outerTap * kernelWidth + k) * inPerGroup,
                        wholeRowSegments ? kernelWidth * inPerGroup : inPerGroup);
            }
        }

        /** Adds a segment to the lists of the reduction chunks it lies in, cut at their ends. */
        private void addSegment(int directOffset, int patchOffset, int reductionStart, int length) {
            for (int r = reductionStart, end = reductionStart + length; r < end; ) {
                int chunk = r / chunkRows;
                int stop = Math.min(end, (chunk + 1) * chunkRows);
                int s = segments[chunk]++;
                directOffsets[chunk][s] = directOffset + r - reductionStart;
                patchOffsets[chunk][s] = patchOffset + r - reductionStart;
                reductionStarts[chunk][s] = r;
                lengths[chunk][s] = stop - r;
                r = stop;
            }
        }

        /** Copies the input span of every tile in {@code [firstTile, endTile)} that needs it, zeros outside the input. */
        void makePatches(float[] input, int firstTile, int endTile) {
            for (int t = firstTile; t < endTile; t++) {
                int slot = patchSlot[t];
                if (slot < 0 || patchMade[slot]) {
                    continue;
                }
                int firstColumn = width.start(t * tileRows);
                int columns = patchRowLength / channels;
                // columns [lo, hi) of the copy lie inside the input; the rest are padding
                int lo = CanonicalAxis.firstInside(firstColumn, columns, 1);
                int hi = Math.max(lo, CanonicalAxis.endInside(firstColumn, columns, 1, width.in()));
                for (int j = 0; j < tapRowCount; j++) {
                    int dst = slot * patchLength + j * patchRowLength;
                    Arrays.fill(patches, dst, dst + lo * channels, 0f);
                    if (hi > lo) {
                        System.arraycopy(input, tapRowStart[j] + (firstColumn + lo) * channels, patches,
                                dst + lo * channels, (hi - lo) * channels);
                    }
                    Arrays.fill(patches, dst + hi * channels, dst + patchRowLength, 0f);
                }
                patchMade[slot] = true;
            }
        }

        /**
         * Computes reduction chunk {@code chunk} of tile {@code t} and the tiles after it, up to
         * {@code endTile}, that it can take in the same call: full tiles that read the input in
         * place. Returns how many it computed.
         */
        int computeTiles(float[] input, float[] output, int block, int chunk, int t, int endTile) {
            int group = packed.group(block);
            int outWidth = width.out();
            int firstPosition = t * tileRows;
            int rows = Math.min(tileRows, outWidth - firstPosition);
            int slot = patchSlot[t];
            int count = 1;
            float[] x;
            int xBase;
            int[] offsets;
            if (slot < 0) {
                while (t + count < endTile && patchSlot[t + count] < 0 && (t + count + 1) * tileRows <= outWidth) {
                    count++;
                }
                x = input;
                xBase = width.start(firstPosition) * channels + group * inPerGroup;
                offsets = directOffsets[chunk];
            } else {
                x = patches;
                xBase = slot * patchLength + group * inPerGroup;
                offsets = patchOffsets[chunk];
            }
            int yBase = outRowBase + firstPosition * outChannels + group * outPerGroup + packed.firstChannel(block);
            tiles.tiles(count, tileRows, x, xBase, width.stride() * channels, offsets, reductionStarts[chunk], lengths[chunk],
                    segments[chunk], packed.weights(), packed.weightOffset(block), packed.vectors(block), packed.bias(),
                    packed.biasOffset(block), output, yBase, outChannels, rows, packed.channels(block), chunk > 0, scratch);
            return count;
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
