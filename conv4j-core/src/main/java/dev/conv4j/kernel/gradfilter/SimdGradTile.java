package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: {@link GradTile#ROWS} input channels × one or two vectors of output
 * channels, every accumulator a local variable so that the JIT keeps it in a register. Per position
 * it loads the output-gradient vectors once and broadcasts one input value per row. Only load this
 * class when {@link dev.conv4j.kernel.Vectorization#enabled()}.
 *
 * <p>As in the forward micro-kernel ({@code blocked.SimdTileKernel}), the tile is written out per
 * vector count rather than looped (Java cannot index registers), no vector crosses a method call,
 * and the additions to {@code dw} are plain loads and stores: a tile that is part-empty (a group's
 * last input or output channels) goes through the scratch array.
 */
final class SimdGradTile implements GradTile {
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();

    static final SimdGradTile INSTANCE = new SimdGradTile();

    private SimdGradTile() {
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public String variant() {
        return "simd";
    }

    @Override
    public void accumulate(float[] x, int xBase, int xStep, int[] xOffsets,
                           float[] dy, int dyBase, int dyStep, int[] dyOffsets, int[] lengths, int segments,
                           int vectors, float[] dw, int dwBase, int dwStep, int firstRow, int rows, int channels,
                           float[] scratch) {
        if (vectors == 2) {
            tileOfTwoVectors(x, xBase, xStep, xOffsets, dy, dyBase, dyStep, dyOffsets, lengths, segments,
                    dw, dwBase, dwStep, firstRow, rows, channels, scratch);
        } else {
            tileOfOneVector(x, xBase, xStep, xOffsets, dy, dyBase, dyStep, dyOffsets, lengths, segments,
                    dw, dwBase, dwStep, firstRow, rows, channels, scratch);
        }
    }

    private static void tileOfTwoVectors(float[] x, int xBase, int xStep, int[] xOffsets,
                                         float[] dy, int dyBase, int dyStep, int[] dyOffsets, int[] lengths,
                                         int segments, float[] dw, int dwBase, int dwStep, int firstRow, int rows,
                                         int channels, float[] scratch) {
        final int width = 2 * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int s = 0; s < segments; s++) {
            int xp = xBase + xOffsets[s];
            int dp = dyBase + dyOffsets[s];
            int length = lengths[s];
            for (int p = 0; p < length; p++, xp += xStep, dp += dyStep) {
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
        }
        if (firstRow == 0 && rows == ROWS && channels == width) {
            int o = dwBase;
            FloatVector.fromArray(SPECIES, dw, o).add(c00).intoArray(dw, o);
            FloatVector.fromArray(SPECIES, dw, o + LANES).add(c01).intoArray(dw, o + LANES);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c10).intoArray(dw, o);
            FloatVector.fromArray(SPECIES, dw, o + LANES).add(c11).intoArray(dw, o + LANES);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c20).intoArray(dw, o);
            FloatVector.fromArray(SPECIES, dw, o + LANES).add(c21).intoArray(dw, o + LANES);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c30).intoArray(dw, o);
            FloatVector.fromArray(SPECIES, dw, o + LANES).add(c31).intoArray(dw, o + LANES);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c40).intoArray(dw, o);
            FloatVector.fromArray(SPECIES, dw, o + LANES).add(c41).intoArray(dw, o + LANES);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c50).intoArray(dw, o);
            FloatVector.fromArray(SPECIES, dw, o + LANES).add(c51).intoArray(dw, o + LANES);
            return;
        }
        c00.intoArray(scratch, 0);
        c01.intoArray(scratch, LANES);
        c10.intoArray(scratch, width);
        c11.intoArray(scratch, width + LANES);
        c20.intoArray(scratch, 2 * width);
        c21.intoArray(scratch, 2 * width + LANES);
        c30.intoArray(scratch, 3 * width);
        c31.intoArray(scratch, 3 * width + LANES);
        c40.intoArray(scratch, 4 * width);
        c41.intoArray(scratch, 4 * width + LANES);
        c50.intoArray(scratch, 5 * width);
        c51.intoArray(scratch, 5 * width + LANES);
        addRows(scratch, width, dw, dwBase, dwStep, firstRow, rows, channels);
    }

    /** A tile of one vector: the last block of a group whose output channels are not a multiple of two vectors. */
    private static void tileOfOneVector(float[] x, int xBase, int xStep, int[] xOffsets,
                                        float[] dy, int dyBase, int dyStep, int[] dyOffsets, int[] lengths,
                                        int segments, float[] dw, int dwBase, int dwStep, int firstRow, int rows,
                                        int channels, float[] scratch) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero;
        for (int s = 0; s < segments; s++) {
            int xp = xBase + xOffsets[s];
            int dp = dyBase + dyOffsets[s];
            int length = lengths[s];
            for (int p = 0; p < length; p++, xp += xStep, dp += dyStep) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, dy, dp);
                c0 = FloatVector.broadcast(SPECIES, x[xp]).fma(d0, c0);
                c1 = FloatVector.broadcast(SPECIES, x[xp + 1]).fma(d0, c1);
                c2 = FloatVector.broadcast(SPECIES, x[xp + 2]).fma(d0, c2);
                c3 = FloatVector.broadcast(SPECIES, x[xp + 3]).fma(d0, c3);
                c4 = FloatVector.broadcast(SPECIES, x[xp + 4]).fma(d0, c4);
                c5 = FloatVector.broadcast(SPECIES, x[xp + 5]).fma(d0, c5);
            }
        }
        if (firstRow == 0 && rows == ROWS && channels == LANES) {
            int o = dwBase;
            FloatVector.fromArray(SPECIES, dw, o).add(c0).intoArray(dw, o);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c1).intoArray(dw, o);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c2).intoArray(dw, o);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c3).intoArray(dw, o);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c4).intoArray(dw, o);
            o += dwStep;
            FloatVector.fromArray(SPECIES, dw, o).add(c5).intoArray(dw, o);
            return;
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, LANES);
        c2.intoArray(scratch, 2 * LANES);
        c3.intoArray(scratch, 3 * LANES);
        c4.intoArray(scratch, 4 * LANES);
        c5.intoArray(scratch, 5 * LANES);
        addRows(scratch, LANES, dw, dwBase, dwStep, firstRow, rows, channels);
    }

    /** Adds {@code rows} rows from {@code firstRow} on, first {@code channels} columns, of a tile in scratch to {@code dw}. */
    private static void addRows(float[] tile, int width, float[] dw, int dwBase, int dwStep, int firstRow, int rows,
                                int channels) {
        for (int i = 0; i < rows; i++) {
            int to = dwBase + i * dwStep;
            int from = (firstRow + i) * width;
            for (int c = 0; c < channels; c++) {
                dw[to + c] += tile[from + c];
            }
        }
    }
}
