package dev.conv4j.kernel.blocked;

/**
 * The scalar twin of {@link SimdTileKernel}: the same tile shapes, blocks and packed weights, in
 * plain loops over a scratch array of accumulators. It adds every product with {@link Math#fma},
 * as the vector kernel does lane by lane, so the two agree bit for bit.
 */
final class ScalarTileKernel implements TileKernel {
    private final int lanes;
    private final boolean wide;

    /**
     * @param lanes the block width unit, normally the vector kernel's, so both pack alike
     * @param wide  whether problems whose channels allow it take {@link TileShape}'s wide shape
     */
    ScalarTileKernel(int lanes, boolean wide) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes " + lanes + " must be >= 1");
        }
        this.lanes = lanes;
        this.wide = wide;
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public String variant() {
        return "scalar";
    }

    @Override
    public boolean wide() {
        return wide;
    }

    @Override
    public TileShape shape(int outPerGroup, long reduction) {
        return TileShape.of(outPerGroup, reduction, lanes, wide);
    }

    @Override
    public void tiles(int count, int tileRows, float[] x, int xBase, int xStep, int[] xOffsets, int[] reductionStarts,
                      int[] lengths, int segments, float[] w, int wBase, int vectors, float[] bias, int biasBase,
                      float[] y, int yBase, int yStep, int rows, int channels, float[] scratch) {
        for (int t = 0; t < count; t++) {
            tile(tileRows, x, xBase + t * tileRows * xStep, xStep, xOffsets, reductionStarts, lengths, segments,
                    w, wBase, vectors * lanes, bias, biasBase, y, yBase + t * tileRows * yStep, yStep, rows, channels,
                    scratch);
        }
    }

    private static void tile(int tileRows, float[] x, int xBase, int xStep, int[] xOffsets, int[] reductionStarts,
                             int[] lengths, int segments, float[] w, int wBase, int width, float[] bias, int biasBase,
                             float[] y, int yBase, int yStep, int rows, int channels, float[] acc) {
        for (int i = 0; i < tileRows; i++) {
            System.arraycopy(bias, biasBase, acc, i * width, width);
        }
        for (int s = 0; s < segments; s++) {
            int xs = xBase + xOffsets[s];
            int ws = wBase + reductionStarts[s] * width;
            for (int r = 0; r < lengths[s]; r++) {
                int wr = ws + r * width;
                for (int i = 0; i < tileRows; i++) {
                    float a = x[xs + i * xStep + r];
                    int row = i * width;
                    for (int c = 0; c < width; c++) {
                        acc[row + c] = Math.fma(a, w[wr + c], acc[row + c]);
                    }
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            System.arraycopy(acc, i * width, y, yBase + i * yStep, channels);
        }
    }
}
