package dev.conv4j.kernel.blocked;

/**
 * The micro-kernel: computes tiles of {@link #TILE_ROWS} output positions × one block of output
 * channels ({@code vectors × lanes()} wide) from scratch and stores them. A call computes a run
 * of {@code count} tiles that follow each other along the row (tile {@code t} starts
 * {@code t × TILE_ROWS} positions further, in input and output), so that its fixed costs are
 * paid once per run rather than once per tile.
 *
 * <p>The tile is a sum over segments. Segment {@code s} is a run of {@code lengths[s]}
 * consecutive input floats per output position: position {@code i} of the tile reads
 * {@code x[xBase + xOffsets[s] + i * xStep + r]} for {@code r < lengths[s]} and multiplies it
 * by reduction row {@code reductionStarts[s] + r} of the block's packed weights
 * ({@code w[wBase + (reductionStarts[s] + r) * vectors * lanes() + c]}). Every output element
 * starts at its bias and adds its products one by one with a fused multiply-add, segment by
 * segment and {@code r} by {@code r}: the SIMD kernel and its scalar twin therefore give
 * bit-identical results, and so does any split of the work across threads.
 *
 * <p>All {@code TILE_ROWS} positions are computed (their input must be readable); only the first
 * {@code rows} are stored, and of each only the first {@code channels} channels.
 */
interface TileKernel {
    /**
     * Output positions per tile. Seven positions × two vectors are 14 independent accumulators:
     * enough to hide the 4-cycle FMA latency on two FMA pipes, and with the two weight vectors
     * and the broadcast input 17 of AVX-512's 32 vector registers (with AVX2's 16 the JIT spills
     * one). Seven rather than six or eight because it divides the output widths of common layers
     * (224, 112, 56, 28, 14, 7), so few tiles run part-empty.
     */
    int TILE_ROWS = 7;

    /** The most vectors of output channels a block has. */
    int MAX_VECTORS = 2;

    /** Output channels per vector: the width blocks are packed in. */
    int lanes();

    /** {@code "simd"} or {@code "scalar"}, for algorithm names. */
    String variant();

    /**
     * Computes and stores a run of {@code count} tiles, each with {@code rows} valid positions.
     *
     * @param scratch at least {@link #scratchLength()} floats the kernel may overwrite (one array
     *                per thread)
     */
    void tiles(int count, float[] x, int xBase, int xStep, int[] xOffsets, int[] reductionStarts, int[] lengths,
               int segments, float[] w, int wBase, int vectors, float[] bias, int biasBase,
               float[] y, int yBase, int yStep, int rows, int channels, float[] scratch);

    /** Floats of per-thread scratch {@link #tiles} needs. */
    default int scratchLength() {
        return TILE_ROWS * MAX_VECTORS * lanes();
    }
}
