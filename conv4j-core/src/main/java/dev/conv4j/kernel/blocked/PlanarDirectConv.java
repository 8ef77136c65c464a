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
 * address, {@code stride × C} floats apart, these read neighbouring floats of one plane, so the
 * tiles can be longer and the JIT keeps every pointer in a register ({@link PlanarSimdTileKernel}).
 * Named {@code planar-direct/simd} or {@code planar-direct/scalar} after the micro-kernel it
 * runs; the scalar twin is {@link ScalarTileKernel} reading the same planes.
 *
 * <p>The standard list's entry ({@link #standard()}) also rejects what it does not win: a row's
 * reduction is {@code C × kernelW} rows cut into one segment per channel and run of taps, so with
 * many input channels the segments ({@code kernelW} rows at most) are shorter than
 * {@link BlockedDirectConv}'s ({@code kernelW × C} rows), and the planes copy the input
 * {@code kernelH} times; it takes problems with at most {@link #MAX_STANDARD_IN_CHANNELS} input
 * channels. The algorithms asked for by name ({@link #simd()}, {@link #scalar()}) take any
 * problem of one group, so that tests reach every path.
 */
public final class PlanarDirectConv implements ConvAlgorithm {
    /**
     * The most input channels the standard entry takes: RGB images and the like (3, or 4 with
     * alpha), where the planar tiles beat the blocked ones (see docs/architecture.md).
     */
    public static final int MAX_STANDARD_IN_CHANNELS = 4;

    private final PlanarTileKernel tiles;
    private final boolean standard;

    private PlanarDirectConv(PlanarTileKernel tiles, boolean standard) {
        this.tiles = tiles;
        this.standard = standard;
    }

    /**
     * The standard list's entry: the Vector API kernel, taking only the problems it wins; when
     * {@link Vectorization} does not allow it, an entry of the same name that rejects every
     * problem with the reason (the scalar twin was not measured against blocked-direct's).
     */
    public static PlanarDirectConv standard() {
        return new PlanarDirectConv(Vectorization.enabled() ? simdTiles() : null, true);
    }

    /** Always the Vector API kernel, for any problem of one group; throws when the Vector API is off. */
    public static PlanarDirectConv simd() {
        return new PlanarDirectConv(simdTiles(), false);
    }

    /** Always the scalar twin, for any problem of one group. */
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
        TileKernel blocked = TileKernels.scalar();
        return new PlanarScalarTileKernel(blocked.lanes(), blocked.wide());
    }

    /** The scalar twin when this is the Vector API kernel, taking the same problems. */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles != null && tiles.variant().equals("simd")
                ? Optional.of(new PlanarDirectConv(scalarTiles(), standard)) : Optional.empty();
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
        if (standard && p.inChannels() > MAX_STANDARD_IN_CHANNELS) {
            return Optional.of("needs in_channels <= " + MAX_STANDARD_IN_CHANNELS + " (more are faster on "
                    + "blocked-direct's longer segments), got " + p.inChannels());
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

    private TileShape shape(CanonicalConv p) {
        return TileShape.planar(p.outChannels(), tiles.lanes(), tiles.wide());
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
     * planar order {@code [outer taps, C, w-taps by run]} ({@link PlanarKernel#tapOrderAlongW}).
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
