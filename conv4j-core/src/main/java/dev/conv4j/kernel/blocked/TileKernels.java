package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.Vectorization;

/** Picks the micro-kernel: the Vector API one when {@link Vectorization} allows it, else the scalar twin. */
final class TileKernels {
    /** Block width unit of the scalar twin when there is no vector kernel to match. */
    private static final int SCALAR_LANES = 16;
    /** Without a vector kernel to match, the scalar twin tiles as 512-bit vectors would. */
    private static final boolean SCALAR_WIDE = true;

    private TileKernels() {
    }

    static TileKernel preferred() {
        return Vectorization.enabled() ? simd() : scalar();
    }

    static TileKernel simd() {
        if (!Vectorization.enabled()) {
            throw new IllegalStateException("the SIMD tile kernel is unavailable: " + Vectorization.reason());
        }
        return SimdTileKernel.INSTANCE;
    }

    /** The scalar twin, blocked like the vector kernel where there is one so that both run the same tiles. */
    static TileKernel scalar() {
        return Vectorization.enabled()
                ? new ScalarTileKernel(SimdTileKernel.INSTANCE.lanes(), SimdTileKernel.INSTANCE.wide())
                : new ScalarTileKernel(SCALAR_LANES, SCALAR_WIDE);
    }
}
