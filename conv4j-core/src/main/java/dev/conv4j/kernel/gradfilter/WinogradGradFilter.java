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
 * micro-kernel it runs. The standard list's entry takes only the problems it computes faster
 * than {@code BlockedGradFilter} (large images, many channels), and follows that in the list, so
 * it runs only when asked for by name: its transforms mix every value of a tile into every tap's
 * sum, and where a few values dwarf the others by many orders of magnitude the rounding of theirs
 * outweighs the accuracy bound of the taps that do not read them (docs/semantics.md).
 */
public final class WinogradGradFilter implements GradFilterAlgorithm {
    /** Fewer channels and the micro-kernel's tiles are too few or too narrow to pay for the transforms. */
    public static final int MIN_CHANNELS = 16;

    /**
     * Channels the standard entry needs: the transforms' cost grows with the channels, the
     * multiplications they save with their square, and with fewer channels the saving does not
     * pay for the transforms.
     */
    public static final int MIN_CHANNELS_WHERE_FASTER = 64;

    /**
     * Output columns the standard entry needs: a chunk's sums are added to the part's 16 sums per
     * channel pair once per chunk, and shorter rows (chunks of fewer tiles) make that the larger
     * cost.
     */
    public static final int MIN_COLUMNS_WHERE_FASTER = 56;

    /**
     * Tiles of 2×2 outputs over the batch the standard entry needs: each part's sums are zeroed,
     * transformed to {@code dW} and added up once, a cost of the channels alone, and fewer tiles
     * leave it the larger share.
     */
    public static final int MIN_TILES_WHERE_FASTER = 2048;

    /** Null when the Vector API variant was asked for and is unavailable. */
    private final GradTile tiles;
    /** Whether it rejects the problems it computes more slowly than {@code blocked-grad-filter}. */
    private final boolean onlyWhereFaster;

    private WinogradGradFilter(GradTile tiles, boolean onlyWhereFaster) {
        this.tiles = tiles;
        this.onlyWhereFaster = onlyWhereFaster;
    }

    /** Always the Vector API kernel, on every problem it can compute; throws when the Vector API is off. */
    public static WinogradGradFilter simd() {
        return new WinogradGradFilter(GradTiles.simd(), false);
    }

    /** Always the scalar twin, on every problem it can compute. */
    public static WinogradGradFilter scalar() {
        return new WinogradGradFilter(GradTiles.scalar(), false);
    }

    /**
     * The standard list's entry: the Vector API kernel when {@link Vectorization} allows it, on
     * the problems where it is faster than {@code blocked-grad-filter} (the thresholds above; the
     * planner then tries that next), else an entry of the same name that rejects every problem
     * with the reason.
     */
    public static WinogradGradFilter standard() {
        return new WinogradGradFilter(Vectorization.enabled() ? GradTiles.simd() : null, true);
    }

    @Override
    public String name() {
        return "winograd-grad-filter/" + (tiles == null ? "simd" : tiles.variant());
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
        return onlyWhereFaster ? slowerThanBlocked(p) : Optional.empty();
    }

    /** Why {@code blocked-grad-filter} computes {@code p} faster; empty when it does not. */
    private static Optional<String> slowerThanBlocked(CanonicalConv p) {
        if (p.inChannels() < MIN_CHANNELS_WHERE_FASTER || p.outChannels() < MIN_CHANNELS_WHERE_FASTER) {
            return Optional.of("slower than blocked-grad-filter below " + MIN_CHANNELS_WHERE_FASTER
                    + " input and output channels, got " + p.inChannels() + " and " + p.outChannels());
        }
        int columns = p.outSizes()[1];
        if (columns < MIN_COLUMNS_WHERE_FASTER) {
            return Optional.of("slower than blocked-grad-filter below " + MIN_COLUMNS_WHERE_FASTER
                    + " output columns, got " + columns);
        }
        long tiles = (long) p.batch() * Math.ceilDiv(p.outSizes()[0], 2) * Math.ceilDiv(columns, 2);
        if (tiles < MIN_TILES_WHERE_FASTER) {
            return Optional.of("slower than blocked-grad-filter below " + MIN_TILES_WHERE_FASTER
                    + " tiles of 2x2 outputs, got " + tiles);
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
