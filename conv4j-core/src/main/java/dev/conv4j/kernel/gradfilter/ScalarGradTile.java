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
    public float accumulateReadingAhead(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length,
                                        int vectors, float[] acc, boolean first, float[] ahead, int aheadFrom,
                                        int aheadLast) {
        GradTile.checkReadsAhead(vectors);
        accumulate(x, xBase, xStep, dy, dyBase, dyStep, length, vectors, acc, first);
        float read = 0;
        for (int k = 0, lines = GradTile.aheadLines(length, vectors); k < lines; k++) {
            read += ahead[Math.min(aheadFrom + k * ReadAhead.LINE_FLOATS, aheadLast)];
        }
        return read;
    }

    @Override
    public void inputTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep,
                          int length) {
        inputTile(src, from, rowStep, colStep, dst, to, elementStep, 0, length);
    }

    @Override
    public void gradientTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep,
                             int length) {
        gradientTile(src, from, rowStep, colStep, dst, to, elementStep, 0, length);
    }

    /** {@link GradTile#inputTile} for channels {@code [first, length)}: the scalar twin, and the vector kernel's tail. */
    static void inputTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep,
                          int first, int length) {
        for (int j = first; j < length; j++) {
            int a = from + j;
            int o = to + j;
            float x00 = src[a];
            float x01 = src[a + colStep];
            float x02 = src[a + 2 * colStep];
            float x03 = src[a + 3 * colStep];
            float x10 = src[a + rowStep];
            float x11 = src[a + rowStep + colStep];
            float x12 = src[a + rowStep + 2 * colStep];
            float x13 = src[a + rowStep + 3 * colStep];
            float x20 = src[a + 2 * rowStep];
            float x21 = src[a + 2 * rowStep + colStep];
            float x22 = src[a + 2 * rowStep + 2 * colStep];
            float x23 = src[a + 2 * rowStep + 3 * colStep];
            float x30 = src[a + 3 * rowStep];
            float x31 = src[a + 3 * rowStep + colStep];
            float x32 = src[a + 3 * rowStep + 2 * colStep];
            float x33 = src[a + 3 * rowStep + 3 * colStep];
            float h00 = x00 - x02;
            float h01 = x01 + x02;
            float h02 = x02 - x01;
            float h03 = x01 - x03;
            float h10 = x10 - x12;
            float h11 = x11 + x12;
            float h12 = x12 - x11;
            float h13 = x11 - x13;
            float h20 = x20 - x22;
            float h21 = x21 + x22;
            float h22 = x22 - x21;
            float h23 = x21 - x23;
            float h30 = x30 - x32;
            float h31 = x31 + x32;
            float h32 = x32 - x31;
            float h33 = x31 - x33;
            dst[o] = h00 - h20;
            dst[o + 4 * elementStep] = h10 + h20;
            dst[o + 8 * elementStep] = h20 - h10;
            dst[o + 12 * elementStep] = h10 - h30;
            dst[o + elementStep] = h01 - h21;
            dst[o + 5 * elementStep] = h11 + h21;
            dst[o + 9 * elementStep] = h21 - h11;
            dst[o + 13 * elementStep] = h11 - h31;
            dst[o + 2 * elementStep] = h02 - h22;
            dst[o + 6 * elementStep] = h12 + h22;
            dst[o + 10 * elementStep] = h22 - h12;
            dst[o + 14 * elementStep] = h12 - h32;
            dst[o + 3 * elementStep] = h03 - h23;
            dst[o + 7 * elementStep] = h13 + h23;
            dst[o + 11 * elementStep] = h23 - h13;
            dst[o + 15 * elementStep] = h13 - h33;
        }
    }

    /** {@link GradTile#gradientTile} for channels {@code [first, length)}: the scalar twin, and the vector kernel's tail. */
    static void gradientTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep,
                             int first, int length) {
        for (int j = first; j < length; j++) {
            int a = from + j;
            int o = to + j;
            float a00 = src[a];
            float a01 = src[a + colStep];
            float a10 = src[a + rowStep];
            float a11 = src[a + rowStep + colStep];
            float g00 = a00;
            float g01 = a00 + a01;
            float g02 = a00 - a01;
            float g03 = -a01;
            float g10 = a10;
            float g11 = a10 + a11;
            float g12 = a10 - a11;
            float g13 = -a11;
            dst[o] = g00;
            dst[o + 4 * elementStep] = g00 + g10;
            dst[o + 8 * elementStep] = g00 - g10;
            dst[o + 12 * elementStep] = -g10;
            dst[o + elementStep] = g01;
            dst[o + 5 * elementStep] = g01 + g11;
            dst[o + 9 * elementStep] = g01 - g11;
            dst[o + 13 * elementStep] = -g11;
            dst[o + 2 * elementStep] = g02;
            dst[o + 6 * elementStep] = g02 + g12;
            dst[o + 10 * elementStep] = g02 - g12;
            dst[o + 14 * elementStep] = -g12;
            dst[o + 3 * elementStep] = g03;
            dst[o + 7 * elementStep] = g03 + g13;
            dst[o + 11 * elementStep] = g03 - g13;
            dst[o + 15 * elementStep] = -g13;
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
