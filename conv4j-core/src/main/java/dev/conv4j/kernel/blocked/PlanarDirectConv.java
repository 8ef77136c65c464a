package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Vectorization;
import java.util.Optional;

/**
 * Direct convolution for layers with few input channels (a network's first layer, the "stem"),
 * over a planar copy of the input rows ({@link PlanarKernel}): any rank, stride, dilation and
 * padding, one group. Where {@link BlockedDirectConv}'s tile positions each read their own
 * address, {@code stride × C} floats apart, these read neighbouring floats of one plane, so a
 * tile needs one address per tap rather than one per position ({@link PlanarSimdTileKernel}).
 * Named {@code planar-direct/simd} or {@code planar-direct/scalar} after the micro-kernel it runs.
 *
 * <p>The standard list's entry ({@link #standard()}) comes before {@code blocked-direct} and takes
 * only what it was measured to win (docs/architecture.md): a machine whose vector kernel has 32
 * registers (the fourteen-position tile), at most {@link #MAX_IN_CHANNELS} input channels (with
 * eight it ran level: a row's taps then read {@code kernelW} floats of eight planes where
 * {@code blocked-direct} reads {@code kernelW × C} consecutive ones), output channels in whole
 * blocks of two vectors (a half-empty block ran slower), and at least
 * {@link #MIN_TAPS_PER_STRIDE_AREA} taps per stride area (the kernel volume over the product of
 * the strides): an input row is laid out once per thread and serves about {@code kernelH / strideH}
 * output rows, and a 3×3 kernel at stride 2 did not repay its copy. The variants asked for by
 * name ({@link #simd()}, {@link #scalar()}) take every problem of one group, so that tests reach
 * every path.
 */
public final class PlanarDirectConv implements ConvAlgorithm {
    /** The most input channels the standard entry takes (RGB, RGBA, grey). */
    public static final int MAX_IN_CHANNELS = 4;
    /** The fewest taps per stride area the standard entry takes. */
    public static final int MIN_TAPS_PER_STRIDE_AREA = 4;

    /** Null for the entry that stands in for an unavailable Vector API kernel. */
    private final PlanarTileKernel tiles;
    private final boolean standard;

    private PlanarDirectConv(PlanarTileKernel tiles, boolean standard) {
        this.tiles = tiles;
        this.standard = standard;
    }

    /**
     * The standard list's entry: the Vector API kernel, taking only the problems it wins; when
     * {@link Vectorization} does not allow it, an entry of the same name that rejects every
     * problem with the reason (the scalar twin was not measured against {@code blocked-direct}'s).
     */
    public static PlanarDirectConv standard() {
        return new PlanarDirectConv(Vectorization.enabled() ? simdTiles() : null, true);
    }

    /** Always the Vector API kernel; throws when the Vector API is off. */
    public static PlanarDirectConv simd() {
        return new PlanarDirectConv(simdTiles(), false);
    }

    /** Always the scalar twin. */
    public static PlanarDirectConv scalar() {
        return new PlanarDirectConv(scalarTiles(), false);
    }

    private static PlanarTileKernel simdTiles() {
        if (!Vectorization.enabled()) {
            throw new IllegalStateException("the planar SIMD tile kernel is unavailable: " + Vectorization.reason());
        }
        return PlanarSimdTileKernel.INSTANCE;
    }

