package dev.conv4j.kernel.blocked;

/**
 * The scalar twin of {@link PlanarSimdTileKernel}: the same tiles and packed weights, in plain
 * loops over a scratch array of accumulators, every product added with {@link Math#fma} in the
 * vector kernel's order, so the two agree bit for bit.
 *
 * @param lanes the block width unit, the vector kernel's where there is one, so both pack alike
 */
record PlanarScalarTileKernel(int lanes) implements PlanarTileKernel {
    @Override
    public String variant() {
        return "scalar";
    }

    @Override
    public void tiles(int count, int tileRows, float[] x, int xBase, int[] xOffsets, int taps, float[] w, int wBase,
                      int vectors, float[] bias, int biasBase, float[] y, int yBase, int yStep, int rows, int channels,
                      float[] acc) {
        int width = vectors * lanes;
        for (int t = 0; t < count; t++, xBase += tileRows, yBase += tileRows * yStep) {
            for (int i = 0; i < tileRows; i++) {
                System.arraycopy(bias, biasBase, acc, i * width, width);
            }
            for (int k = 0; k < taps; k++) {
                int xs = xBase + xOffsets[k];
                int wr = wBase + k * width;
                for (int i = 0; i < tileRows; i++) {
                    float a = x[xs + i];
                    for (int c = 0; c < width; c++) {
                        acc[i * width + c] = Math.fma(a, w[wr + c], acc[i * width + c]);
                    }
                }
            }
            for (int i = 0; i < rows; i++) {
                System.arraycopy(acc, i * width, y, yBase + i * yStep, channels);
            }
        }
    }
}
