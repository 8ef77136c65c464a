package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.simd.SimdSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: a tile of six output positions × four vectors of output channels
 * with 512-bit vectors, or of seven positions × one or two vectors ({@link TileShape}), every
 * accumulator a local variable so that the JIT keeps it in a register. Per reduction row it loads
 * the block's weight vectors once and broadcasts one input value per position. Only load this
 * class when {@link dev.conv4j.kernel.Vectorization#enabled()}.
 *
 * <p>The tile is written out per shape rather than looped: Java cannot index registers, and an
 * array of vectors would live in memory. For the same reason no vector is passed to a helper
 * method: should the JIT not inline it, every vector crossing the call would be boxed on the heap.
 *
 * <p>The narrow tiles take two reduction rows per pass of their loop, a last odd row after it: a
 * position's broadcasts of both rows share one index register, so the seven positions' index
 * additions, the weights' base (which C2 reloads from the stack, short of general registers) and
 * the loop's test are paid once per two rows. The wide tile keeps one row per pass: with 29 of the
 * 32 vector registers in use, C2 spills the second row's weight vectors.
 *
 * <p>The methods are close to the largest C1 compiles: with masked stores its register allocator
 * gives up, and until C2 has compiled the method it then runs in the interpreter, where every
 * vector operation allocates. So stores are plain, and a part-empty tile goes through the scratch
 * array. After changing them, check {@code -XX:+PrintCompilation} for {@code COMPILE SKIPPED}.
 */
final class SimdTileKernel implements TileKernel {
    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();
    /** 512-bit vectors mean AVX-512 and its 32 vector registers, room for the wide tile. */
    private static final boolean WIDE = SPECIES.vectorBitSize() >= 512;

    static final SimdTileKernel INSTANCE = new SimdTileKernel();

    private SimdTileKernel() {
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
    public boolean wide() {
        return WIDE;
    }

    @Override
    public TileShape shape(int outPerGroup, long reduction) {
        return TileShape.of(outPerGroup, reduction, LANES, WIDE);
    }

    @Override
    public void tiles(int count, int tileRows, float[] x, int xBase, int xStep, int[] xOffsets, int[] reductionStarts,
                      int[] lengths, int segments, float[] w, int wBase, int vectors, float[] bias, int biasBase,
                      float[] y, int yBase, int yStep, int rows, int channels, boolean accumulate, float[] scratch) {
        if (tileRows == TileShape.WIDE_ROWS && vectors == TileShape.WIDE_VECTORS) {
            tilesOfFourVectors(count, x, xBase, xStep, xOffsets, reductionStarts, lengths, segments, w, wBase, bias, biasBase,
                    y, yBase, yStep, rows, channels, accumulate, scratch);
        } else if (tileRows != TileShape.NARROW_ROWS || vectors > TileShape.NARROW_VECTORS) {
            throw new IllegalArgumentException("no tile of " + tileRows + " positions x " + vectors + " vectors");
        } else if (vectors == 2) {
            tilesOfTwoVectors(count, x, xBase, xStep, xOffsets, reductionStarts, lengths, segments, w, wBase, bias, biasBase,
                    y, yBase, yStep, rows, channels, accumulate, scratch);
        } else {
            tilesOfOneVector(count, x, xBase, xStep, xOffsets, reductionStarts, lengths, segments, w, wBase, bias, biasBase,
                    y, yBase, yStep, rows, channels, accumulate, scratch);
        }
    }

    /** The wide tile: six positions × four vectors. */
    private static void tilesOfFourVectors(int count, float[] x, int xBase, int xStep, int[] xOffsets,
                                           int[] reductionStarts, int[] lengths, int segments, float[] w, int wBase,
                                           float[] bias, int biasBase, float[] y, int yBase, int yStep, int rows,
                                           int channels, boolean accumulate, float[] scratch) {
        final int rowsPerTile = TileShape.WIDE_ROWS;
        final int width = 4 * LANES;
        for (int t = 0; t < count; t++, xBase += rowsPerTile * xStep, yBase += rowsPerTile * yStep) {
            // the bias is loaded per tile: kept across tiles, its four vectors and the tile's 28
            // would need 33 registers
            FloatVector b0 = FloatVector.fromArray(SPECIES, bias, biasBase);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bias, biasBase + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bias, biasBase + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(SPECIES, bias, biasBase + 3 * LANES);
            FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3;
            FloatVector c10 = b0, c11 = b1, c12 = b2, c13 = b3;
            FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3;
            FloatVector c30 = b0, c31 = b1, c32 = b2, c33 = b3;
            FloatVector c40 = b0, c41 = b1, c42 = b2, c43 = b3;
            FloatVector c50 = b0, c51 = b1, c52 = b2, c53 = b3;
            if (accumulate) {
                // a later reduction chunk continues from the partial sums the tile stored, through
                // scratch: loads at constant offsets, whose bounds checks the JIT merges
                copyTile(y, yBase, yStep, rows, channels, scratch, width);
                c00 = FloatVector.fromArray(SPECIES, scratch, 0);
                c01 = FloatVector.fromArray(SPECIES, scratch, LANES);
                c02 = FloatVector.fromArray(SPECIES, scratch, 2 * LANES);
                c03 = FloatVector.fromArray(SPECIES, scratch, 3 * LANES);
                c10 = FloatVector.fromArray(SPECIES, scratch, width);
                c11 = FloatVector.fromArray(SPECIES, scratch, width + LANES);
                c12 = FloatVector.fromArray(SPECIES, scratch, width + 2 * LANES);
                c13 = FloatVector.fromArray(SPECIES, scratch, width + 3 * LANES);
                c20 = FloatVector.fromArray(SPECIES, scratch, 2 * width);
                c21 = FloatVector.fromArray(SPECIES, scratch, 2 * width + LANES);
                c22 = FloatVector.fromArray(SPECIES, scratch, 2 * width + 2 * LANES);
                c23 = FloatVector.fromArray(SPECIES, scratch, 2 * width + 3 * LANES);
                c30 = FloatVector.fromArray(SPECIES, scratch, 3 * width);
                c31 = FloatVector.fromArray(SPECIES, scratch, 3 * width + LANES);
                c32 = FloatVector.fromArray(SPECIES, scratch, 3 * width + 2 * LANES);
                c33 = FloatVector.fromArray(SPECIES, scratch, 3 * width + 3 * LANES);
                c40 = FloatVector.fromArray(SPECIES, scratch, 4 * width);
                c41 = FloatVector.fromArray(SPECIES, scratch, 4 * width + LANES);
                c42 = FloatVector.fromArray(SPECIES, scratch, 4 * width + 2 * LANES);
                c43 = FloatVector.fromArray(SPECIES, scratch, 4 * width + 3 * LANES);
                c50 = FloatVector.fromArray(SPECIES, scratch, 5 * width);
                c51 = FloatVector.fromArray(SPECIES, scratch, 5 * width + LANES);
                c52 = FloatVector.fromArray(SPECIES, scratch, 5 * width + 2 * LANES);
                c53 = FloatVector.fromArray(SPECIES, scratch, 5 * width + 3 * LANES);
            }
            for (int s = 0; s < segments; s++) {
                int x0 = xBase + xOffsets[s];
                int x1 = x0 + xStep;
                int x2 = x1 + xStep;
                int x3 = x2 + xStep;
                int x4 = x3 + xStep;
                int x5 = x4 + xStep;
                int wr = wBase + reductionStarts[s] * width;
                int length = lengths[s];
                for (int r = 0; r < length; r++, wr += width) {
                    FloatVector w0 = FloatVector.fromArray(SPECIES, w, wr);
                    FloatVector w1 = FloatVector.fromArray(SPECIES, w, wr + LANES);
                    FloatVector w2 = FloatVector.fromArray(SPECIES, w, wr + 2 * LANES);
                    FloatVector w3 = FloatVector.fromArray(SPECIES, w, wr + 3 * LANES);
                    FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + r]);
                    c00 = a.fma(w0, c00);
                    c01 = a.fma(w1, c01);
                    c02 = a.fma(w2, c02);
                    c03 = a.fma(w3, c03);
                    a = FloatVector.broadcast(SPECIES, x[x1 + r]);
                    c10 = a.fma(w0, c10);
                    c11 = a.fma(w1, c11);
                    c12 = a.fma(w2, c12);
                    c13 = a.fma(w3, c13);
                    a = FloatVector.broadcast(SPECIES, x[x2 + r]);
                    c20 = a.fma(w0, c20);
                    c21 = a.fma(w1, c21);
                    c22 = a.fma(w2, c22);
                    c23 = a.fma(w3, c23);
                    a = FloatVector.broadcast(SPECIES, x[x3 + r]);
                    c30 = a.fma(w0, c30);
                    c31 = a.fma(w1, c31);
                    c32 = a.fma(w2, c32);
                    c33 = a.fma(w3, c33);
                    a = FloatVector.broadcast(SPECIES, x[x4 + r]);
                    c40 = a.fma(w0, c40);
                    c41 = a.fma(w1, c41);
                    c42 = a.fma(w2, c42);
                    c43 = a.fma(w3, c43);
                    a = FloatVector.broadcast(SPECIES, x[x5 + r]);
                    c50 = a.fma(w0, c50);
                    c51 = a.fma(w1, c51);
                    c52 = a.fma(w2, c52);
                    c53 = a.fma(w3, c53);
                }
            }
            boolean full = rows == rowsPerTile && channels == width;
            float[] out = full ? y : scratch;
            int o = full ? yBase : 0;
            int step = full ? yStep : width;
            c00.intoArray(out, o);
            c01.intoArray(out, o + LANES);
            c02.intoArray(out, o + 2 * LANES);
            c03.intoArray(out, o + 3 * LANES);
            c10.intoArray(out, o + step);
            c11.intoArray(out, o + step + LANES);
            c12.intoArray(out, o + step + 2 * LANES);
            c13.intoArray(out, o + step + 3 * LANES);
            c20.intoArray(out, o + 2 * step);
            c21.intoArray(out, o + 2 * step + LANES);
            c22.intoArray(out, o + 2 * step + 2 * LANES);
            c23.intoArray(out, o + 2 * step + 3 * LANES);
            c30.intoArray(out, o + 3 * step);
            c31.intoArray(out, o + 3 * step + LANES);
            c32.intoArray(out, o + 3 * step + 2 * LANES);
            c33.intoArray(out, o + 3 * step + 3 * LANES);
            c40.intoArray(out, o + 4 * step);
            c41.intoArray(out, o + 4 * step + LANES);
            c42.intoArray(out, o + 4 * step + 2 * LANES);
            c43.intoArray(out, o + 4 * step + 3 * LANES);
            c50.intoArray(out, o + 5 * step);
            c51.intoArray(out, o + 5 * step + LANES);
            c52.intoArray(out, o + 5 * step + 2 * LANES);
            c53.intoArray(out, o + 5 * step + 3 * LANES);
            if (!full) {
                copyRows(scratch, width, y, yBase, yStep, rows, channels);
            }
        }
    }

    /** The narrow tile: seven positions × two vectors. */
    private static void tilesOfTwoVectors(int count, float[] x, int xBase, int xStep, int[] xOffsets,
                                          int[] reductionStarts, int[] lengths, int segments, float[] w, int wBase,
                                          float[] bias, int biasBase, float[] y, int yBase, int yStep, int rows,
                                          int channels, boolean accumulate, float[] scratch) {
        final int width = 2 * LANES;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias, biasBase);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bias, biasBase + LANES);
        for (int t = 0; t < count; t++, xBase += TileShape.NARROW_ROWS * xStep, yBase += TileShape.NARROW_ROWS * yStep) {
            FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
            FloatVector c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1;
            if (accumulate) {
                copyTile(y, yBase, yStep, rows, channels, scratch, width);
                c00 = FloatVector.fromArray(SPECIES, scratch, 0);
                c01 = FloatVector.fromArray(SPECIES, scratch, LANES);
                c10 = FloatVector.fromArray(SPECIES, scratch, width);
                c11 = FloatVector.fromArray(SPECIES, scratch, width + LANES);
                c20 = FloatVector.fromArray(SPECIES, scratch, 2 * width);
                c21 = FloatVector.fromArray(SPECIES, scratch, 2 * width + LANES);
                c30 = FloatVector.fromArray(SPECIES, scratch, 3 * width);
                c31 = FloatVector.fromArray(SPECIES, scratch, 3 * width + LANES);
                c40 = FloatVector.fromArray(SPECIES, scratch, 4 * width);
                c41 = FloatVector.fromArray(SPECIES, scratch, 4 * width + LANES);
                c50 = FloatVector.fromArray(SPECIES, scratch, 5 * width);
                c51 = FloatVector.fromArray(SPECIES, scratch, 5 * width + LANES);
                c60 = FloatVector.fromArray(SPECIES, scratch, 6 * width);
                c61 = FloatVector.fromArray(SPECIES, scratch, 6 * width + LANES);
            }
            for (int s = 0; s < segments; s++) {
                int x0 = xBase + xOffsets[s];
                int x1 = x0 + xStep;
                int x2 = x1 + xStep;
                int x3 = x2 + xStep;
                int x4 = x3 + xStep;
                int x5 = x4 + xStep;
                int x6 = x5 + xStep;
                int wr = wBase + reductionStarts[s] * width;
                int length = lengths[s];
                int r = 0;
                for (; r < length - 1; r += 2, wr += 2 * width) {
                    FloatVector w0 = FloatVector.fromArray(SPECIES, w, wr);
                    FloatVector w1 = FloatVector.fromArray(SPECIES, w, wr + LANES);
                    FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + r]);
                    c00 = a.fma(w0, c00);
                    c01 = a.fma(w1, c01);
                    a = FloatVector.broadcast(SPECIES, x[x1 + r]);
                    c10 = a.fma(w0, c10);
                    c11 = a.fma(w1, c11);
                    a = FloatVector.broadcast(SPECIES, x[x2 + r]);
                    c20 = a.fma(w0, c20);
                    c21 = a.fma(w1, c21);
                    a = FloatVector.broadcast(SPECIES, x[x3 + r]);
                    c30 = a.fma(w0, c30);
                    c31 = a.fma(w1, c31);
                    a = FloatVector.broadcast(SPECIES, x[x4 + r]);
                    c40 = a.fma(w0, c40);
                    c41 = a.fma(w1, c41);
                    a = FloatVector.broadcast(SPECIES, x[x5 + r]);
                    c50 = a.fma(w0, c50);
                    c51 = a.fma(w1, c51);
                    a = FloatVector.broadcast(SPECIES, x[x6 + r]);
                    c60 = a.fma(w0, c60);
                    c61 = a.fma(w1, c61);
                    w0 = FloatVector.fromArray(SPECIES, w, wr + width);
                    w1 = FloatVector.fromArray(SPECIES, w, wr + width + LANES);
                    a = FloatVector.broadcast(SPECIES, x[x0 + r + 1]);
                    c00 = a.fma(w0, c00);
                    c01 = a.fma(w1, c01);
                    a = FloatVector.broadcast(SPECIES, x[x1 + r + 1]);
                    c10 = a.fma(w0, c10);
                    c11 = a.fma(w1, c11);
                    a = FloatVector.broadcast(SPECIES, x[x2 + r + 1]);
                    c20 = a.fma(w0, c20);
                    c21 = a.fma(w1, c21);
                    a = FloatVector.broadcast(SPECIES, x[x3 + r + 1]);
                    c30 = a.fma(w0, c30);
                    c31 = a.fma(w1, c31);
                    a = FloatVector.broadcast(SPECIES, x[x4 + r + 1]);
                    c40 = a.fma(w0, c40);
                    c41 = a.fma(w1, c41);
                    a = FloatVector.broadcast(SPECIES, x[x5 + r + 1]);
                    c50 = a.fma(w0, c50);
                    c51 = a.fma(w1, c51);
                    a = FloatVector.broadcast(SPECIES, x[x6 + r + 1]);
                    c60 = a.fma(w0, c60);
                    c61 = a.fma(w1, c61);
                }
                if (r < length) { // an odd segment's last row
                    FloatVector w0 = FloatVector.fromArray(SPECIES, w, wr);
                    FloatVector w1 = FloatVector.fromArray(SPECIES, w, wr + LANES);
                    FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + r]);
                    c00 = a.fma(w0, c00);
                    c01 = a.fma(w1, c01);
                    a = FloatVector.broadcast(SPECIES, x[x1 + r]);
                    c10 = a.fma(w0, c10);
                    c11 = a.fma(w1, c11);
                    a = FloatVector.broadcast(SPECIES, x[x2 + r]);
                    c20 = a.fma(w0, c20);
                    c21 = a.fma(w1, c21);
                    a = FloatVector.broadcast(SPECIES, x[x3 + r]);
                    c30 = a.fma(w0, c30);
                    c31 = a.fma(w1, c31);
                    a = FloatVector.broadcast(SPECIES, x[x4 + r]);
                    c40 = a.fma(w0, c40);
                    c41 = a.fma(w1, c41);
                    a = FloatVector.broadcast(SPECIES, x[x5 + r]);
                    c50 = a.fma(w0, c50);
                    c51 = a.fma(w1, c51);
                    a = FloatVector.broadcast(SPECIES, x[x6 + r]);
                    c60 = a.fma(w0, c60);
                    c61 = a.fma(w1, c61);
                }
            }
            // a full tile goes straight to the output; a part-empty one (a row's last tile, a group's
            // last channels) through the scratch tile, so that every store is a plain one
            boolean full = rows == TileShape.NARROW_ROWS && channels == width;
            float[] out = full ? y : scratch;
            int o = full ? yBase : 0;
            int step = full ? yStep : width;
            c00.intoArray(out, o);
            c01.intoArray(out, o + LANES);
            c10.intoArray(out, o + step);
            c11.intoArray(out, o + step + LANES);
            c20.intoArray(out, o + 2 * step);
            c21.intoArray(out, o + 2 * step + LANES);
            c30.intoArray(out, o + 3 * step);
            c31.intoArray(out, o + 3 * step + LANES);
            c40.intoArray(out, o + 4 * step);
            c41.intoArray(out, o + 4 * step + LANES);
            c50.intoArray(out, o + 5 * step);
            c51.intoArray(out, o + 5 * step + LANES);
            c60.intoArray(out, o + 6 * step);
            c61.intoArray(out, o + 6 * step + LANES);
            if (!full) {
                copyRows(scratch, width, y, yBase, yStep, rows, channels);
            }
        }
    }

    /** A narrow block of one vector: the last block of a group whose channels are not a multiple of two vectors. */
    private static void tilesOfOneVector(int count, float[] x, int xBase, int xStep, int[] xOffsets,
                                         int[] reductionStarts, int[] lengths, int segments, float[] w, int wBase,
                                         float[] bias, int biasBase, float[] y, int yBase, int yStep, int rows,
                                         int channels, boolean accumulate, float[] scratch) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias, biasBase);
        for (int t = 0; t < count; t++, xBase += TileShape.NARROW_ROWS * xStep, yBase += TileShape.NARROW_ROWS * yStep) {
            FloatVector c0 = b0, c1 = b0, c2 = b0, c3 = b0, c4 = b0, c5 = b0, c6 = b0;
            if (accumulate) {
                copyTile(y, yBase, yStep, rows, channels, scratch, LANES);
                c0 = FloatVector.fromArray(SPECIES, scratch, 0);
                c1 = FloatVector.fromArray(SPECIES, scratch, LANES);
                c2 = FloatVector.fromArray(SPECIES, scratch, 2 * LANES);
                c3 = FloatVector.fromArray(SPECIES, scratch, 3 * LANES);
                c4 = FloatVector.fromArray(SPECIES, scratch, 4 * LANES);
                c5 = FloatVector.fromArray(SPECIES, scratch, 5 * LANES);
                c6 = FloatVector.fromArray(SPECIES, scratch, 6 * LANES);
            }
            for (int s = 0; s < segments; s++) {
                int x0 = xBase + xOffsets[s];
                int x1 = x0 + xStep;
                int x2 = x1 + xStep;
                int x3 = x2 + xStep;
                int x4 = x3 + xStep;
                int x5 = x4 + xStep;
                int x6 = x5 + xStep;
                int wr = wBase + reductionStarts[s] * LANES;
                int length = lengths[s];
                int r = 0;
                for (; r < length - 1; r += 2, wr += 2 * LANES) {
                    FloatVector w0 = FloatVector.fromArray(SPECIES, w, wr);
                    c0 = FloatVector.broadcast(SPECIES, x[x0 + r]).fma(w0, c0);
                    c1 = FloatVector.broadcast(SPECIES, x[x1 + r]).fma(w0, c1);
                    c2 = FloatVector.broadcast(SPECIES, x[x2 + r]).fma(w0, c2);
                    c3 = FloatVector.broadcast(SPECIES, x[x3 + r]).fma(w0, c3);
                    c4 = FloatVector.broadcast(SPECIES, x[x4 + r]).fma(w0, c4);
                    c5 = FloatVector.broadcast(SPECIES, x[x5 + r]).fma(w0, c5);
                    c6 = FloatVector.broadcast(SPECIES, x[x6 + r]).fma(w0, c6);
                    w0 = FloatVector.fromArray(SPECIES, w, wr + LANES);
                    c0 = FloatVector.broadcast(SPECIES, x[x0 + r + 1]).fma(w0, c0);
                    c1 = FloatVector.broadcast(SPECIES, x[x1 + r + 1]).fma(w0, c1);
                    c2 = FloatVector.broadcast(SPECIES, x[x2 + r + 1]).fma(w0, c2);
                    c3 = FloatVector.broadcast(SPECIES, x[x3 + r + 1]).fma(w0, c3);
                    c4 = FloatVector.broadcast(SPECIES, x[x4 + r + 1]).fma(w0, c4);
                    c5 = FloatVector.broadcast(SPECIES, x[x5 + r + 1]).fma(w0, c5);
                    c6 = FloatVector.broadcast(SPECIES, x[x6 + r + 1]).fma(w0, c6);
                }
                if (r < length) { // an odd segment's last row
                    FloatVector w0 = FloatVector.fromArray(SPECIES, w, wr);
                    c0 = FloatVector.broadcast(SPECIES, x[x0 + r]).fma(w0, c0);
                    c1 = FloatVector.broadcast(SPECIES, x[x1 + r]).fma(w0, c1);
                    c2 = FloatVector.broadcast(SPECIES, x[x2 + r]).fma(w0, c2);
                    c3 = FloatVector.broadcast(SPECIES, x[x3 + r]).fma(w0, c3);
                    c4 = FloatVector.broadcast(SPECIES, x[x4 + r]).fma(w0, c4);
                    c5 = FloatVector.broadcast(SPECIES, x[x5 + r]).fma(w0, c5);
                    c6 = FloatVector.broadcast(SPECIES, x[x6 + r]).fma(w0, c6);
                }
            }
            boolean full = rows == TileShape.NARROW_ROWS && channels == LANES;
            float[] out = full ? y : scratch;
            int o = full ? yBase : 0;
            int step = full ? yStep : LANES;
            c0.intoArray(out, o);
            c1.intoArray(out, o + step);
            c2.intoArray(out, o + 2 * step);
            c3.intoArray(out, o + 3 * step);
            c4.intoArray(out, o + 4 * step);
            c5.intoArray(out, o + 5 * step);
            c6.intoArray(out, o + 6 * step);
            if (!full) {
                copyRows(scratch, LANES, y, yBase, yStep, rows, channels);
            }
        }
    }

    /** The first {@code rows} rows and {@code channels} channels of a tile in the output, to scratch. */
    private static void copyTile(float[] y, int yBase, int yStep, int rows, int channels, float[] scratch, int width) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(y, yBase + i * yStep, scratch, i * width, channels);
        }
    }

    /** The first {@code rows} rows and {@code channels} channels of a tile in scratch, to the output. */
    static void copyRows(float[] tile, int width, float[] y, int yBase, int yStep, int rows, int channels) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(tile, i * width, y, yBase + i * yStep, channels);
        }
    }
}