    /** The scalar twin, blocked like the vector kernel where there is one so that both run the same tiles. */
    private static PlanarTileKernel scalarTiles() {
        return new PlanarScalarTileKernel(TileKernels.scalar().lanes());
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles != null && tiles.variant().equals("simd") ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public String name() {
        return "planar-direct/" + (tiles == null ? "simd" : tiles.variant());
    }

    @Override
    public Optional<String> rejection(CanonicalConv p) {
        if (tiles == null) {
            return Optional.of("the Vector API is off (" + Vectorization.reason() + ")");
        }
        if (p.spatialRank() == 0) {
            return Optional.of("needs at least one spatial axis");
        }
        if (p.groups() != 1) {
            return Optional.of("needs one group, got " + p.groups());
        }
        if (p.outChannels() < BlockedDirectConv.MIN_OUT_CHANNELS_PER_GROUP) {
            return Optional.of("needs out_channels >= " + BlockedDirectConv.MIN_OUT_CHANNELS_PER_GROUP + ", got "
                    + p.outChannels());
        }
        if (standard) {
            Optional<String> loss = standardRejection(p);
            if (loss.isPresent()) {
                return loss;
            }
        }
        TileShape shape = shape(p);
        long packed = (long) p.filterLength() / p.outChannels() * packedWidth(p, shape);
        if (packed > Integer.MAX_VALUE - 8) {
            return Optional.of("the packed filter would need " + packed + " floats, more than one array holds");
        }
        if (PlanarKernel.planesLength(p, shape.rows()) > Integer.MAX_VALUE - 8) {
            return Optional.of("the planar copies of one output row's input rows would need more than one array holds");
        }
        return Optional.empty();
    }

    /** What the standard entry leaves to {@code blocked-direct}, which ran faster there or as fast. */
    private Optional<String> standardRejection(CanonicalConv p) {
        if (!TileKernels.simd().wide()) {
            return Optional.of("needs 32 vector registers for its fourteen-position tiles (with fewer the JIT "
                    + "spills them)");
        }
        if (p.inChannels() > MAX_IN_CHANNELS) {
            return Optional.of("needs in_channels <= " + MAX_IN_CHANNELS + " (blocked-direct reads longer runs), got "
                    + p.inChannels());
        }
        int blockWidth = TileShape.NARROW_VECTORS * tiles.lanes();
        if (p.outChannels() % blockWidth != 0) {
            return Optional.of("needs out_channels a multiple of " + blockWidth + " (whole blocks), got "
                    + p.outChannels());
        }
        long strideArea = 1;
        for (int stride : p.strides()) {
            strideArea *= stride;
        }
        if (p.kernelVolume() < MIN_TAPS_PER_STRIDE_AREA * strideArea) {
            return Optional.of("needs a kernel of at least " + MIN_TAPS_PER_STRIDE_AREA + " taps per stride area "
                    + "(each input row it lays out serves too few taps), got " + p.kernelVolume() + " taps over "
                    + strideArea);
        }
        return Optional.empty();
    }

    private TileShape shape(CanonicalConv p) {
        return TileShape.planar(tiles.lanes());
    }

    /** Output channels padded to whole blocks. */
    private static long packedWidth(CanonicalConv p, TileShape shape) {
        int blockWidth = shape.maxVectors() * shape.lanes();
        return (long) Math.ceilDiv(p.outChannels(), blockWidth) * blockWidth;
    }

    @Override
    public ConvKernel prepare(CanonicalConv p, float[] filter, float[] bias) {
        Optional<String> rejection = rejection(p);
        if (rejection.isPresent()) {
            throw new IllegalArgumentException(name() + " cannot compute this problem: " + rejection.get());
        }
        TileShape shape = shape(p);
        int taps = Math.toIntExact(p.kernelVolume());
        PackedWeights packed = new PackedWeights(reorder(p, filter), bias, taps, p.inChannels(), 1, p.outChannels(),
                shape, true);
        return new PlanarKernel(p, packed, tiles, shape);
    }

    /**
     * The canonical filter {@code [outer taps, kernelW, C, C_out]} with its reduction rows in the
     * planar order {@code [outer taps, C, w-taps by phase]} ({@link PlanarKernel#tapOrderAlongW}).
     */
    private static float[] reorder(CanonicalConv p, float[] filter) {
        CanonicalAxis width = p.axis(p.spatialRank() - 1);
        int kernelW = width.kernel();
        int channels = p.inChannels();
        int out = p.outChannels();
        int outerTaps = Math.toIntExact(p.kernelVolume() / kernelW);
        int[] order = PlanarKernel.tapOrderAlongW(width);
        float[] reordered = new float[filter.length];
        int row = 0;
        for (int outer = 0; outer < outerTaps; outer++) {
            for (int c = 0; c < channels; c++) {
                for (int j : order) {
                    System.arraycopy(filter, ((outer * kernelW + j) * channels + c) * out, reordered, row++ * out, out);
                }
            }
        }
        return reordered;
    }
}
