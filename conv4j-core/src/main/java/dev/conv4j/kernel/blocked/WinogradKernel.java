package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CacheSizes;
import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.DirectConv;
import dev.conv4j.kernel.ScratchPool;
import dev.conv4j.kernel.simd.ArrayAlignment;
import java.util.Arrays;

/**
 * Winograd's F(m×m, 3×3) ({@link WinogradTile}: m = 2 or 4) on the last two spatial axes: each
 * m×m block of outputs (a <em>tile</em>) from its (m+2)×(m+2) input patch with (m+2)² multiplications
 * per channel pair instead of 9m²; for a 1D convolution F(m, 3), m outputs from m + 2 inputs
 * with m + 2 multiplications instead of 3m. A 3D convolution sums its depth taps directly around
 * that: each depth tap is one more input plane whose transformed patches join the reduction. Per
 * unit (a run of tiles, below) it transforms the tiles' input patches of every depth tap that
 * lands in the input ({@link WinogradOps}), then for each transformed element multiplies the
 * tiles' {@code [tiles × (depth taps · C)]} matrix by that element's transformed filter
 * {@code [(depth taps · C) × C_out]} with the blocked micro-kernel ({@link TileKernel}, the tiles
 * standing in for output positions, the depth taps for its segments), and transforms the
 * products back into outputs.
 *
 * <p>The filter is transformed once, when the plan is built, in double precision:
 * {@code U = G g Gᵀ} with the tile's {@code G}.
 *
 * <p>A unit is a run of consecutive tiles in the order (image, depth position, tile row, tile
 * column), across rows and images alike (a sentence of a 1D batch is one short row), so that its
 * matrix has as many rows as {@link #UNIT_BUDGET} allows however short the rows are. Only where
 * depth positions read different depth taps (a padded 3D depth axis) does a unit stay within one
 * output plane, so that all its tiles share one reduction. A unit's transformed inputs and
 * products stay in the second-level cache while the transformed filter streams through it; tiles
 * whose patch leaves the input read a zero-padded copy, and outputs past the output's edge are
 * not written. Which unit a tile falls in never changes how its outputs are computed.
 *
 * <p>The transforms add and subtract inputs and products before the sums are complete, so an
 * infinite input or an overflow, which the direct sum turns into ±Inf, can meet an infinity of
 * the other sign there and become NaN; and a patch's zero padding meets every transformed weight.
 * So every output the transforms leave non-finite is recomputed by the direct sum over the taps
 * that read the input ({@link DirectConv}), which gives what TensorFlow gives. Finite outputs are
 * kept as they are; non-finite ones are rare, and the check costs one vector test per vector of
 * a tile's outputs while they are in the first-level cache.
 */
final class WinogradKernel implements ConvKernel {
    /**
     * Floats of a unit's transformed inputs and products together: half the second-level cache,
     * so that the transformed filter, which every unit streams through, finds room beside them.
     * The more tiles a unit holds, the more of them each element's block of the transformed filter
     * serves while it is in the first-level cache.
     */
    private static final int UNIT_BUDGET = (int) Math.min(CacheSizes.secondLevelBytes() / 2 / Float.BYTES, 1 << 22);
    /**
     * Units a problem is cut into at least, when it has the tiles: a few per processor, so that
     * threads that take them share the work evenly although a unit spans many rows and images.
     */
    private static final int MIN_UNITS = 4 * Runtime.getRuntime().availableProcessors();
    private final WinogradTile tile;
    private final TileKernel tiles;
    private final TileShape shape;
    private final WinogradOps ops;
    /** Per transformed element, its filter packed for the micro-kernel (all with the same blocks). */
    private final PackedWeights[] packed;
    private final float[] bias;
    /** Recomputes the outputs the transforms leave NaN or infinite. */
    private final DirectConv.Kernel direct;
    private final int channels;
    private final int outChannels;
    /**
     * Floats per tile of the products: the output channels rounded up to whole vectors, so that
     * every block of the micro-kernel stores its whole tiles straight into them (a block with
     * lanes past the last channel would go through a scratch tile, row by row).
     */
    private final int productWidth;
    /** Input rows of a patch (m + 2, or 1 in 1D) and output rows of a tile (m, or 1). */
    private final int patchRows;
    private final int tileHeight;
    /** The depth axis of a 3D convolution, the height (both a point when absent) and the width. */
    private final CanonicalAxis depth;
    private final CanonicalAxis height;
    private final CanonicalAxis width;
    private final int tileRows;
    private final int tileColumns;
    /** Tiles per output plane (one image's, or one depth position's of a 3D image). */
    private final int tilesPerPlane;
    /**
     * Tiles one unit's run may cross: every plane's when all planes read the same depth taps (1D,
     * 2D, and 3D without depth padding), else one plane's, so that a unit's tiles share their
     * segments.
     */
    private final int spanTiles;
    /** Tiles per unit, and that rounded up to whole micro-kernel tiles (the scratch's row count). */
    private final int tilesPerUnit;
    private final int paddedTiles;
    private final int unitsPerSpan;
    private final int units;
    private final ScratchPool<Scratch> scratches = new ScratchPool<>(Scratch::new);
    /**
     * Where the transformed inputs and the products start in their scratch arrays: on a vector
     * boundary where the JVM's alignment is known ({@link ArrayAlignment}), as the transforms store
     * a vector per few additions.
     */
    private final int scratchStart = ArrayAlignment.scratchStart();

