package dev.conv4j.kernel.gradfilter;

/**
 * The scalar twin of {@link SimdGradTile}: the same tile over the same runs, in plain loops over
 * the accumulator array. It adds every product with {@link Math#fma}, as the vector kernel does
 * lane by lane, and the tile to {@code dw} with a plain add, so the two agree bit for bit.
 */
final class ScalarGradTile implements GradTile {
    private final int lanes;
    private final int maxVectors;

    /** @param lanes the tile width unit and {@code maxVectors} the widest tile: normally the vector kernel's, so both tile alike */
    ScalarGradTile(int lanes, int maxVectors) {
        if (lanes < 1 || maxVectors < 1) {
            throw new IllegalArgumentException("lanes " + lanes + " and maxVectors " + maxVectors + " must be >= 1");
        }
        this.lanes = lanes;
        this.maxVectors = maxVectors;
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public int maxVectors() {
        return maxVectors;
    }

    @Override
    public String variant() {
        return "scalar";
    }

    @Override
    public void accumulate(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length, int vectors,
                           float[] acc, boolean first) {
        int width = vectors * lanes;
        if (first) {
            java.util.Arrays.fill(acc, 0, ROWS * width, 0f);
        }
        for (int p = 0; p < length; p++) {
            int xp = xBase + p * xStep;
            int dp = dyBase + p * dyStep;
            for (int i = 0; i < ROWS; i++) {
                float a = x[xp + i];
                int row = i * width;
                for (int c = 0; c < width; c++) {
                    acc[row + c] = Math.fma(a, dy[dp + c], acc[row + c]);
                }
            }
        }
    }

    @Override
    public void addRows(float[] acc, int vectors, float[] dw, int dwBase, int dwStep, int firstRow, int rows,
                        int channels) {
        int width = vectors * lanes;
        for (int i = 0; i < rows; i++) {
            int to = dwBase + i * dwStep;
            int from = (firstRow + i) * width;
            for (int c = 0; c < channels; c++) {
                dw[to + c] += acc[from + c];
            }
        }
    }
}
