package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import java.util.Arrays;

/**
 * The iteration around {@link PlanarTileKernel}: output rows, their input rows re-laid planar,
 * and tiles along the last spatial axis ({@code w}).
 *
 * <p>Before an output row's tiles run, each input row it reads ({@link TapRows}) is copied into
 * {@code C × stride} <em>planes</em>: plane {@code (c, phase)} holds channel {@code c} of the
 * padded row's columns {@code phase, phase + stride, phase + 2·stride, ...}, the padding written
 * as zeros and the end extended so that the last tile's positions past the row read zeros too.
 * Tap {@code j} along {@code w} reads padded column {@code q·stride + j·dilation} for output
 * {@code q}; with {@code j·dilation = shift·stride + phase} that is element {@code q + shift} of
 * plane {@code (c, phase)}, so neighbouring outputs read neighbouring floats, and every tap's
 * offset into the planes is the same for every row and tile. An input row that padding along
 * the other axes cuts away is a row of zero planes, so that every row runs every tap and the
 * weights are read front to back: per outer tap, per input channel, per {@code w}-tap by phase
 * ({@link #tapOrderAlongW}); each output starts at its bias and adds its products in that order.
 *
 * <p>Work units are (row, chunk of tiles), row-major; the chunks are only cut when there are too
 * few rows to keep every thread busy. A unit brings its row's planes into place (unless the
 * previous unit of the same thread had the same row; see {@code RowState}) and runs every block
 * over its tiles. Each element is summed
 * in one fixed order, so results do not depend on the split.
 */
final class PlanarKernel implements ConvKernel {
    private final PlanarTileKernel tiles;
    private final TileShape shape;
    private final PackedWeights packed;
    private final int channels;
    private final int outChannels;
    private final CanonicalAxis width;
    private final TapRows tapRows;
    private final int rows;

    private final int planeLength;
    /** Floats of one input row's planes: {@code C × stride} planes. */
    private final int tapRowLength;
    /**
     * Per tap in packing order: where its first position reads in the planes, the same for every
     * row and tile (the planes of outer tap {@code t} are slot {@code t}).
     */
    private final int[] tapOffsets;

    private final int tilesPerRow;
    private final int tileChunks;
    private final int tilesPerChunk;

    PlanarKernel(CanonicalConv p, PackedWeights packed, PlanarTileKernel tiles, TileShape shape) {
        this.tiles = tiles;
        this.shape = shape;
        this.packed = packed;
        this.channels = p.inChannels();
        this.outChannels = p.outChannels();
        this.width = p.axis(p.spatialRank() - 1);
        this.tapRows = new TapRows(p);
        this.rows = tapRows.rows();
        this.tilesPerRow = Math.ceilDiv(width.out(), shape.rows());
        this.planeLength = Math.toIntExact(planeLength(width, shape.rows()));
        this.tapRowLength = channels * width.stride() * planeLength;

        int[] order = tapOrderAlongW(width);
        this.tapOffsets = new int[tapRows.outerTaps() * channels * order.length];
        int k = 0;
        for (int outer = 0; outer < tapRows.outerTaps(); outer++) {
            for (int c = 0; c < channels; c++) {
                for (int j : order) {
                    int offset = j * width.dilation();
                    tapOffsets[k++] = outer * tapRowLength + (c * width.stride() + offset % width.stride()) * planeLength
                            + offset / width.stride();
                }
            }
        }

        int target = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
        int wantTileChunks = rows >= target ? 1 : Math.min(tilesPerRow, Math.ceilDiv(target, rows));
        this.tilesPerChunk = Math.ceilDiv(tilesPerRow, wantTileChunks);
        this.tileChunks = Math.ceilDiv(tilesPerRow, tilesPerChunk);
    }

    /**
     * The {@code w}-taps in the order the weights are packed and the tiles add them: by phase, then
     * by index, so that a phase's taps read neighbouring floats of one plane.
     */
    static int[] tapOrderAlongW(CanonicalAxis width) {
        int[] order = new int[width.kernel()];
        int k = 0;
        for (int phase = 0; phase < width.stride(); phase++) {
            for (int j = 0; j < width.kernel(); j++) {
                if (j * width.dilation() % width.stride() == phase) {
                    order[k++] = j;
                }
            }
        }
        return order;
    }

    /**
     * Floats of one plane: every tile's positions (the last tile's past the row included) plus the
     * largest shift of a tap.
     */
    static long planeLength(CanonicalAxis width, int tileRows) {
        long positions = (long) Math.ceilDiv(width.out(), tileRows) * tileRows;
        return positions + (long) (width.kernel() - 1) * width.dilation() / width.stride();
    }

    /** Floats of one thread's planes for a problem: a slot per outer tap. */
    static long planesLength(CanonicalConv p, int tileRows) {
        CanonicalAxis width = p.axis(p.spatialRank() - 1);
        return planeLength(width, tileRows) * width.stride() * p.inChannels() * (p.kernelVolume() / width.kernel());
    }

    @Override
    public int workUnits() {
        return Math.toIntExact((long) rows * tileChunks);
    }

    /** The planes and the tile of a {@link RowState}. */
    @Override
    public long threadScratchLength() {
        return (long) tapRows.outerTaps() * tapRowLength + shape.tileLength();
    }