    /**
     * A call's transformed inputs ({@code [element][depth tap][tile][C]}), products
     * ({@code [element][tile][productWidth]}), zero-padded patch, output offsets and the micro-kernel's
     * segments (one per depth tap in the input), kept between runs.
     */
    private final class Scratch {
        final float[] v = new float[scratchStart + packed.length * depth.kernel() * paddedTiles * channels];
        final float[] m = new float[scratchStart + packed.length * paddedTiles * productWidth];
        final float[] patch = new float[packed.length * channels];
        final int[] outOffsets = new int[tileHeight * tile.outputs()];
        final float[] tileScratch = new float[shape.tileLength()];
        final int[] segmentOffsets = new int[depth.kernel()];
        final int[] reductionStarts = new int[depth.kernel()];
        final int[] lengths = new int[depth.kernel()];
        final float[] directRow = new float[outChannels];
        /** Where the current patch starts in the array {@link #locatePatch} returned, and its row step. */
        int patchBase;
        int patchRowStep;
    }

    WinogradKernel(CanonicalConv p, float[] filter, float[] bias, WinogradTile tile, TileKernel tiles,
                   WinogradOps ops) {
        this.tile = tile;
        this.tiles = tiles;
        this.ops = ops;
        this.channels = p.inChannels();
        this.outChannels = p.outChannels();
        int rank = p.spatialRank();
        this.patchRows = rank == 1 ? 1 : tile.points();
        this.tileHeight = rank == 1 ? 1 : tile.outputs();
        this.depth = p.axisOrPoint(rank - 3);
        this.height = p.axisOrPoint(rank - 2);
        this.width = p.axis(rank - 1);
        int depthTaps = depth.kernel();
        this.shape = tiles.shape(outChannels, (long) depthTaps * channels);
        this.productWidth = Math.ceilDiv(outChannels, shape.lanes()) * shape.lanes();
        this.tileRows = Math.ceilDiv(height.out(), tileHeight);
        this.tileColumns = Math.ceilDiv(width.out(), tile.outputs());
        this.tilesPerPlane = Math.multiplyExact(tileRows, tileColumns);
        int planes = Math.multiplyExact(p.batch(), depth.out());
        boolean sameTaps = depth.interiorStart() == 0 && depth.interiorEnd() == depth.out();
        this.spanTiles = sameTaps ? Math.multiplyExact(planes, tilesPerPlane) : tilesPerPlane;
        int spans = sameTaps ? 1 : planes;
        int elements = patchRows * tile.points();
        int kernelRows = shape.rows();
        int fit = UNIT_BUDGET / (elements * (depthTaps * channels + productWidth)) / kernelRows * kernelRows;
        int wanted = Math.clamp(fit, kernelRows, Math.ceilDiv(spanTiles, kernelRows) * kernelRows);
        int enough = Math.min(Math.ceilDiv(MIN_UNITS, spans), Math.ceilDiv(spanTiles, kernelRows));
        this.tilesPerUnit = Math.ceilDiv(spanTiles, Math.max(Math.ceilDiv(spanTiles, wanted), enough));
        this.unitsPerSpan = Math.ceilDiv(spanTiles, tilesPerUnit);
        this.paddedTiles = Math.ceilDiv(tilesPerUnit, kernelRows) * kernelRows;
        this.units = Math.multiplyExact(spans, unitsPerSpan);
        this.packed = transformFilter(filter, tile, depthTaps, rank > 1, channels, outChannels, shape);
        this.bias = bias != null ? bias.clone() : new float[outChannels];
        this.direct = DirectConv.kernel(p, filter, this.bias);
    }

