package dev.conv4j.kernel.gradfilter;

/**
 * The micro-kernel: one tile of the filter gradient, {@link #ROWS} input channels × one, two or
 * four vectors of output channels, summed over runs of output positions in an accumulator array
 * and then added to {@code dW}.
 *
 * <p>{@link #accumulate} adds one run of positions to the tile: position {@code p < length}
 * reads the input channels {@code x[xBase + p * xStep + i]} ({@code i < ROWS}) and the
 * output-gradient channels {@code dy[dyBase + p * dyStep + c]} ({@code c < vectors × lanes()}),
 * and every tile element {@code acc[i * vectors × lanes() + c]} adds its product with a fused
 * multiply-add, position by position. {@link #addRows} then adds rows of the tile to {@code dw}
 * with a plain add. The accumulators pass through the array between runs unchanged, so the
 * Vector API kernel and its scalar twin give bit-identical results.
 *
 * <p>All {@code ROWS × vectors × lanes()} products are computed, so all those inputs must be
 * readable. Where a group's input channels do not fill the last tile, the caller lets that tile
 * overlap the one before it and adds only its new rows, or, for groups of fewer than
 * {@code ROWS} channels, hands a zero-padded copy; where its output channels do not fill whole
 * vectors, it hands a zero-padded copy of the output gradient.
 *
 * <p>{@link #inputTile} and {@link #gradientTile} are Winograd F(2×2, 3×3)'s transforms of one
 * tile for {@link WinogradGradFilterKernel}: they are here because the JIT does not vectorise
 * them as plain loops, and the same two implementations keep the twins bit-identical.
 */
interface GradTile {
    /** Input channels per tile: the rows of the tile, each a broadcast input value per position. */
    int ROWS = 6;

    /** Output channels per vector. */
    int lanes();

    /**
     * The most vectors of output channels a tile has: four where vectors are 512 bits wide
     * (AVX-512, 32 vector registers), else two. Six rows × four vectors are 24 accumulators; with
     * the four output-gradient vectors and the broadcast input that is 29 of 32 registers, and per
     * position 24 fused multiply-adds for ten loads. With 16 registers six rows × two vectors (15
     * registers) is the most that does not spill.
     */
    int maxVectors();

    /** {@code "simd"} or {@code "scalar"}, for algorithm names. */
    String variant();

    /**
     * Adds the products of one run of {@code length} positions to the tile {@code acc} of
     * {@code vectors} vectors; on a tile's first run ({@code first}) the tile starts at zero, whatever
     * {@code acc} holds.
     */
    void accumulate(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length, int vectors,
                    float[] acc, boolean first);

    /**
     * {@link #accumulate} for a tile that {@link #readsAhead}: along the way it also reads
     * {@link #aheadLines aheadLines(length, vectors)} floats of {@code ahead}, one per cache line
     * from {@code aheadFrom} on and none beyond {@code aheadLast} (which it reads again once there),
     * and returns their sum: data the caller will need next reaches the caches while the tile
     * computes (see {@link ReadAhead}). These reads change no sum of the tile.
     */
    float accumulateReadingAhead(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length,
                                 int vectors, float[] acc, boolean first, float[] ahead, int aheadFrom, int aheadLast);

    /**
     * The cache lines {@link #accumulateReadingAhead} reads ahead over a run of {@code length} positions: in the
     * four-vector tile one per iteration of the vector kernel's position loop, which takes two
     * positions (48 multiply-adds) at a time; none in the narrower tiles, whose loops do 6 or 12
     * multiply-adds per position, too few to hide the read's load, bounds check and add.
     */
    static int aheadLines(int length, int vectors) {
        return readsAhead(vectors) ? (length + 1) / 2 : 0;
    }

    /** Whether a tile of {@code vectors} vectors reads ahead in its loop (see {@link #aheadLines}). */
    static boolean readsAhead(int vectors) {
        return vectors == 4;
    }

    /** Throws unless a tile of {@code vectors} vectors {@link #readsAhead}. */
    static void checkReadsAhead(int vectors) {
        if (!readsAhead(vectors)) {
            throw new IllegalArgumentException("a tile of " + vectors + " vectors does not read ahead");
        }
    }

    /**
     * Adds {@code rows} rows of the tile {@code acc} of {@code vectors} vectors from row
     * {@code firstRow} on, of each the first {@code channels} columns, to {@code dw}: tile element
     * {@code (firstRow + i, c)} to {@code dw[dwBase + i * dwStep + c]}.
     */
    void addRows(float[] acc, int vectors, float[] dw, int dwBase, int dwStep, int firstRow, int rows, int channels);

    /**
     * Winograd F(2×2, 3×3)'s input transform {@code V = Bᵀ d B} of one tile, for {@code length}
     * channels side by side: {@code d[r][k]} (4 × 4) is {@code src[from + r * rowStep + k * colStep + j]};
     * first along the rows, {@code (d0 − d2, d1 + d2, d2 − d1, d1 − d3)} of each, then the same
     * down the columns, element {@code (i, k)} to {@code dst[to + (4i + k) * elementStep + j]}.
     * Adds and subtractions in that fixed order, so every implementation gives the same bits.
     */
    void inputTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep, int length);

    /**
     * Winograd F(2×2, 3×3)'s output-gradient transform {@code U = A δ Aᵀ} of one tile, laid out as
     * {@link #inputTile} with {@code δ} 2 × 2: along the rows {@code (a0, a0 + a1, a0 − a1, −a1)},
     * then the same down the columns.
     */
    void gradientTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep, int length);

    /** Floats of the accumulator array a tile needs. */
    default int tileLength() {
        return ROWS * maxVectors() * lanes();
    }
}
