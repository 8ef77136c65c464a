package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.GradFilterKernel;
import java.util.Arrays;

/**
 * The filter gradient of a 3×3, stride-1 convolution by Winograd's F(2×2, 3×3), in its
 * weight-gradient form: per 2×2 tile of output positions, the 4×4 input patch {@code d} and the
 * 2×2 output gradient {@code δ} are transformed into {@code V = Bᵀ d B} and {@code U = A δ Aᵀ}
 * (4×4 each, per channel), the sixteen elements {@code e} of the transformed filter gradient sum
 * {@code M[e][ci][co] += V[e][ci] · U[e][co]} over the tiles, and at the end
 * {@code dW[ky][kx] = Gᵀ M G}. That is 16 products per tile and channel pair where the direct
 * gradient has 36 (2.25× fewer).
 *
 * <p><b>Chunks and panels.</b> The transformed tiles are never stored whole (16/4 of the input's
 * and the output gradient's size: streaming them would cost more than the multiplications save).
 * The tiles are cut into chunks of at most {@value #CHUNK_TILES} tiles of one tile row; per chunk
 * the input rows and output-gradient rows it reads are copied with zeros outside (padding and the
 * half tiles past an odd output edge), and transformed tile by tile
 * into sixteen panels {@code V[e][tile][ci]} and {@code U[e][tile][co]} that stay in the level-2 cache.
 * Then per element a GEMM over the chunk's tiles, {@code M[e] += V[e]ᵀ · U[e]}, runs on the
 * filter gradient's own micro-kernel ({@link GradTile}, reducing over positions, here the tiles),
 * each micro-kernel tile starting at zero per chunk and added to {@code M} after it. The
 * transforms run on the micro-kernel's implementation too ({@link GradTile#inputTile},
 * {@link GradTile#gradientTile}), a tile at a time with vectors over the channels (the JIT does
 * not vectorise plain loops whose source and destination it cannot tell apart); they only add
 * and subtract, in one order, so the Vector API kernel and its scalar twin agree bit for bit.
 *
 * <p><b>Reading ahead.</b> A chunk is the first to read two of its four input rows and both of its
 * output-gradient rows; during each of its sixteen elements' GEMMs a thread reads a share of the
 * next chunk's rows ahead ({@link ReadAhead}), so that their copies do not wait for memory.
 *
 * <p><b>Parts.</b> The chunks are split into up to {@value #MAX_PARTS} consecutive parts, the work
 * units; a unit sums its chunks into its own {@code M}, applies the output transform and writes
 * the part's canonical {@code dW} into the workspace, and {@link #reduce} adds the parts up in
 * order. The parts depend on the problem alone, so any thread count gives the same bits.
 *
 * <p><b>NaN and infinity.</b> The transforms mix a tile's values before any product, so a NaN or
 * infinite input or output gradient can reach an element of {@code dW} whose direct sum never
 * meets it (padding, the positions past an odd edge), and an overflow can turn into NaN. A part
 * recomputes every element its transforms leave non-finite with the direct sum over the part's
 * positions (skipping padding), as the forward Winograd kernel does for its outputs.
 */
public final class WinogradGradFilterKernel implements GradFilterKernel {
    /**
     * Tiles per chunk, at most: with 64 input and 64 output channels the chunk's sixteen panels of
     * both take under 0.5 MiB, in the level-2 cache beside the part's {@code M} (256 KiB), and a
     * micro-kernel tile runs long enough over them that loading, storing and adding its
     * accumulators is a small share of its work.
     */
    static final int CHUNK_TILES = 64;

    /**
     * The most parts: enough for two to four threads, few enough that the parts' output transforms
     * and sums stay small; at most two when more copies of {@code dW} would take over
     * {@link BlockedGradFilterKernel#WORKSPACE_FLOATS} floats, as in the blocked kernel.
     */
    static final int MAX_PARTS = 8;

    /** The fewest chunks a part has when there are several: a part's {@code M} is zeroed, transformed and added once. */
    static final int MIN_CHUNKS_PER_PART = 8;

    /** Elements of a transformed tile. */
    private static final int ELEMENTS = 16;

    private static final int ROWS = GradTile.ROWS;

    private final GradTile tiles;
    private final int channels;
    private final int outChannels;
    private final CanonicalAxis height;
    private final CanonicalAxis width;
    private final int tileRows;
    private final int tileColumns;
    private final int pieces;
    private final int pieceTiles;
    private final int chunks;
    private final int parts;
    private final int filterLength;

