package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link PlanarTileKernel}. Position {@code i} of a tile reads {@code x[xs + i]}:
 * one address per tap and a constant displacement per position, so a tile needs a handful of
 * general registers however many positions it has, and can have more positions than
 * {@link SimdTileKernel}, whose positions each need a register of their own. The weight rows
 * follow each other, so the JIT checks their bounds once per loop, not per tap.
 *
 * <p>One shape ({@link TileShape#planar}): fourteen positions × two vectors. Every block is
 * whole (its last lanes zero weights where the channels end), so there is no kernel for narrower
 * blocks. As in {@link SimdTileKernel}, the
 * tiles are written out (Java cannot index registers) and stores are plain, a part-empty tile
 * going through the scratch array. Each tile is one call of a method that takes only what its
 * loop reads and where to store: with the run's count, output steps and sizes live across the
 * loop as well, C2 ran short of general registers and reloaded the loop's bases from the stack
 * at every tap. Only load this class when {@link dev.conv4j.kernel.Vectorization#enabled()}.
 */
final class PlanarSimdTileKernel implements PlanarTileKernel {
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();

    static final PlanarSimdTileKernel INSTANCE = new PlanarSimdTileKernel();

    private PlanarSimdTileKernel() {
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
    public void tiles(int count, int tileRows, float[] x, int xBase, int[] xOffsets, int taps, float[] w, int wBase,
                      int vectors, float[] bias, int biasBase, float[] y, int yBase, int yStep, int rows, int channels,
                      float[] scratch) {
        if (tileRows != TileShape.PLANAR_ROWS || vectors != TileShape.NARROW_VECTORS) {
            throw new IllegalArgumentException("no planar tile of " + tileRows + " positions x " + vectors + " vectors");
        }
        int width = vectors * LANES;
        boolean full = rows == tileRows && channels == width;
        for (int t = 0; t < count; t++, xBase += tileRows, yBase += tileRows * yStep) {
            // a full tile goes straight to the output; a part-empty one through the scratch tile, so
            // that every store is a plain one
            float[] out = full ? y : scratch;
            int o = full ? yBase : 0;
            int step = full ? yStep : width;
            twoVectors(x, xBase, xOffsets, taps, w, wBase, bias, biasBase, out, o, step);
            if (!full) {
                SimdTileKernel.copyRows(scratch, width, y, yBase, yStep, rows, channels);
            }
        }
    }

    /** Fourteen positions × two vectors: 28 accumulators, two weight vectors and the broadcast, 31 of 32 registers. */
    private static void twoVectors(float[] x, int xBase, int[] xOffsets, int taps, float[] w, int wBase, float[] bias,
            int biasBase, float[] out, int o, int step) {
        final int width = 2 * LANES;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias, biasBase);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bias, biasBase + LANES);
        FloatVector c0_0 = b0, c0_1 = b1;
        FloatVector c1_0 = b0, c1_1 = b1;
        FloatVector c2_0 = b0, c2_1 = b1;
        FloatVector c3_0 = b0, c3_1 = b1;
        FloatVector c4_0 = b0, c4_1 = b1;
        FloatVector c5_0 = b0, c5_1 = b1;
        FloatVector c6_0 = b0, c6_1 = b1;
        FloatVector c7_0 = b0, c7_1 = b1;
        FloatVector c8_0 = b0, c8_1 = b1;
        FloatVector c9_0 = b0, c9_1 = b1;
        FloatVector c10_0 = b0, c10_1 = b1;
        FloatVector c11_0 = b0, c11_1 = b1;
        FloatVector c12_0 = b0, c12_1 = b1;
        FloatVector c13_0 = b0, c13_1 = b1;
        for (int k = 0, wr = wBase; k < taps; k++, wr += width) {
            int xs = xBase + xOffsets[k];
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wr);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wr + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, x[xs]);
            c0_0 = a.fma(w0, c0_0);
            c0_1 = a.fma(w1, c0_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 1]);
            c1_0 = a.fma(w0, c1_0);
            c1_1 = a.fma(w1, c1_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 2]);
            c2_0 = a.fma(w0, c2_0);
            c2_1 = a.fma(w1, c2_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 3]);
            c3_0 = a.fma(w0, c3_0);
            c3_1 = a.fma(w1, c3_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 4]);
            c4_0 = a.fma(w0, c4_0);
            c4_1 = a.fma(w1, c4_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 5]);
            c5_0 = a.fma(w0, c5_0);
            c5_1 = a.fma(w1, c5_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 6]);
            c6_0 = a.fma(w0, c6_0);
            c6_1 = a.fma(w1, c6_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 7]);
            c7_0 = a.fma(w0, c7_0);
            c7_1 = a.fma(w1, c7_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 8]);
            c8_0 = a.fma(w0, c8_0);
            c8_1 = a.fma(w1, c8_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 9]);
            c9_0 = a.fma(w0, c9_0);
            c9_1 = a.fma(w1, c9_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 10]);
            c10_0 = a.fma(w0, c10_0);
            c10_1 = a.fma(w1, c10_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 11]);
            c11_0 = a.fma(w0, c11_0);
            c11_1 = a.fma(w1, c11_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 12]);
            c12_0 = a.fma(w0, c12_0);
            c12_1 = a.fma(w1, c12_1);
            a = FloatVector.broadcast(SPECIES, x[xs + 13]);
            c13_0 = a.fma(w0, c13_0);
            c13_1 = a.fma(w1, c13_1);
        }
        c0_0.intoArray(out, o);
        c0_1.intoArray(out, o + LANES);
        c1_0.intoArray(out, o + step);
        c1_1.intoArray(out, o + step + LANES);
        c2_0.intoArray(out, o + 2 * step);
        c2_1.intoArray(out, o + 2 * step + LANES);
        c3_0.intoArray(out, o + 3 * step);
        c3_1.intoArray(out, o + 3 * step + LANES);
        c4_0.intoArray(out, o + 4 * step);
        c4_1.intoArray(out, o + 4 * step + LANES);
        c5_0.intoArray(out, o + 5 * step);
        c5_1.intoArray(out, o + 5 * step + LANES);
        c6_0.intoArray(out, o + 6 * step);
        c6_1.intoArray(out, o + 6 * step + LANES);
        c7_0.intoArray(out, o + 7 * step);
        c7_1.intoArray(out, o + 7 * step + LANES);
        c8_0.intoArray(out, o + 8 * step);
        c8_1.intoArray(out, o + 8 * step + LANES);
        c9_0.intoArray(out, o + 9 * step);
        c9_1.intoArray(out, o + 9 * step + LANES);
        c10_0.intoArray(out, o + 10 * step);
        c10_1.intoArray(out, o + 10 * step + LANES);
        c11_0.intoArray(out, o + 11 * step);
        c11_1.intoArray(out, o + 11 * step + LANES);
        c12_0.intoArray(out, o + 12 * step);
        c12_1.intoArray(out, o + 12 * step + LANES);
        c13_0.intoArray(out, o + 13 * step);
        c13_1.intoArray(out, o + 13 * step + LANES);
    }
}
