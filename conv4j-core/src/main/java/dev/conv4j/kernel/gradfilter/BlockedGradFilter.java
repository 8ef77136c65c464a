package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.kernel.simd.ArrayAlignment;
import java.util.Optional;

/**
 * The filter gradient with a register-blocked micro-kernel, for channels-last problems with many
 * output channels: any rank, stride, dilation, padding and grouping, as long as each group has
 * enough output channels to fill most of a vector. Per tap the gradient is a GEMM whose reduction
 * runs over the output positions, {@code dW[tap] (C/groups × C_out) += X_tap^T · dY}; see
 * {@link BlockedGradFilterKernel} for the blocking and {@link GradTile} for the micro-kernel.
 *
 * <p>Named {@code blocked-grad-filter/simd} or {@code blocked-grad-filter/scalar} after the
 * micro-kernel it runs. Problems it rejects go to {@code DirectGradFilter}. Padding is skipped,
 * not read, so a NaN or infinite output gradient meets only the input's real positions.
 */
public final class BlockedGradFilter implements GradFilterAlgorithm {
    /** Fewer output channels per group would leave most of every vector padding. */
    public static final int MIN_OUT_CHANNELS_PER_GROUP = 8;

    /** Null when the Vector API variant was asked for and is unavailable. */
    private final GradTile tiles;

    /** With the Vector API kernel when {@link dev.conv4j.kernel.Vectorization} allows it, else the scalar twin. */
    public BlockedGradFilter() {
        this(GradTiles.preferred());
    }

    private BlockedGradFilter(GradTile tiles) {
        this.tiles = tiles;
    }

    /** Always the Vector API kernel; throws when the Vector API is off. */
    public static BlockedGradFilter simd() {
        return new BlockedGradFilter(GradTiles.simd());
    }

    /** Always the scalar twin. */
    public static BlockedGradFilter scalar() {
        return new BlockedGradFilter(GradTiles.scalar());
    }

    /**
     * The standard list's entry: the Vector API kernel when {@link Vectorization} allows it, else
     * an entry of the same name that rejects every problem with the reason, the scalar twin being
     * slower than {@code DirectGradFilter}.
     */
    public static BlockedGradFilter standard() {
        return new BlockedGradFilter(Vectorization.enabled() ? GradTiles.simd() : null);
    }

    /** The name of the Vector API variant, also when it is unavailable (for plans that say why it was not used). */
    public static String simdName() {
        return "blocked-grad-filter/simd";
    }

    @Override
    public String name() {
        return tiles == null ? simdName() : "blocked-grad-filter/" + tiles.variant();
    }

    @Override
    public Optional<GradFilterAlgorithm> scalarTwin() {
        return tiles != null && tiles.variant().equals("simd") ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public Optional<String> rejection(CanonicalConv p) {
        if (tiles == null) {
            return Optional.of("the Vector API is off (" + Vectorization.reason() + ")");
        }
        if (p.spatialRank() == 0) {
            return Optional.of("needs at least one spatial axis");
        }
        if (p.outChannelsPerGroup() < MIN_OUT_CHANNELS_PER_GROUP) {
            return Optional.of("needs out_channels per group >= " + MIN_OUT_CHANNELS_PER_GROUP
                    + ", got " + p.outChannelsPerGroup());
        }
        if (p.inChannelsPerGroup() < 1) {
            return Optional.of("needs at least one input channel per group");
        }
        return Optional.empty();
    }

    /** A kernel for {@code p}; throws IllegalArgumentException when {@link #rejection} is not empty. */
    @Override
    public BlockedGradFilterKernel prepare(CanonicalConv p) {
        // only the Vector API tiles load vectors, which the aligned copy is for
        boolean vectors = tiles != null && tiles.variant().equals("simd");
        return prepare(p, vectors ? ArrayAlignment.firstAlignedFloat() : -1);
    }

    /** {@link #prepare(CanonicalConv)} with the arrays' first vector-aligned index given (-1: unknown). */
    BlockedGradFilterKernel prepare(CanonicalConv p, int firstAlignedFloat) {
        Optional<String> rejection = rejection(p);
        if (rejection.isPresent()) {
            throw new IllegalArgumentException(name() + " cannot compute this problem: " + rejection.get());
        }
        return new BlockedGradFilterKernel(p, tiles, firstAlignedFloat);
    }
}