    /** Input channels per panel row: whole micro-kernel tiles, the rest zero. */
    private final int paddedChannels;
    /** Output channels per panel row: whole vectors, the rest zero. */
    private final int paddedOutChannels;
    private final int inBlocks;
    private final OutputBlocks outBlocks;

    WinogradGradFilterKernel(CanonicalConv p, GradTile tiles) {
        this.tiles = tiles;
        this.channels = p.inChannels();
        this.outChannels = p.outChannels();
        this.height = p.axis(0);
        this.width = p.axis(1);
        this.tileRows = ceilDiv(height.out(), 2);
        this.tileColumns = ceilDiv(width.out(), 2);
        this.pieces = Math.max(1, ceilDiv(tileColumns, CHUNK_TILES));
        this.pieceTiles = ceilDiv(tileColumns, pieces);
        this.chunks = tileColumns == 0 ? 0 : p.batch() * tileRows * pieces;
        this.filterLength = p.filterLength();
        int partsThatFit = Math.max(2, BlockedGradFilterKernel.WORKSPACE_FLOATS / Math.max(1, filterLength));
        this.parts = Math.clamp(Math.min(chunks / MIN_CHUNKS_PER_PART, partsThatFit), 1, MAX_PARTS);
        this.inBlocks = ceilDiv(channels, ROWS);
        this.paddedChannels = inBlocks * ROWS;
        int vectors = ceilDiv(outChannels, tiles.lanes());
        this.paddedOutChannels = vectors * tiles.lanes();
        this.outBlocks = OutputBlocks.of(vectors, tiles.maxVectors());
    }

    /** Independent pieces of work: the parts. */
    @Override
    public int workUnits() {
        return parts;
    }

    /** Floats of the workspace a run sums into: one canonical {@code dW} per part. */
    @Override
    public int workspaceLength() {
        return Math.toIntExact((long) parts * filterLength);
    }

    /** The arrays of {@link Scratch}. */
    @Override
    public long threadScratchLength() {
        long columns = 2L * pieceTiles + 2;
        return 4 * columns * channels + 4L * pieceTiles * outChannels
                + (long) ELEMENTS * pieceTiles * (paddedChannels + paddedOutChannels)
                + (long) ELEMENTS * channels * outChannels + tiles.tileLength();
    }

    @Override
    public void compute(float[] x, float[] dy, float[] workspace, int from, int to) {
        if (from >= to || chunks == 0) {
            return;
        }
        Scratch scratch = new Scratch();
        for (int part = from; part < to; part++) {
            Arrays.fill(scratch.sums, 0f);
            int endChunk = firstChunk(part + 1);
            for (int chunk = firstChunk(part); chunk < endChunk; chunk++) {
                scratch.planReadAhead(chunk + 1 < endChunk ? chunk + 1 : -1);
                scratch.accumulate(chunk, x, dy);
            }
            int offset = part * filterLength;
            outputTransform(scratch.sums, workspace, offset);
            recomputeNonFinite(x, dy, workspace, offset, part);
        }
    }

    /** The canonical {@code dW} of a finished run: the parts of {@code workspace} added up in order. */
    @Override
    public float[] reduce(float[] workspace) {
        return BlockedGradFilterKernel.addParts(workspace, parts, filterLength);
    }

    /** A chunk's tiles: {@code count} tiles from {@code firstTile} on in tile row {@code tileRow} of image {@code image}. */
    private record ChunkTiles(int image, int tileRow, int firstTile, int count) {
    }

    private ChunkTiles chunkTiles(int chunk) {
        int imageRow = chunk / pieces;
        int firstTile = chunk % pieces * pieceTiles;
        return new ChunkTiles(imageRow / tileRows, imageRow % tileRows, firstTile,
                Math.min(pieceTiles, tileColumns - firstTile));
    }

    private int firstChunk(int part) {
        return (int) ((long) chunks * part / parts);
    }

