package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import java.util.Optional;

/**
 * Direct convolution with a register-blocked micro-kernel, for channels-last problems with many
 * output channels: any rank, stride, dilation, padding and grouping, as long as each group has
 * enough output channels to fill most of a vector.
 *
 * <p>{@code prepare} packs the weights into blocks of output channels ({@link PackedWeights}); a
 * run computes tiles of output positions along the last spatial axis against those blocks
 * ({@link BlockedKernel}, {@link TileKernel}). Named {@code blocked-direct/simd} or
 * {@code blocked-direct/scalar} after the micro-kernel it runs.
 */
public final class BlockedDirectConv implements ConvAlgorithm {
    /** Fewer output channels per group would leave most of every weight vector padding. */
    public static final int MIN_OUT_CHANNELS_PER_GROUP = 8;

    private final TileKernel tiles;

    /** With the Vector API kernel when {@link dev.conv4j.kernel.Vectorization} allows it, else the scalar twin. */
    public BlockedDirectConv() {
        this(TileKernels.preferred());
    }

    private BlockedDirectConv(TileKernel tiles) {
        this.tiles = tiles;
    }

    /** Always the Vector API kernel; throws when the Vector API is off. */
    public static BlockedDirectConv simd() {
        return new BlockedDirectConv(TileKernels.simd());
    }

    /** Always the scalar twin. */
    public static BlockedDirectConv scalar() {
        return new BlockedDirectConv(TileKernels.scalar());
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles.variant().equals("simd") ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public String name() {
        return "blocked-direct/" + tiles.variant();
    }

    @Override
    public Optional<String> rejection(CanonicalConv problem) {
        return rejection(problem, tiles);
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return prepare(problem, filter, bias, tiles);
    }

    /** What both blocked algorithms need of a problem. */
    static Optional<String> rejection(CanonicalConv p, TileKernel tiles) {
        if (p.spatialRank() == 0) {
            return Optional.of("needs at least one spatial axis");
        }
        if (p.outChannelsPerGroup() < MIN_OUT_CHANNELS_PER_GROUP) {
            return Optional.of("needs out_channels per group >= " + MIN_OUT_CHANNELS_PER_GROUP
                    + ", got " + p.outChannelsPerGroup());
        }
        long packed = PackedWeights.packedLength(Math.toIntExact(p.kernelVolume()), p.inChannelsPerGroup(),
                p.groups(), p.outChannelsPerGroup(), tiles.lanes());
        if (packed > Integer.MAX_VALUE - 8) {
            return Optional.of("the packed filter would need " + packed + " floats, more than one array holds");
        }
        CanonicalAxis width = p.axis(p.spatialRank() - 1);
        int tileRows = shape(p, tiles).rows();
        long patch = (long) BlockedKernel.patchColumns(width, tileRows) * p.inChannels() * (p.kernelVolume() / width.kernel());
        if (patch * (width.out() / tileRows + 1) > Integer.MAX_VALUE - 8) {
            return Optional.of("the zero-padded border copies of one output row would need more than one array holds");
        }
        return Optional.empty();
    }

    private static TileShape shape(CanonicalConv p, TileKernel tiles) {
        return tiles.shape(p.outChannelsPerGroup(), p.kernelVolume() * p.inChannelsPerGroup());
    }

    static ConvKernel prepare(CanonicalConv p, float[] filter, float[] bias, TileKernel tiles) {
        TileShape shape = shape(p, tiles);
        PackedWeights packed = new PackedWeights(filter, bias, Math.toIntExact(p.kernelVolume()), p.inChannelsPerGroup(),
                p.groups(), p.outChannelsPerGroup(), shape);
        return new BlockedKernel(p, packed, tiles, shape);
    }
}