    @Override
    public void compute(float[] input, float[] output, int from, int to) {
        RowState state = new RowState();
        for (int unit = from; unit < to; unit++) {
            int row = unit / tileChunks;
            if (row != state.row) {
                state.enter(input, row);
            }
            int firstTile = unit % tileChunks * tilesPerChunk;
            int endTile = Math.min(tilesPerRow, firstTile + tilesPerChunk);
            for (int block = 0; block < packed.blocks(); block++) {
                state.computeTiles(output, block, firstTile, endTile);
            }
        }
    }

    /**
     * One thread's current output row and the planes of the input rows it reads, in slots by outer
     * tap. The next output row (along the axis before {@code w}) reads most of the same input rows
     * at lower taps, so entering it moves their planes down to their new slots (a copy of
     * contiguous floats) and lays out only the input rows the previous row did not read: each input
     * row is laid out about once per thread rather than {@code kernelH} times. The slots of outer
     * taps that padding cuts away hold zeros.
     */
    private final class RowState {
        /** In {@link #slotRow}: the slot holds zeros. */
        private static final int ZEROS = -1;
        int row = -1;
        int outRowBase;
        final int[] tapRowStart = new int[tapRows.outerTaps()];
        final int[] tapRowTap = new int[tapRows.outerTaps()];
        final TapRows.Finder finder = tapRows.finder();
        final float[] planes = new float[tapRows.outerTaps() * tapRowLength];
        /** Per slot: the input offset of the row whose planes it holds, or {@link #ZEROS}. */
        final int[] slotRow = new int[tapRows.outerTaps()];
        /** Per slot: what the current row needs there. */
        final int[] needed = new int[tapRows.outerTaps()];
        final float[] scratch = new float[shape.tileLength()];

        RowState() {
            Arrays.fill(slotRow, ZEROS);
        }

        /** Fills every slot with what {@code row} reads: moved down from a higher slot, laid out, or zeros. */
        void enter(float[] input, int row) {
            this.row = row;
            this.outRowBase = row * width.out() * outChannels;
            int found = finder.find(row, tapRowStart, tapRowTap);
            Arrays.fill(needed, ZEROS);
            for (int k = 0; k < found; k++) {
                needed[tapRowTap[k]] = tapRowStart[k];
            }
            // slots fill upwards, and a row's planes only ever move down, so a source slot is
            // still intact when it is read
            for (int slot = 0; slot < needed.length; slot++) {
                int start = needed[slot];
                if (slotRow[slot] == start) {
                    continue;
                }
                if (start == ZEROS) {
                    Arrays.fill(planes, slot * tapRowLength, (slot + 1) * tapRowLength, 0f);
                } else {
                    int from = slot + 1;
                    while (from < needed.length && slotRow[from] != start) {
                        from++;
                    }
                    if (from < needed.length) {
                        System.arraycopy(planes, from * tapRowLength, planes, slot * tapRowLength, tapRowLength);
                    } else {
                        lay(input, start, slot);
                    }
                }
                slotRow[slot] = start;
            }
        }

        /** The planes of the input row at {@code input[start]} into {@code slot}. */
        private void lay(float[] input, int start, int slot) {
            for (int c = 0; c < channels; c++) {
                for (int phase = 0; phase < width.stride(); phase++) {
                    layPlane(input, start + c, slot * tapRowLength + (c * width.stride() + phase) * planeLength, phase);
                }
            }
        }

        /** Plane {@code phase} of the channel whose column 0 is at {@code input[first]}, from {@code planes[at]}. */
        private void layPlane(float[] input, int first, int at, int phase) {
            int stride = width.stride();
            int column = phase - width.padBefore();
            int lo = CanonicalAxis.firstInside(column, planeLength, stride);
            int hi = Math.max(lo, CanonicalAxis.endInside(column, planeLength, stride, width.in()));
            Arrays.fill(planes, at, at + lo, 0f);
            for (int k = lo, i = first + (column + lo * stride) * channels; k < hi; k++, i += stride * channels) {
                planes[at + k] = input[i];
            }
            Arrays.fill(planes, at + hi, at + planeLength, 0f);
        }

        /**
         * Tiles {@code [firstTile, endTile)} of the current row against {@code block}: the full ones
         * in one run, a part-empty last one alone.
         */
        void computeTiles(float[] output, int block, int firstTile, int endTile) {
            int tileRows = shape.rows();
            int fullEnd = Math.min(endTile, width.out() / tileRows);
            if (fullEnd > firstTile) {
                run(output, block, firstTile, fullEnd - firstTile, tileRows);
            }
            if (endTile > Math.max(firstTile, fullEnd)) {
                int last = endTile - 1;
                run(output, block, last, 1, width.out() - last * tileRows);
            }
        }

        private void run(float[] output, int block, int firstTile, int count, int valid) {
            int firstPosition = firstTile * shape.rows();
            tiles.tiles(count, shape.rows(), planes, firstPosition, tapOffsets, tapOffsets.length, packed.weights(),
                    packed.weightOffset(block), packed.vectors(block), packed.bias(), packed.biasOffset(block), output,
                    outRowBase + firstPosition * outChannels + packed.firstChannel(block), outChannels, valid,
                    packed.channels(block), scratch);
        }
    }
}