    /**
     * {@code dW[ky][kx] = Gᵀ M G} for every channel pair, from {@code sums} ({@code [16][C][C_out]})
     * into {@code dw} at {@code offset} ({@code [3][3][C][C_out]}).
     */
    private void outputTransform(float[] sums, float[] dw, int offset) {
        int pairs = channels * outChannels;
        float[] m = new float[ELEMENTS];
        float[] rows = new float[12];
        float[] column = new float[3];
        for (int q = 0; q < pairs; q++) {
            for (int e = 0; e < ELEMENTS; e++) {
                m[e] = sums[e * pairs + q];
            }
            for (int i = 0; i < 4; i++) {
                filterSide(m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3], rows, 3 * i);
            }
            for (int kx = 0; kx < 3; kx++) {
                filterSide(rows[kx], rows[3 + kx], rows[6 + kx], rows[9 + kx], column, 0);
                for (int ky = 0; ky < 3; ky++) {
                    dw[offset + (ky * 3 + kx) * pairs + q] = column[ky];
                }
            }
        }
    }

    /** {@code Gᵀ m} for one line of four elements: the three taps. */
    private static void filterSide(float m0, float m1, float m2, float m3, float[] out, int at) {
        float half = 0.5f * (m1 + m2);
        out[at] = m0 + half;
        out[at + 1] = 0.5f * (m1 - m2);
        out[at + 2] = half + m3;
    }

    /** Replaces each element of part {@code part}'s {@code dW} that is not finite with its direct sum over the part's positions. */
    private void recomputeNonFinite(float[] x, float[] dy, float[] dw, int offset, int part) {
        int pairs = channels * outChannels;
        for (int i = 0; i < filterLength; i++) {
            if (!Float.isFinite(dw[offset + i])) {
                int tap = i / pairs;
                int ci = i % pairs / outChannels;
                int co = i % outChannels;
                dw[offset + i] = directSum(x, dy, part, tap / 3, tap % 3, ci, co);
            }
        }
    }

    private float directSum(float[] x, float[] dy, int part, int ky, int kx, int ci, int co) {
        float sum = 0f;
        int endChunk = firstChunk(part + 1);
        for (int chunk = firstChunk(part); chunk < endChunk; chunk++) {
            ChunkTiles c = chunkTiles(chunk);
            int image = c.image();
            int ox0 = 2 * c.firstTile();
            int ox1 = Math.min(width.out(), ox0 + 2 * c.count());
            for (int oy = 2 * c.tileRow(); oy < Math.min(height.out(), 2 * c.tileRow() + 2); oy++) {
                int iy = oy + height.shift(ky);
                if (!height.inside(iy)) {
                    continue;
                }
                for (int ox = ox0; ox < ox1; ox++) {
                    int ix = ox + width.shift(kx);
                    if (width.inside(ix)) {
                        float a = x[((image * height.in() + iy) * width.in() + ix) * channels + ci];
                        float b = dy[((image * height.out() + oy) * width.out() + ox) * outChannels + co];
                        sum = Math.fma(a, b, sum);
                    }
                }
            }
        }
        return sum;
    }

    /** One thread's buffers: the chunk's rows, its transformed panels and the part's sums. */
    private final class Scratch {
        /** Input columns a chunk reads: two per tile and two more. */
        final int columns = 2 * pieceTiles + 2;
        /** The chunk's four input rows {@code [row][column][C]}, zeros outside the input. */
        final float[] inputRows = new float[4 * columns * channels];
        /** The chunk's two output-gradient rows {@code [row][column][C_out]}, zeros past the output's edges. */
        final float[] gradientRows = new float[2 * 2 * pieceTiles * outChannels];
        /** {@code V[e][tile][paddedChannels]}; pad columns stay zero. */
        final float[] inputPanels = new float[ELEMENTS * pieceTiles * paddedChannels];
        /** {@code U[e][tile][paddedOutChannels]}; pad columns stay zero. */
        final float[] gradientPanels = new float[ELEMENTS * pieceTiles * paddedOutChannels];
        /** The part's {@code M[e][C][C_out]}. */
        final float[] sums = new float[ELEMENTS * channels * outChannels];
        final float[] accumulators = new float[tiles.tileLength()];
        /** The next chunk's input and output-gradient rows. */
        final ReadAhead ahead = new ReadAhead(6);

        void accumulate(int chunk, float[] x, float[] dy) {
            ChunkTiles c = chunkTiles(chunk);
            transformInput(x, c.image(), c.tileRow(), c.firstTile(), c.count());
            transformGradient(dy, c.image(), c.tileRow(), c.firstTile(), c.count());
            multiply(c.count(), x, dy);
        }

        /** Notes the input and output-gradient rows chunk {@code chunk} will read (none when -1), to be read during this one's elements. */
        void planReadAhead(int chunk) {
            ahead.clear();
            if (chunk < 0) {
                return;
            }
            ChunkTiles c = chunkTiles(chunk);
            int image = c.image();
            int tileRow = c.tileRow();
            int firstTile = c.firstTile();
            int count = c.count();
            int ix0 = Math.max(0, 2 * firstTile + width.shift(0));
            int ix1 = Math.min(width.in(), 2 * firstTile + width.shift(0) + 2 * count + 2);
            long lines = 0;
            for (int r = 0; r < 4 && ix0 < ix1; r++) {
                int iy = 2 * tileRow + height.shift(0) + r;
                if (height.inside(iy)) {
                    int row = (image * height.in() + iy) * width.in();
                    lines += ahead.add(true, (row + ix0) * channels, (row + ix1) * channels);
                }
            }
            int ox0 = 2 * firstTile;
            int ox1 = Math.min(width.out(), ox0 + 2 * count);
            for (int oy = 2 * tileRow; oy < Math.min(height.out(), 2 * tileRow + 2); oy++) {
                int row = (image * height.out() + oy) * width.out();
                lines += ahead.add(false, (row + ox0) * outChannels, (row + ox1) * outChannels);
            }
            ahead.spread(lines, ELEMENTS);
        }

        private void transformInput(float[] x, int image, int tileRow, int firstTile, int count) {
            int used = (2 * count + 2) * channels;
            int ix0 = 2 * firstTile + width.shift(0);
            int lo = Math.clamp(-ix0, 0, 2 * count + 2);
            int hi = Math.clamp(width.in() - ix0, lo, 2 * count + 2);
            int rowLength = columns * channels;
            for (int r = 0; r < 4; r++) {
                int to = r * rowLength;
                int iy = 2 * tileRow + height.shift(0) + r;
                if (!height.inside(iy) || lo == hi) {
                    Arrays.fill(inputRows, to, to + used, 0f);
                    continue;
                }
                Arrays.fill(inputRows, to, to + lo * channels, 0f);
                System.arraycopy(x, ((image * height.in() + iy) * width.in() + ix0 + lo) * channels, inputRows,
                        to + lo * channels, (hi - lo) * channels);
                Arrays.fill(inputRows, to + hi * channels, to + used, 0f);
            }
            int panel = pieceTiles * paddedChannels;
            for (int t = 0; t < count; t++) {
                tiles.inputTile(inputRows, 2 * t * channels, rowLength, channels, inputPanels, t * paddedChannels, panel,
                        channels);
            }
        }

        private void transformGradient(float[] dy, int image, int tileRow, int firstTile, int count) {
            int ox0 = 2 * firstTile;
            int inside = Math.min(2 * count, width.out() - ox0);
            int rowLength = 2 * pieceTiles * outChannels;
            int used = 2 * count * outChannels;
            for (int r = 0; r < 2; r++) {
                int to = r * rowLength;
                int oy = 2 * tileRow + r;
                if (oy >= height.out()) {
                    Arrays.fill(gradientRows, to, to + used, 0f);
                    continue;
                }
                System.arraycopy(dy, ((image * height.out() + oy) * width.out() + ox0) * outChannels, gradientRows, to,
                        inside * outChannels);
                Arrays.fill(gradientRows, to + inside * outChannels, to + used, 0f);
            }
            int panel = pieceTiles * paddedOutChannels;
            for (int t = 0; t < count; t++) {
                tiles.gradientTile(gradientRows, 2 * t * outChannels, rowLength, outChannels, gradientPanels,
                        t * paddedOutChannels, panel, outChannels);
            }
        }

        /** {@code M[e] += V[e]ᵀ U[e]} over the chunk's {@code count} tiles, one micro-kernel tile at a time, reading ahead after each element. */
        private void multiply(int count, float[] x, float[] dy) {
            int inputPanel = pieceTiles * paddedChannels;
            int gradientPanel = pieceTiles * paddedOutChannels;
            int pairs = channels * outChannels;
            int lanes = tiles.lanes();
            for (int e = 0; e < ELEMENTS; e++) {
                for (int block = 0; block < inBlocks; block++) {
                    int ci0 = block * ROWS;
                    int rows = Math.min(ROWS, channels - ci0);
                    for (int b = 0; b < outBlocks.count(); b++) {
                        int vectors = outBlocks.vectors()[b];
                        int co0 = outBlocks.firstVector()[b] * lanes;
                        tiles.accumulate(inputPanels, e * inputPanel + ci0, paddedChannels, gradientPanels,
                                e * gradientPanel + co0, paddedOutChannels, count, vectors, accumulators, true);
                        tiles.addRows(accumulators, vectors, sums, e * pairs + ci0 * outChannels + co0, outChannels, 0,
                                rows, Math.min(vectors * lanes, outChannels - co0));
                    }
                }
                ahead.step(x, dy);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
