package dev.conv4j.kernel.gradfilter;

/**
 * The micro-kernel: adds one chunk of positions' contribution to one tile of the filter gradient,
 * {@link #ROWS} input channels × one or two vectors of output channels.
 *
 * <p>The chunk is a list of segments. Segment {@code s} is a run of {@code lengths[s]} positions;
 * position {@code p} of it reads the input channels
 * {@code x[xBase + xOffsets[s] + p * xStep + i]} ({@code i < ROWS}) and the output-gradient channels
 * {@code dy[dyBase + dyOffsets[s] + p * dyStep + c]} ({@code c < vectors × lanes()}). Every tile
 * element starts at zero and adds its products {@code x · dy} one by one with a fused
 * multiply-add, segment by segment and position by position; then {@code rows} rows of the tile from
 * row {@code firstRow} on, and of each its first {@code channels} columns, are added to {@code dw}:
 * tile element {@code (firstRow + i, c)} to {@code dw[dwBase + i * dwStep + c]}. The Vector API
 * kernel and its scalar twin therefore give bit-identical results.
 *
 * <p>All {@code ROWS × vectors × lanes()} products are computed, so all those inputs must be
 * readable. Where a group's input channels do not fill the last tile, the caller lets that tile
 * overlap the one before it and adds only its new rows ({@code firstRow > 0}), or, for groups of
 * fewer than {@code ROWS} channels, hands a zero-padded copy; where its output channels do not
 * fill whole vectors, it hands a zero-padded copy of the output gradient.
 */
interface GradTile {
    /**
     * Input channels per tile. Six rows × two vectors are 12 independent accumulators: enough to
     * hide the 4-cycle FMA latency on two FMA pipes, and with the two output-gradient vectors and
     * the broadcast input 15 vector registers, below the ~16 accumulators where the JIT starts to
     * spill; eight rows × two vectors or four × four (16 accumulators) are past it.
     */
    int ROWS = 6;

    /** The most vectors of output channels a tile has. */
    int MAX_VECTORS = 2;

    /** Output channels per vector. */
    int lanes();

    /** {@code "simd"} or {@code "scalar"}, for algorithm names. */
    String variant();

    /**
     * Computes one tile over a chunk and adds it to {@code dw}.
     *
     * @param scratch at least {@link #scratchLength()} floats the kernel may overwrite (one array
     *                per thread)
     */
    void accumulate(float[] x, int xBase, int xStep, int[] xOffsets,
                    float[] dy, int dyBase, int dyStep, int[] dyOffsets, int[] lengths, int segments, int vectors,
                    float[] dw, int dwBase, int dwStep, int firstRow, int rows, int channels, float[] scratch);

    /** Floats of per-thread scratch {@link #accumulate} needs. */
    default int scratchLength() {
        return ROWS * MAX_VECTORS * lanes();
    }
}
