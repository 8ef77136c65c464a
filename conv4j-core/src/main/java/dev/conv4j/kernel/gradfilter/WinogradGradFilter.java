package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.Vectorization;
import java.util.Arrays;
import java.util.Optional;

/**
 * The filter gradient of 3×3, stride-1, one-group 2D convolutions by Winograd's F(2×2, 3×3):
 * 2.25× fewer multiplications than {@link BlockedGradFilter}, on the same micro-kernel; see
 * {@link WinogradGradFilterKernel}. Any padding (the tile grid reads zeros outside the input).
 *
 * <p>Named {@code winograd-grad-filter/simd} or {@code winograd-grad-filter/scalar} after the
 * micro-kernel it runs. The problems it rejects go to {@code BlockedGradFilter}.
 */
public final class WinogradGradFilter implements GradFilterAlgorithm {
    /** Fewer channels leave the transforms, not the multiplications, the larger cost. */
    public static final int MIN_CHANNELS = 16;

    /** Null when the Vector API variant was asked for and is unavailable. */
    private final GradTile tiles;

    private WinogradGradFilter(GradTile tiles) {
        this.tiles = tiles;
    }

    /** Always the Vector API kernel; throws when the Vector API is off. */
    public static WinogradGradFilter simd() {
        return new WinogradGradFilter(GradTiles.simd());
    }

    /** Always the scalar twin. */
    public static WinogradGradFilter scalar() {
        return new WinogradGradFilter(GradTiles.scalar());
    }

    /**
     * The standard list's entry: the Vector API kernel when {@link Vectorization} allows it, else
     * an entry of the same name that rejects every problem with the reason, the scalar twin being
     * slower than the direct filter gradient.
     */
    public static WinogradGradFilter standard() {
        return new WinogradGradFilter(Vectorization.enabled() ? GradTiles.simd() : null);
    }

    @Override
    public String name() {
        return "winograd-grad-filter/" + (tiles == null ? "simd" : tiles.variant());
    }

    @Override
    public Optional<String> rejection(CanonicalConv p) {
        if (tiles == null) {
            return Optional.of("the Vector API is off (" + Vectorization.reason() + ")");
        }
        if (p.spatialRank() != 2 || p.kernel()[0] != 3 || p.kernel()[1] != 3) {
            return Optional.of("needs a 2D 3x3 kernel, got " + Arrays.toString(p.kernel()));
        }
        if (!p.unitStrideAndDilation()) {
            return Optional.of("needs stride and dilation 1, got strides " + Arrays.toString(p.strides())
                    + " dilations " + Arrays.toString(p.dilations()));
        }
        if (p.groups() != 1) {
            return Optional.of("needs one group, got " + p.groups());
        }
        if (p.inChannels() < MIN_CHANNELS || p.outChannels() < MIN_CHANNELS) {
            return Optional.of("needs >= " + MIN_CHANNELS + " input and output channels, got " + p.inChannels()
                    + " and " + p.outChannels());
        }
        long sums = 16L * p.inChannels() * p.outChannels();
        long panels = 16L * WinogradGradFilterKernel.CHUNK_TILES * (p.inChannels() + GradTile.ROWS + p.outChannels()
                + tiles.lanes());
        if (sums > Integer.MAX_VALUE - 8 || panels > Integer.MAX_VALUE - 8) {
            return Optional.of("a part's transformed sums or a chunk's panels would need more than one array holds");
        }
        return Optional.empty();
    }

    /** A kernel for {@code p}; throws IllegalArgumentException when {@link #rejection} is not empty. */
    @Override
    public WinogradGradFilterKernel prepare(CanonicalConv p) {
        Optional<String> rejection = rejection(p);
        if (rejection.isPresent()) {
            throw new IllegalArgumentException(name() + " cannot compute this problem: " + rejection.get());
        }
        return new WinogradGradFilterKernel(p, tiles);
    }
}
