package dev.conv4j.kernel.blocked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.Vectorization;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The micro-kernel itself: every tile shape against its scalar twin bit for bit, on random
 * segments, runs of tiles, part-empty tiles and blocks; and which shape a problem gets.
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
                    lengths[s] = 1 + random.nextInt(30);
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
                float[] fromSimd = new float[yBase + count * tileRows * yStep + width];
                float[] fromScalar = fromSimd.clone();
                simd.tiles(count, tileRows, x, xBase, xStep, offsets, starts, lengths, segments, w, wBase, vectors, bias,
                        biasBase, fromSimd, yBase, yStep, rows, channels, new float[tileRows * width]);
                scalar.tiles(count, tileRows, x, xBase, xStep, offsets, starts, lengths, segments, w, wBase, vectors, bias,
                        biasBase, fromScalar, yBase, yStep, rows, channels, new float[tileRows * width]);
                assertArrayEquals(fromScalar, fromSimd, tileRows + "x" + vectors + " trial " + trial);
            }
        }
    }

    @Test
    void theSimdKernelRejectsATileItHasNoCodeFor() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        float[] none = new float[0];
        int[] noSegments = new int[0];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileKernels.simd().tiles(1, 5,
                none, 0, 1, noSegments, noSegments, noSegments, 0, none, 0, 4, none, 0, none, 0, 1, 1, 1, none));
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

    private static float[] values(Random random, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }
}
