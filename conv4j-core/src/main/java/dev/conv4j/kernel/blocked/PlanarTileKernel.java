package dev.conv4j.kernel.blocked;

/**
 * The micro-kernel of {@link PlanarDirectConv}: computes runs of tiles of {@code tileRows}
 * consecutive output positions × one block of output channels ({@code vectors × lanes()} wide)
 * from planar input ({@link PlanarKernel}), where neighbouring positions read neighbouring floats.
 *
 * <p>The tile is a sum over {@code taps} taps: tap {@code k} multiplies
 * {@code x[xBase + xOffsets[k] + i]} for position {@code i} by weight row {@code k} of the block
 * ({@code w[wBase + k * vectors * lanes() + c]}). Tile {@code t} of a run starts
 * {@code t × tileRows} floats further in {@code x} and positions further in {@code y}. Every
 * output element starts at its bias and adds its products tap by tap with a fused multiply-add,
 * so the SIMD kernel and its scalar twin give bit-identical results. All {@code tileRows}
 * positions are computed; only the first {@code rows} are stored, and of each only the first
 * {@code channels} channels.
 */
interface PlanarTileKernel {
    /** Output channels per vector: the width blocks are packed in. */
    int lanes();

    /** {@code "simd"} or {@code "scalar"}, for algorithm names. */
    String variant();

    /**
     * Computes and stores a run of {@code count} tiles (the rows and vectors of a shape
     * {@link TileShape#planar} gave), each with {@code rows} valid positions.
     *
     * @param scratch at least {@link TileShape#tileLength()} floats the kernel may overwrite
     */
    void tiles(int count, int tileRows, float[] x, int xBase, int[] xOffsets, int taps, float[] w, int wBase,
               int vectors, float[] bias, int biasBase, float[] y, int yBase, int yStep, int rows, int channels,
               float[] scratch);
}