    /**
     * {@code U = G g Gᵀ} (or {@code G g} in 1D) per depth tap and (input, output) channel pair,
     * packed per transformed element with the reduction index {@code depthTap * C + c}.
     */
    static PackedWeights[] transformFilter(float[] filter, WinogradTile tile, int depthTaps, boolean square,
                                           int channels, int outChannels, TileShape shape) {
        int n = tile.points();
        int rows = square ? n : 1;
        int kernelRows = square ? 3 : 1;
        int reduction = depthTaps * channels;
        float[][] u = new float[n * rows][reduction * outChannels];
        double[][] g = new double[kernelRows][3];
        double[][] gRows = new double[rows][3];
        for (int d = 0; d < depthTaps; d++) {
            for (int ci = 0; ci < channels; ci++) {
                for (int co = 0; co < outChannels; co++) {
                    for (int i = 0; i < kernelRows; i++) {
                        for (int j = 0; j < 3; j++) {
                            g[i][j] = filter[((((d * kernelRows + i) * 3 + j) * channels) + ci) * outChannels + co];
                        }
                    }
                    // G g (the rows; g itself in 1D), then (G g) Gᵀ
                    for (int a = 0; a < rows; a++) {
                        for (int j = 0; j < 3; j++) {
                            gRows[a][j] = square
                                    ? tile.g(a, 0) * g[0][j] + tile.g(a, 1) * g[1][j] + tile.g(a, 2) * g[2][j]
                                    : g[0][j];
                        }
                    }
                    int at = (d * channels + ci) * outChannels + co;
                    for (int a = 0; a < rows; a++) {
                        for (int b = 0; b < n; b++) {
                            u[n * a + b][at] = (float) (gRows[a][0] * tile.g(b, 0) + gRows[a][1] * tile.g(b, 1)
                                    + gRows[a][2] * tile.g(b, 2));
                        }
                    }
                }
            }
        }
        PackedWeights[] packed = new PackedWeights[u.length];
        for (int e = 0; e < u.length; e++) {
            packed[e] = new PackedWeights(u[e], null, depthTaps, channels, 1, outChannels, shape);
        }
        return packed;
    }

    @Override
    public int workUnits() {
        return units;
    }

    @Override
    public void compute(float[] input, float[] output, int from, int to) {
        Scratch s = scratches.acquire();
        try {
            compute(s, input, output, from, to);
        } finally {
            scratches.release(s);
        }
    }

    private void compute(Scratch s, float[] input, float[] output, int from, int to) {
        int planeStride = paddedTiles * channels;
        int vStride = depth.kernel() * planeStride;
        int mStride = paddedTiles * productWidth;
        int outDepth = depth.out();
        for (int unit = from; unit < to; unit++) {
            int part = unit % unitsPerSpan;
            int firstTile = unit / unitsPerSpan * spanTiles + part * tilesPerUnit;
            int count = Math.min(tilesPerUnit, spanTiles - part * tilesPerUnit);
            // every plane of the unit reads the same depth taps: those of its first
            int depthIndex = firstTile / tilesPerPlane % outDepth;
            int firstTap = depth.firstTap(depthIndex);
            int segments = Math.max(0, depth.endTap(depthIndex) - firstTap);
            for (int q = 0; q < segments; q++) {
                s.segmentOffsets[q] = q * planeStride;
                s.reductionStarts[q] = (firstTap + q) * channels;
                s.lengths[q] = channels;
            }
            for (int t = 0; t < count; t++) {
                int tileIndex = firstTile + t;
                int outPlane = tileIndex / tilesPerPlane;
                int inPlane = outPlane / outDepth * depth.in() + depth.start(outPlane % outDepth);
                int y0 = height.start(tileHeight * (tileIndex % tilesPerPlane / tileColumns));
                int x0 = width.start(tile.outputs() * (tileIndex % tileColumns));
                for (int q = 0; q < segments; q++) {
                    float[] src = locatePatch(input, inPlane + (firstTap + q) * depth.dilation(), y0, x0, s);
                    ops.inputTransform(tile, src, s.patchBase, s.patchRowStep, channels, patchRows, channels, s.v,
                            scratchStart + q * planeStride + t * channels, vStride);
                }
            }
            multiply(s, Math.ceilDiv(count, shape.rows()), segments, vStride, mStride);
            for (int t = 0; t < count; t++) {
                int tileIndex = firstTile + t;
                int valid = locateOutputs(tileIndex / tilesPerPlane, tileHeight * (tileIndex % tilesPerPlane / tileColumns),
                        tile.outputs() * (tileIndex % tileColumns), s.outOffsets);
                ops.outputTransform(tile, s.m, scratchStart + t * productWidth, mStride, patchRows, outChannels, bias, output,
                        s.outOffsets, valid);
                recomputeNonFinite(input, output, s.outOffsets, valid, s.directRow);
            }
        }
    }

