package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.Vectorization;

/** Picks the micro-kernel: the Vector API one when {@link Vectorization} allows it, else the scalar twin. */
final class GradTiles {
    /** Tile width unit of the scalar twin when there is no vector kernel to match. */
    private static final int SCALAR_LANES = 16;
    private static final int SCALAR_MAX_VECTORS = 4;

    private GradTiles() {
    }

    static GradTile preferred() {
        return Vectorization.enabled() ? simd() : scalar();
    }

    static GradTile simd() {
        if (!Vectorization.enabled()) {
            throw new IllegalStateException("the SIMD filter-gradient kernel is unavailable: " + Vectorization.reason());
        }
        return SimdGradTile.INSTANCE;
    }

    /** The scalar twin, tiled like the vector kernel where there is one so that both run the same tiles. */
    static GradTile scalar() {
        return Vectorization.enabled()
                ? new ScalarGradTile(SimdGradTile.INSTANCE.lanes(), SimdGradTile.INSTANCE.maxVectors())
                : new ScalarGradTile(SCALAR_LANES, SCALAR_MAX_VECTORS);
    }
}
