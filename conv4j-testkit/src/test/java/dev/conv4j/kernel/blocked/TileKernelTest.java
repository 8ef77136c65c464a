package dev.conv4j.kernel.blocked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.Vectorization;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The micro-kernel itself: every tile shape against its scalar twin bit for bit, on random
 * segments of odd and even lengths, runs of tiles, part-empty tiles and blocks; and which shape
 * a problem gets.
 */
class TileKernelTest {
    @Test
    void everyShapeMatchesTheScalarTwinBitForBit() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        TileKernel simd = TileKernels.simd();
        TileKernel scalar = TileKernels.scalar();
        int lanes = simd.lanes();
        assertEquals(lanes, scalar.lanes());
        Random random = new Random(7);
        int[][] shapes = SimdTileKernel.INSTANCE.wide()
                ? new int[][] {{TileShape.WIDE_ROWS, 4}, {TileShape.NARROW_ROWS, 2}, {TileShape.NARROW_ROWS, 1}}
                : new int[][] {{TileShape.NARROW_ROWS, 2}, {TileShape.NARROW_ROWS, 1}};
        for (int[] shape : shapes) {
            int tileRows = shape[0];
            int vectors = shape[1];
            int width = vectors * lanes;
            for (int trial = 0; trial < 40; trial++) {
                int count = 1 + random.nextInt(3);
                int segments = random.nextInt(4);
                int xStep = 1 + random.nextInt(9);
                int[] offsets = new int[segments];
                int[] starts = new int[segments];
                int[] lengths = new int[segments];
                int reduction = 0;
                int span = 0;
                for (int s = 0; s < segments; s++) {
                    offsets[s] = random.nextInt(40);
                    starts[s] = reduction;
                    // odd and even lengths: the narrow tiles take reduction rows in pairs, a last odd one alone
                    lengths[s] = 2 + 2 * random.nextInt(15) - (trial + s) % 2;
                    reduction += lengths[s];
                    span = Math.max(span, offsets[s] + lengths[s]);
                }
                int xBase = random.nextInt(5);
                float[] x = values(random, xBase + (count * tileRows - 1) * xStep + span + 1);
                int wBase = random.nextInt(5);
                float[] w = values(random, wBase + reduction * width);
                int biasBase = random.nextInt(5);
                float[] bias = values(random, biasBase + width);
                int rows = 1 + random.nextInt(tileRows);
                int channels = 1 + random.nextInt(width);
                int yStep = width + random.nextInt(4);
                int yBase = random.nextInt(5);
                // continuing a reduction, the output holds the partial sums to start from
                boolean accumulate = random.nextBoolean();
                float[] fromSimd = accumulate ? values(random, yBase + count * tileRows * yStep + width)
                        : new float[yBase + count * tileRows * yStep + width];
                float[] fromScalar = fromSimd.clone();
                simd.tiles(count, tileRows, x, xBase, xStep, offsets, starts, lengths, segments, w, wBase, vectors, bias,
                        biasBase, fromSimd, yBase, yStep, rows, channels, accumulate, new float[tileRows * width]);
                scalar.tiles(count, tileRows, x, xBase, xStep, offsets, starts, lengths, segments, w, wBase, vectors, bias,
                        biasBase, fromScalar, yBase, yStep, rows, channels, accumulate, new float[tileRows * width]);
                assertArrayEquals(fromScalar, fromSimd, tileRows + "x" + vectors + " accumulate=" + accumulate
                        + " trial " + trial);
            }
        }
    }

    @Test
    void theSimdKernelRejectsATileItHasNoCodeFor() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        float[] none = new float[0];
        int[] noSegments = new int[0];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileKernels.simd().tiles(1, 5,
                none, 0, 1, noSegments, noSegments, noSegments, 0, none, 0, 4, none, 0, none, 0, 1, 1, 1, false, none));
        assertEquals("no tile of 5 positions x 4 vectors", e.getMessage());
    }

    @Test
    void wideTilesOnlyForWholeBlocksOfFourVectorsWhoseWeightsFitTheBudget() {
        int lanes = 16;
        // a 7x7x3 stem to 64 channels: 147 rows x 64 floats = 37632 bytes
        assertEquals(new TileShape(6, 4, lanes), TileShape.of(64, 147, lanes, true));
        assertEquals(new TileShape(6, 4, lanes), TileShape.of(128, 64, lanes, true));
        assertEquals(new TileShape(6, 4, lanes), TileShape.of(60, 64, lanes, true));
        // 100 channels are seven vectors, 32 are two
        assertEquals(new TileShape(7, 2, lanes), TileShape.of(100, 64, lanes, true));
        assertEquals(new TileShape(7, 2, lanes), TileShape.of(32, 64, lanes, true));
        // a 1x1 over 256 channels: 64 KiB of weights per wide block
        assertEquals(new TileShape(7, 2, lanes), TileShape.of(64, 256, lanes, true));
        assertEquals(new TileShape(7, 2, lanes), TileShape.of(64, 147, lanes, false));
        assertEquals(6 * 4 * lanes, TileShape.of(64, 147, lanes, true).tileLength());
    }

    @Test
    void aReductionCutInTwoGivesTheBitsOfOneCall() {
        List<TileKernel> kernels = Vectorization.enabled()
                ? List.of(TileKernels.simd(), TileKernels.scalar()) : List.of(TileKernels.scalar());
        Random random = new Random(11);
        for (TileKernel kernel : kernels) {
            int lanes = kernel.lanes();
            for (TileShape shape : List.of(new TileShape(TileShape.WIDE_ROWS, 4, lanes),
                    new TileShape(TileShape.NARROW_ROWS, 2, lanes), new TileShape(TileShape.NARROW_ROWS, 1, lanes))) {
                if (shape.maxVectors() == 4 && kernel.shape(4 * lanes, 1).maxVectors() != 4) {
                    continue;
                }
                int vectors = shape.maxVectors();
                int width = vectors * lanes;
                int tileRows = shape.rows();
                for (int trial = 0; trial < 20; trial++) {
                    // two segments of a row apart, the cut anywhere in them (even at their ends)
                    int length = 1 + random.nextInt(40);
                    int xStep = 2 * length + random.nextInt(3);
                    int[] offsets = {0, length};
                    int[] starts = {0, length};
                    int[] lengths = {length, length};
                    int cut = random.nextInt(2 * length + 1);
                    int count = 1 + random.nextInt(2);
                    int rows = 1 + random.nextInt(tileRows);
                    int channels = 1 + random.nextInt(width);
                    float[] x = values(random, count * tileRows * xStep + 2 * length);
                    float[] w = values(random, 2 * length * width);
                    float[] bias = values(random, width);
                    float[] whole = new float[count * tileRows * width];
                    float[] chunked = whole.clone();
                    kernel.tiles(count, tileRows, x, 0, xStep, offsets, starts, lengths, 2, w, 0, vectors, bias, 0,
                            whole, 0, width, rows, channels, false, new float[shape.tileLength()]);
                    // the first chunk: rows [0, cut); the second: [cut, 2 * length)
                    int[][] first = cutSegments(offsets, starts, lengths, 0, cut);
                    int[][] second = cutSegments(offsets, starts, lengths, cut, 2 * length);
                    kernel.tiles(count, tileRows, x, 0, xStep, first[0], first[1], first[2], first[0].length, w, 0,
                            vectors, bias, 0, chunked, 0, width, rows, channels, false, new float[shape.tileLength()]);
                    kernel.tiles(count, tileRows, x, 0, xStep, second[0], second[1], second[2], second[0].length, w, 0,
                            vectors, bias, 0, chunked, 0, width, rows, channels, true, new float[shape.tileLength()]);
                    assertArrayEquals(whole, chunked, kernel.variant() + " " + shape + " cut " + cut + " trial " + trial);
                }
            }
        }
    }

    /** The parts of segments that lie in reduction rows {@code [from, to)}: offsets, starts and lengths. */
    private static int[][] cutSegments(int[] offsets, int[] starts, int[] lengths, int from, int to) {
        List<int[]> parts = new ArrayList<>();
        for (int s = 0; s < offsets.length; s++) {
            int lo = Math.max(from, starts[s]);
            int hi = Math.min(to, starts[s] + lengths[s]);
            if (lo < hi) {
                parts.add(new int[] {offsets[s] + lo - starts[s], lo, hi - lo});
            }
        }
        int[][] cut = new int[3][parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            for (int k = 0; k < 3; k++) {
                cut[k][i] = parts.get(i)[k];
            }
        }
        return cut;
    }

    @Test
    void longReductionsAreCutIntoEvenChunksWhoseWeightsFitTheBudget() {
        int lanes = 16;
        TileShape wide = new TileShape(TileShape.WIDE_ROWS, TileShape.WIDE_VECTORS, lanes);
        // a wide block holds 160 rows within 40 KiB
        assertEquals(128, wide.chunkRows(256));
        assertEquals(100, wide.chunkRows(100));
        assertEquals(160, wide.chunkRows(160));
        assertEquals(81, wide.chunkRows(161));
        assertEquals(150, wide.chunkRows(300));
        // a 3x3x3 layer over 64 channels: 11 chunks, the last 148 rows
        assertEquals(158, wide.chunkRows(1728));
        // a narrow block of two vectors holds 320 rows
        assertEquals(256, new TileShape(TileShape.NARROW_ROWS, 2, lanes).chunkRows(256));
        assertEquals(300, new TileShape(TileShape.NARROW_ROWS, 2, lanes).chunkRows(900));
        assertEquals(1, wide.chunkRows(1));
    }

    private static float[] values(Random random, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }
}