    /**
     * The input patch with top-left corner {@code (y0, x0)}: the input itself, with
     * {@code s.patchBase} and {@code s.patchRowStep} set, when the patch lies inside it; else a
     * zero-padded copy in {@code s.patch}.
     */
    private float[] locatePatch(float[] input, int plane, int y0, int x0, Scratch s) {
        int inHeight = height.in();
        int inWidth = width.in();
        int n = tile.points();
        if (height.inside(y0) && height.inside(y0 + patchRows - 1) && width.inside(x0) && width.inside(x0 + n - 1)) {
            s.patchBase = ((plane * inHeight + y0) * inWidth + x0) * channels;
            s.patchRowStep = inWidth * channels;
            return input;
        }
        for (int i = 0; i < patchRows; i++) {
            for (int j = 0; j < n; j++) {
                int y = y0 + i;
                int x = x0 + j;
                int to = (n * i + j) * channels;
                if (height.inside(y) && width.inside(x)) {
                    System.arraycopy(input, ((plane * inHeight + y) * inWidth + x) * channels, s.patch, to, channels);
                } else {
                    Arrays.fill(s.patch, to, to + channels, 0f);
                }
            }
        }
        s.patchBase = 0;
        s.patchRowStep = n * channels;
        return s.patch;
    }

    /** Replaces every NaN or infinite output of the tile's valid ones by the direct sum. */
    private void recomputeNonFinite(float[] input, float[] output, int[] outOffsets, int valid, float[] row) {
        for (int k = 0; k < outOffsets.length; k++) {
            int at = outOffsets[k];
            if ((valid & (1 << k)) == 0 || !ops.anyNonFinite(output, at, at + outChannels)) {
                continue;
            }
            direct.computePosition(input, at / outChannels, row);
            for (int c = 0; c < outChannels; c++) {
                if (!Float.isFinite(output[at + c])) {
                    output[at + c] = row[c];
                }
            }
        }
    }

    /** Where the tile's outputs go, and a bit per output that lies inside the output. */
    private int locateOutputs(int plane, int y0, int x0, int[] outOffsets) {
        int outHeight = height.out();
        int outWidth = width.out();
        int valid = 0;
        int size = tile.outputs();
        for (int i = 0; i < tileHeight; i++) {
            for (int j = 0; j < size; j++) {
                int y = y0 + i;
                int x = x0 + j;
                if (y < outHeight && x < outWidth) {
                    outOffsets[size * i + j] = ((plane * outHeight + y) * outWidth + x) * outChannels;
                    valid |= 1 << (size * i + j);
                }
            }
        }
        return valid;
    }

    /**
     * Per transformed element: {@code M = V U} for the unit's tiles, by the micro-kernel, one
     * segment per depth tap in the input (none leaves {@code M} zero: the output is the bias).
     */
    private void multiply(Scratch s, int kernelTiles, int segments, int vStride, int mStride) {
        for (int e = 0; e < packed.length; e++) {
            PackedWeights u = packed[e];
            for (int block = 0; block < u.blocks(); block++) {
                tiles.tiles(kernelTiles, shape.rows(), s.v, scratchStart + e * vStride, channels, s.segmentOffsets, s.reductionStarts, s.lengths,
                        segments, u.weights(),
                        u.weightOffset(block), u.vectors(block), u.bias(), u.biasOffset(block), s.m,
                        scratchStart + e * mStride + u.firstChannel(block), productWidth, shape.rows(), u.width(block), false,
                        s.tileScratch);
            }
        }
    }
}
