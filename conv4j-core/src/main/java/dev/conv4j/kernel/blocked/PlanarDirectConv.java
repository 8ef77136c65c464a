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
 * <p>It follows {@code blocked-direct} in the planner's list, which takes all but the largest of
 * the problems it takes, so in practice it runs only when asked for by name: on the stems it was
 * built for it ran about as fast as {@code blocked-direct}, not faster (docs/architecture.md).
 */
public final class PlanarDirectConv implements ConvAlgorithm {
    private final PlanarTileKernel tiles;

    /** With the Vector API kernel when {@link Vectorization} allows it, else the scalar twin. */
    public PlanarDirectConv() {
        this(Vectorization.enabled() ? simdTiles() : scalarTiles());
    }

    private PlanarDirectConv(PlanarTileKernel tiles) {
        this.tiles = tiles;
    }

    /** Always the Vector API kernel; throws when the Vector API is off. */
    public static PlanarDirectConv simd() {
        return new PlanarDirectConv(simdTiles());
    }

    /** Always the scalar twin. */
    public static PlanarDirectConv scalar() {
        return new PlanarDirectConv(scalarTiles());
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

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles.variant().equals("simd") ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public String name() {
        return "planar-direct/" + tiles.variant();
    }

    @Override
    public Optional<String> rejection(CanonicalConv p) {
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
