package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: {@link GradTile#ROWS} input channels × one, two or four vectors of
 * output channels. Per position it loads the output-gradient vectors once and broadcasts one input
 * value per row; the accumulators are local variables, loaded from the tile array before a run of
 * positions and stored back after it, so that the JIT keeps them in registers through the run. Only
 * load this class when {@link dev.conv4j.kernel.Vectorization#enabled()}.
 *
 * <p>As in the forward micro-kernel ({@code blocked.SimdTileKernel}), the tile is written out per
 * vector count rather than looped (Java cannot index registers) and no vector crosses a method
 * call. A run is one method call with few live integers: the loop's only induction variable is the
 * position, from which both addresses are computed, so the JIT has general registers to spare and
 * does not park an index in a vector register (which would put a move on an FMA port and a
 * round trip through the vector unit on the loop's critical path).
 */
final class SimdGradTile implements GradTile {
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();
    /** 512-bit vectors mean AVX-512 and its 32 vector registers. */
    private static final int MAX_VECTORS = SPECIES.vectorBitSize() >= 512 ? 4 : 2;
    private static final int LINE_FLOATS = ReadAhead.LINE_FLOATS;

    static final SimdGradTile INSTANCE = new SimdGradTile();

    private SimdGradTile() {
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public int maxVectors() {
        return MAX_VECTORS;
    }

    @Override
    public String variant() {
        return "simd";
    }

    @Override
    public void accumulate(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length, int vectors,
                           float[] acc, boolean first) {
        switch (vectors) {
            // nothing to read ahead: the loop reads acc[0], already in L1, again and again
            case 4 -> tileOfFourVectors(x, xBase, xStep, dy, dyBase, dyStep, length, acc, first, acc, 0, 0);
            case 2 -> tileOfTwoVectors(x, xBase, xStep, dy, dyBase, dyStep, length, acc, first);
            case 1 -> tileOfOneVector(x, xBase, xStep, dy, dyBase, dyStep, length, acc, first);
            default -> throw new IllegalArgumentException("a tile has 1, 2 or 4 vectors, got " + vectors);
        }
    }

    @Override
    public float accumulateReadingAhead(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length,
                                        int vectors, float[] acc, boolean first, float[] ahead, int aheadFrom,
                                        int aheadLast) {
        GradTile.checkReadsAhead(vectors);
        return tileOfFourVectors(x, xBase, xStep, dy, dyBase, dyStep, length, acc, first, ahead, aheadFrom, aheadLast);
    }

    @Override
    public void addRows(float[] acc, int vectors, float[] dw, int dwBase, int dwStep, int firstRow, int rows,
                        int channels) {
        int width = vectors * LANES;
        int whole = channels / LANES * LANES;
        for (int i = 0; i < rows; i++) {
            int to = dwBase + i * dwStep;
            int from = (firstRow + i) * width;
            int c = 0;
            for (; c < whole; c += LANES) {
                FloatVector.fromArray(SPECIES, dw, to + c).add(FloatVector.fromArray(SPECIES, acc, from + c))
                        .intoArray(dw, to + c);
            }
            for (; c < channels; c++) {
                dw[to + c] += acc[from + c];
            }
        }
    }

    @Override
    public void inputTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep,
                          int length) {
        int j = 0;
        for (; j <= length - LANES; j += LANES) {
            int a = from + j;
            int o = to + j;
            FloatVector x00 = FloatVector.fromArray(SPECIES, src, a);
            FloatVector x01 = FloatVector.fromArray(SPECIES, src, a + colStep);
            FloatVector x02 = FloatVector.fromArray(SPECIES, src, a + 2 * colStep);
            FloatVector x03 = FloatVector.fromArray(SPECIES, src, a + 3 * colStep);
            FloatVector x10 = FloatVector.fromArray(SPECIES, src, a + rowStep);
            FloatVector x11 = FloatVector.fromArray(SPECIES, src, a + rowStep + colStep);
            FloatVector x12 = FloatVector.fromArray(SPECIES, src, a + rowStep + 2 * colStep);
            FloatVector x13 = FloatVector.fromArray(SPECIES, src, a + rowStep + 3 * colStep);
            FloatVector x20 = FloatVector.fromArray(SPECIES, src, a + 2 * rowStep);
            FloatVector x21 = FloatVector.fromArray(SPECIES, src, a + 2 * rowStep + colStep);
            FloatVector x22 = FloatVector.fromArray(SPECIES, src, a + 2 * rowStep + 2 * colStep);
            FloatVector x23 = FloatVector.fromArray(SPECIES, src, a + 2 * rowStep + 3 * colStep);
            FloatVector x30 = FloatVector.fromArray(SPECIES, src, a + 3 * rowStep);
            FloatVector x31 = FloatVector.fromArray(SPECIES, src, a + 3 * rowStep + colStep);
            FloatVector x32 = FloatVector.fromArray(SPECIES, src, a + 3 * rowStep + 2 * colStep);
            FloatVector x33 = FloatVector.fromArray(SPECIES, src, a + 3 * rowStep + 3 * colStep);
            FloatVector h00 = x00.sub(x02);
            FloatVector h01 = x01.add(x02);
            FloatVector h02 = x02.sub(x01);
            FloatVector h03 = x01.sub(x03);
            FloatVector h10 = x10.sub(x12);
            FloatVector h11 = x11.add(x12);
            FloatVector h12 = x12.sub(x11);
            FloatVector h13 = x11.sub(x13);
            FloatVector h20 = x20.sub(x22);
            FloatVector h21 = x21.add(x22);
            FloatVector h22 = x22.sub(x21);
            FloatVector h23 = x21.sub(x23);
            FloatVector h30 = x30.sub(x32);
            FloatVector h31 = x31.add(x32);
            FloatVector h32 = x32.sub(x31);
            FloatVector h33 = x31.sub(x33);
            h00.sub(h20).intoArray(dst, o);
            h10.add(h20).intoArray(dst, o + 4 * elementStep);
            h20.sub(h10).intoArray(dst, o + 8 * elementStep);
            h10.sub(h30).intoArray(dst, o + 12 * elementStep);
            h01.sub(h21).intoArray(dst, o + elementStep);
            h11.add(h21).intoArray(dst, o + 5 * elementStep);
            h21.sub(h11).intoArray(dst, o + 9 * elementStep);
            h11.sub(h31).intoArray(dst, o + 13 * elementStep);
            h02.sub(h22).intoArray(dst, o + 2 * elementStep);
            h12.add(h22).intoArray(dst, o + 6 * elementStep);
            h22.sub(h12).intoArray(dst, o + 10 * elementStep);
            h12.sub(h32).intoArray(dst, o + 14 * elementStep);
            h03.sub(h23).intoArray(dst, o + 3 * elementStep);
            h13.add(h23).intoArray(dst, o + 7 * elementStep);
            h23.sub(h13).intoArray(dst, o + 11 * elementStep);
            h13.sub(h33).intoArray(dst, o + 15 * elementStep);
        }
        ScalarGradTile.inputTile(src, from, rowStep, colStep, dst, to, elementStep, j, length);
    }

    @Override
    public void gradientTile(float[] src, int from, int rowStep, int colStep, float[] dst, int to, int elementStep,
                             int length) {
        int j = 0;
        for (; j <= length - LANES; j += LANES) {
            int a = from + j;
            int o = to + j;
            FloatVector a00 = FloatVector.fromArray(SPECIES, src, a);
            FloatVector a01 = FloatVector.fromArray(SPECIES, src, a + colStep);
            FloatVector a10 = FloatVector.fromArray(SPECIES, src, a + rowStep);
            FloatVector a11 = FloatVector.fromArray(SPECIES, src, a + rowStep + colStep);
            FloatVector g00 = a00;
            FloatVector g01 = a00.add(a01);
            FloatVector g02 = a00.sub(a01);
            FloatVector g03 = a01.neg();
            FloatVector g10 = a10;
            FloatVector g11 = a10.add(a11);
            FloatVector g12 = a10.sub(a11);
            FloatVector g13 = a11.neg();
            g00.intoArray(dst, o);
            g00.add(g10).intoArray(dst, o + 4 * elementStep);
            g00.sub(g10).intoArray(dst, o + 8 * elementStep);
            g10.neg().intoArray(dst, o + 12 * elementStep);
            g01.intoArray(dst, o + elementStep);
            g01.add(g11).intoArray(dst, o + 5 * elementStep);
            g01.sub(g11).intoArray(dst, o + 9 * elementStep);
            g11.neg().intoArray(dst, o + 13 * elementStep);
            g02.intoArray(dst, o + 2 * elementStep);
            g02.add(g12).intoArray(dst, o + 6 * elementStep);
            g02.sub(g12).intoArray(dst, o + 10 * elementStep);
            g12.neg().intoArray(dst, o + 14 * elementStep);
            g03.intoArray(dst, o + 3 * elementStep);
            g03.add(g13).intoArray(dst, o + 7 * elementStep);
            g03.sub(g13).intoArray(dst, o + 11 * elementStep);
            g13.neg().intoArray(dst, o + 15 * elementStep);
        }
        ScalarGradTile.gradientTile(src, from, rowStep, colStep, dst, to, elementStep, j, length);
    }

    /**
     * Four vectors: the widest tile, with 512-bit vectors. Two positions per iteration: the
     * position loop's integer work (addresses, bounds checks, the loop test) goes partly to the
     * ports the FMAs issue on, and per two positions it is not much more than per one.
     */
    private static float tileOfFourVectors(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length,
                                           float[] acc, boolean first, float[] ahead, int aheadFrom, int aheadLast) {
        final int width = 4 * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = first ? zero : FloatVector.fromArray(SPECIES, acc, 0);
        FloatVector c01 = first ? zero : FloatVector.fromArray(SPECIES, acc, LANES);
        FloatVector c02 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * LANES);
        FloatVector c03 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * LANES);
        FloatVector c10 = first ? zero : FloatVector.fromArray(SPECIES, acc, width);
        FloatVector c11 = first ? zero : FloatVector.fromArray(SPECIES, acc, width + LANES);
        FloatVector c12 = first ? zero : FloatVector.fromArray(SPECIES, acc, width + 2 * LANES);
        FloatVector c13 = first ? zero : FloatVector.fromArray(SPECIES, acc, width + 3 * LANES);
        FloatVector c20 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width);
        FloatVector c21 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width + LANES);
        FloatVector c22 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width + 2 * LANES);
        FloatVector c23 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width + 3 * LANES);
        FloatVector c30 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width);
        FloatVector c31 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width + LANES);
        FloatVector c32 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width + 2 * LANES);
        FloatVector c33 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width + 3 * LANES);
        FloatVector c40 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width);
        FloatVector c41 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width + LANES);
        FloatVector c42 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width + 2 * LANES);
        FloatVector c43 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width + 3 * LANES);
        FloatVector c50 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width);
        FloatVector c51 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width + LANES);
        FloatVector c52 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width + 2 * LANES);
        FloatVector c53 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width + 3 * LANES);
        float read = 0;
        for (int p = 0, line = aheadFrom; p < length; p += 2, line += LINE_FLOATS) {
            read += ahead[Math.min(line, aheadLast)];
            int xp = xBase + p * xStep;
            int dp = dyBase + p * dyStep;
            FloatVector d0 = FloatVector.fromArray(SPECIES, dy, dp);
            FloatVector d1 = FloatVector.fromArray(SPECIES, dy, dp + LANES);
            FloatVector d2 = FloatVector.fromArray(SPECIES, dy, dp + 2 * LANES);
            FloatVector d3 = FloatVector.fromArray(SPECIES, dy, dp + 3 * LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, x[xp]);
            c00 = a.fma(d0, c00);
            c01 = a.fma(d1, c01);
            c02 = a.fma(d2, c02);
            c03 = a.fma(d3, c03);
            a = FloatVector.broadcast(SPECIES, x[xp + 1]);
            c10 = a.fma(d0, c10);
            c11 = a.fma(d1, c11);
            c12 = a.fma(d2, c12);
            c13 = a.fma(d3, c13);
            a = FloatVector.broadcast(SPECIES, x[xp + 2]);
            c20 = a.fma(d0, c20);
            c21 = a.fma(d1, c21);
            c22 = a.fma(d2, c22);
            c23 = a.fma(d3, c23);
            a = FloatVector.broadcast(SPECIES, x[xp + 3]);
            c30 = a.fma(d0, c30);
            c31 = a.fma(d1, c31);
            c32 = a.fma(d2, c32);
            c33 = a.fma(d3, c33);
            a = FloatVector.broadcast(SPECIES, x[xp + 4]);
            c40 = a.fma(d0, c40);
            c41 = a.fma(d1, c41);
            c42 = a.fma(d2, c42);
            c43 = a.fma(d3, c43);
            a = FloatVector.broadcast(SPECIES, x[xp + 5]);
            c50 = a.fma(d0, c50);
            c51 = a.fma(d1, c51);
            c52 = a.fma(d2, c52);
            c53 = a.fma(d3, c53);
            if (p + 1 == length) {
                break;
            }
            int xq = xp + xStep;
            int dq = dp + dyStep;
            FloatVector e0 = FloatVector.fromArray(SPECIES, dy, dq);
            FloatVector e1 = FloatVector.fromArray(SPECIES, dy, dq + LANES);
            FloatVector e2 = FloatVector.fromArray(SPECIES, dy, dq + 2 * LANES);
            FloatVector e3 = FloatVector.fromArray(SPECIES, dy, dq + 3 * LANES);
            FloatVector b = FloatVector.broadcast(SPECIES, x[xq]);
            c00 = b.fma(e0, c00);
            c01 = b.fma(e1, c01);
            c02 = b.fma(e2, c02);
            c03 = b.fma(e3, c03);
            b = FloatVector.broadcast(SPECIES, x[xq + 1]);
            c10 = b.fma(e0, c10);
            c11 = b.fma(e1, c11);
            c12 = b.fma(e2, c12);
            c13 = b.fma(e3, c13);
            b = FloatVector.broadcast(SPECIES, x[xq + 2]);
            c20 = b.fma(e0, c20);
            c21 = b.fma(e1, c21);
            c22 = b.fma(e2, c22);
            c23 = b.fma(e3, c23);
            b = FloatVector.broadcast(SPECIES, x[xq + 3]);
            c30 = b.fma(e0, c30);
            c31 = b.fma(e1, c31);
            c32 = b.fma(e2, c32);
            c33 = b.fma(e3, c33);
            b = FloatVector.broadcast(SPECIES, x[xq + 4]);
            c40 = b.fma(e0, c40);
            c41 = b.fma(e1, c41);
            c42 = b.fma(e2, c42);
            c43 = b.fma(e3, c43);
            b = FloatVector.broadcast(SPECIES, x[xq + 5]);
            c50 = b.fma(e0, c50);
            c51 = b.fma(e1, c51);
            c52 = b.fma(e2, c52);
            c53 = b.fma(e3, c53);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, LANES);
        c02.intoArray(acc, 2 * LANES);
        c03.intoArray(acc, 3 * LANES);
        c10.intoArray(acc, width);
        c11.intoArray(acc, width + LANES);
        c12.intoArray(acc, width + 2 * LANES);
        c13.intoArray(acc, width + 3 * LANES);
        c20.intoArray(acc, 2 * width);
        c21.intoArray(acc, 2 * width + LANES);
        c22.intoArray(acc, 2 * width + 2 * LANES);
        c23.intoArray(acc, 2 * width + 3 * LANES);
        c30.intoArray(acc, 3 * width);
        c31.intoArray(acc, 3 * width + LANES);
        c32.intoArray(acc, 3 * width + 2 * LANES);
        c33.intoArray(acc, 3 * width + 3 * LANES);
        c40.intoArray(acc, 4 * width);
        c41.intoArray(acc, 4 * width + LANES);
        c42.intoArray(acc, 4 * width + 2 * LANES);
        c43.intoArray(acc, 4 * width + 3 * LANES);
        c50.intoArray(acc, 5 * width);
        c51.intoArray(acc, 5 * width + LANES);
        c52.intoArray(acc, 5 * width + 2 * LANES);
        c53.intoArray(acc, 5 * width + 3 * LANES);
        return read;
    }

    /** Two vectors: the widest tile with narrower vectors, and what is left of a group's output channels after the widest tiles when two or three vectors are. */
    private static void tileOfTwoVectors(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length,
                                         float[] acc, boolean first) {
        final int width = 2 * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = first ? zero : FloatVector.fromArray(SPECIES, acc, 0);
        FloatVector c01 = first ? zero : FloatVector.fromArray(SPECIES, acc, LANES);
        FloatVector c10 = first ? zero : FloatVector.fromArray(SPECIES, acc, width);
        FloatVector c11 = first ? zero : FloatVector.fromArray(SPECIES, acc, width + LANES);
        FloatVector c20 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width);
        FloatVector c21 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width + LANES);
        FloatVector c30 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width);
        FloatVector c31 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width + LANES);
        FloatVector c40 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width);
        FloatVector c41 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width + LANES);
        FloatVector c50 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width);
        FloatVector c51 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width + LANES);
        for (int p = 0; p < length; p++) {
            int xp = xBase + p * xStep;
            int dp = dyBase + p * dyStep;
            FloatVector d0 = FloatVector.fromArray(SPECIES, dy, dp);
            FloatVector d1 = FloatVector.fromArray(SPECIES, dy, dp + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, x[xp]);
            c00 = a.fma(d0, c00);
            c01 = a.fma(d1, c01);
            a = FloatVector.broadcast(SPECIES, x[xp + 1]);
            c10 = a.fma(d0, c10);
            c11 = a.fma(d1, c11);
            a = FloatVector.broadcast(SPECIES, x[xp + 2]);
            c20 = a.fma(d0, c20);
            c21 = a.fma(d1, c21);
            a = FloatVector.broadcast(SPECIES, x[xp + 3]);
            c30 = a.fma(d0, c30);
            c31 = a.fma(d1, c31);
            a = FloatVector.broadcast(SPECIES, x[xp + 4]);
            c40 = a.fma(d0, c40);
            c41 = a.fma(d1, c41);
            a = FloatVector.broadcast(SPECIES, x[xp + 5]);
            c50 = a.fma(d0, c50);
            c51 = a.fma(d1, c51);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, LANES);
        c10.intoArray(acc, width);
        c11.intoArray(acc, width + LANES);
        c20.intoArray(acc, 2 * width);
        c21.intoArray(acc, 2 * width + LANES);
        c30.intoArray(acc, 3 * width);
        c31.intoArray(acc, 3 * width + LANES);
        c40.intoArray(acc, 4 * width);
        c41.intoArray(acc, 4 * width + LANES);
        c50.intoArray(acc, 5 * width);
        c51.intoArray(acc, 5 * width + LANES);
    }

    /** One vector: the last block of a group with an odd number of vectors. */
    private static void tileOfOneVector(float[] x, int xBase, int xStep, float[] dy, int dyBase, int dyStep, int length,
                                         float[] acc, boolean first) {
        final int width = LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c0 = first ? zero : FloatVector.fromArray(SPECIES, acc, 0);
        FloatVector c1 = first ? zero : FloatVector.fromArray(SPECIES, acc, width);
        FloatVector c2 = first ? zero : FloatVector.fromArray(SPECIES, acc, 2 * width);
        FloatVector c3 = first ? zero : FloatVector.fromArray(SPECIES, acc, 3 * width);
        FloatVector c4 = first ? zero : FloatVector.fromArray(SPECIES, acc, 4 * width);
        FloatVector c5 = first ? zero : FloatVector.fromArray(SPECIES, acc, 5 * width);
        for (int p = 0; p < length; p++) {
            int xp = xBase + p * xStep;
            int dp = dyBase + p * dyStep;
            FloatVector d0 = FloatVector.fromArray(SPECIES, dy, dp);
            FloatVector a = FloatVector.broadcast(SPECIES, x[xp]);
            c0 = a.fma(d0, c0);
            a = FloatVector.broadcast(SPECIES, x[xp + 1]);
            c1 = a.fma(d0, c1);
            a = FloatVector.broadcast(SPECIES, x[xp + 2]);
            c2 = a.fma(d0, c2);
            a = FloatVector.broadcast(SPECIES, x[xp + 3]);
            c3 = a.fma(d0, c3);
            a = FloatVector.broadcast(SPECIES, x[xp + 4]);
            c4 = a.fma(d0, c4);
            a = FloatVector.broadcast(SPECIES, x[xp + 5]);
            c5 = a.fma(d0, c5);
        }
        c0.intoArray(acc, 0);
        c1.intoArray(acc, width);
        c2.intoArray(acc, 2 * width);
        c3.intoArray(acc, 3 * width);
        c4.intoArray(acc, 4 * width);
        c5.intoArray(acc, 5 * width);
    }
}
