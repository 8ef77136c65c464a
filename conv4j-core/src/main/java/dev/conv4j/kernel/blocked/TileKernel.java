package dev.conv4j.kernel.blocked;

/**
 * The micro-kernel: computes tiles of {@code tileRows} output positions × one block of output
 * channels ({@code vectors × lanes()} wide) from scratch and stores them, in the shapes
 * {@link #shape} picks. A call computes a run of {@code count} tiles that follow each other along
 * the row (tile {@code t} starts {@code t × tileRows} positions further, in input and output), so
 * that its fixed costs are paid once per run rather than once per tile.
 *
 * <p>The tile is a sum over segments. Segment {@code s} is a run of {@code lengths[s]}
 * consecutive input floats per output position: position {@code i} of the tile reads
 * {@code x[xBase + xOffsets[s] + i * xStep + r]} for {@code r < lengths[s]} and multiplies it
 * by reduction row {@code reductionStarts[s] + r} of the block's packed weights
 * ({@code w[wBase + (reductionStarts[s] + r) * vectors * lanes() + c]}). Every output element
 * starts at its bias and adds its products one by one with a fused multiply-add, segment by
 * segment and {@code r} by {@code r}: the SIMD kernel and its scalar twin therefore give
 * bit-identical results, and so does any split of the work across threads or tile shape.
 *
 * <p>All {@code tileRows} positions are computed (their input must be readable); only the first
 * {@code rows} are stored, and of each only the first {@code channels} channels.
 */
interface TileKernel {
    /** Output channels per vector: the width blocks are packed in. */
    int lanes();

    /** {@code "simd"} or {@code "scalar"}, for algorithm names. */
    String variant();

    /** Whether tiles may be four vectors wide: the vector kernel has 32 registers, or the scalar twin tiles as if. */
    boolean wide();

    /**
     * The tile shape for groups of {@code outPerGroup} output channels over {@code reduction}
     * reduction rows (see {@link TileShape}).
     */
    TileShape shape(int outPerGroup, long reduction);

    /**
     * Computes and stores a run of {@code count} tiles of {@code tileRows} positions (the rows of a
     * shape {@link #shape} gave), each with {@code rows} valid positions.
     *
     * @param scratch at least {@link TileShape#tileLength()} floats the kernel may overwrite (one
     *                array per thread)
     */
    void tiles(int count, int tileRows, float[] x, int xBase, int xStep, int[] xOffsets, int[] reductionStarts,
               int[] lengths, int segments, float[] w, int wBase, int vectors, float[] bias, int biasBase,
               float[] y, int yBase, int yStep, int rows, int channels, float[] scratch);
}
