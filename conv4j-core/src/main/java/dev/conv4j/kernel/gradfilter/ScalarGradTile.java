package dev.conv4j.kernel.gradfilter;

/**
 * The scalar twin of {@link SimdGradTile}: the same tile over the same segments, in plain loops
 * over a scratch array of accumulators. It adds every product with {@link Math#fma}, as the vector
 * kernel does lane by lane, and the tile to {@code dw} with a plain add, so the two agree bit for bit.
 */
final class ScalarGradTile implements GradTile {
    private final int lanes;

    /** @param lanes the tile width unit, normally the vector kernel's, so both tile alike */
    ScalarGradTile(int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes " + lanes + " must be >= 1");
        }
        this.lanes = lanes;
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
    public void accumulate(float[] x, int xBase, int xStep, int[] xOffsets,
                           float[] dy, int dyBase, int dyStep, int[] dyOffsets, int[] lengths, int segments,
                           int vectors, float[] dw, int dwBase, int dwStep, int firstRow, int rows, int channels,
                           float[] scratch) {
        int width = vectors * lanes;
        float[] acc = scratch;
        java.util.Arrays.fill(acc, 0, ROWS * width, 0f);
        for (int s = 0; s < segments; s++) {
            int xp = xBase + xOffsets[s];
            int dp = dyBase + dyOffsets[s];
            for (int p = 0; p < lengths[s]; p++, xp += xStep, dp += dyStep) {
                for (int i = 0; i < ROWS; i++) {
                    float a = x[xp + i];
                    int row = i * width;
                    for (int c = 0; c < width; c++) {
                        acc[row + c] = Math.fma(a, dy[dp + c], acc[row + c]);
                    }
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            int to = dwBase + i * dwStep;
            int from = (firstRow + i) * width;
            for (int c = 0; c < channels; c++) {
                dw[to + c] += acc[from + c];
            }
        }
    }
}
