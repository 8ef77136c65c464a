package dev.conv4j.kernel.blocked;

/**
 * How a problem is cut for {@link TileKernel}: {@code rows} output positions per tile, and blocks
 * of output channels of up to {@code maxVectors} vectors of {@code lanes} channels.
 *
 * <p>Two shapes exist. The narrow shape: seven positions × two vectors, 14 independent
 * accumulators, enough to hide the 4-cycle FMA latency on two FMA pipes, and with the two weight
 * vectors and the broadcast input 17 vector registers (with AVX2's 16 the JIT spills one). Seven
 * rather than six or eight because it divides the output widths of common layers (224, 112, 56,
 * 28, 14, 7), so few tiles run part-empty. The wide shape: six positions × four vectors, 24
 * accumulators, four weight vectors and the broadcast, 29 of AVX-512's 32 registers: per reduction
 * row 24 FMAs for 10 loads instead of 14 for 9, and six input pointers instead of seven, which
 * the short segments of small-channel layers (a 7×7 stem reads 21 floats per segment) feel most.
 *
 * <p>A problem takes the wide shape only when every group's channels fill whole blocks of four
 * vectors, so no block runs part-empty or needs a narrower six-position kernel, and when a wide
 * block's weights ({@code reduction × 4 vectors}) fit {@link #WIDE_WEIGHT_BUDGET}: every tile
 * streams its block's weights front to back, and a wide block of a long reduction (a 1×1 layer
 * over 256 channels: 64 KiB; Winograd's products of a 3×3×3 layer over 64 channels: 48 KiB) no
 * longer stays in the first-level cache between tiles, where two narrow blocks of half the size
 * each do; such problems ran slower wide than narrow, even with the reduction cut into chunks
 * that fit (a 1×1 layer over 256 channels to 64, two chunks of 128 rows, on two threads).
 * {@link BlockedKernel} cuts a reduction whose block still exceeds the budget (a narrow block
 * of a long reduction) into chunks that fit ({@link #chunkRows}), all of its tiles passing over
 * one chunk before the next; the Winograd kernel's products are not cut.
 */
record TileShape(int rows, int maxVectors, int lanes) {
    static final int NARROW_ROWS = 7;
    static final int NARROW_VECTORS = 2;
    static final int WIDE_ROWS = 6;
    static final int WIDE_VECTORS = 4;
    /** Positions of a {@link #planar} tile. */
    static final int PLANAR_ROWS = 14;
    /** Bytes of one wide block's weights at most: a share of a 48 KiB first-level data cache. */
    static final int WIDE_WEIGHT_BUDGET = 40 * 1024;

    TileShape {
        if (rows < 1 || maxVectors < 1 || lanes < 1) {
            throw new IllegalArgumentException("tile shape " + rows + "x" + maxVectors + "x" + lanes + " must be positive");
        }
    }

    /**
     * The shape for groups of {@code outPerGroup} output channels over a reduction of
     * {@code reduction} rows (taps × input channels per group): wide when {@code wideAllowed} (the
     * kernel has the registers), the channels are whole blocks of four vectors and a block's
     * weights fit {@link #WIDE_WEIGHT_BUDGET}; else narrow.
     */
    static TileShape of(int outPerGroup, long reduction, int lanes, boolean wideAllowed) {
        int vectors = Math.ceilDiv(outPerGroup, lanes);
        long wideBlockBytes = reduction * WIDE_VECTORS * lanes * Float.BYTES;
        return wideAllowed && vectors % WIDE_VECTORS == 0 && wideBlockBytes <= WIDE_WEIGHT_BUDGET
                ? new TileShape(WIDE_ROWS, WIDE_VECTORS, lanes)
                : new TileShape(NARROW_ROWS, NARROW_VECTORS, lanes);
    }

    /**
     * Reduction rows per chunk for a kernel that cuts a reduction of {@code reduction} rows into
     * chunks: as few chunks as keep a block's panel of weights within {@link #WIDE_WEIGHT_BUDGET},
     * all of one length but the last (a 1D layer over three taps of 300 channels, narrow: 900 rows,
     * three chunks of 300, 37.5 KiB each).
     */
    int chunkRows(long reduction) {
        long fit = Math.max(1, WIDE_WEIGHT_BUDGET / ((long) maxVectors * lanes * Float.BYTES));
        long chunks = Math.max(1, Math.ceilDiv(reduction, fit));
        return Math.toIntExact(Math.max(1, Math.ceilDiv(reduction, chunks)));
    }

    /**
     * The shape of {@link PlanarDirectConv}'s tiles, whose positions need no register each:
     * fourteen positions × two vectors, 28 accumulators, two weight vectors and the broadcast in
     * 31 of AVX-512's 32 registers (fourteen divides the output widths 28, 56, 112 and 224; with 16
     * registers the JIT spills, and the planner does not choose it there). Blocks are whole: a last
     * block past the channels computes zero weights.
     */
    static TileShape planar(int lanes) {
        return new TileShape(PLANAR_ROWS, NARROW_VECTORS, lanes);
    }

    /** Floats of a whole tile: the per-thread scratch a part-empty tile is stored through. */
    int tileLength() {
        return rows * maxVectors * lanes;
    }
}
