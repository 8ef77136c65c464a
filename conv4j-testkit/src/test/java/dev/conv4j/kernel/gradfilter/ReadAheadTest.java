package dev.conv4j.kernel.gradfilter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.kernel.Vectorization;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading ahead inside the tile's loop: where the cursor points, that a run never reads past its
 * share or its range, and that the tiles reading ahead compute the same tile as those that do not.
 */
class ReadAheadTest {
    private static final int LINE = ReadAhead.LINE_FLOATS;

    @Test
    void theCursorWalksEachRangeByTheStepsShareAndThenRestsOnTheOutputGradient() {
        float[] x = new float[1000];
        float[] dy = new float[1000];
        ReadAhead ahead = new ReadAhead(3);
        ahead.clear();
        long lines = ahead.add(true, 100, 100 + 5 * LINE) + ahead.add(false, 0, 0) + ahead.add(false, 40, 40 + 2 * LINE);
        assertEquals(6 + 3, lines, "an empty range is not noted");
        ahead.spread(lines, 3);  // 9 / 3 + 1 = 4 lines a step

        assertSame(x, ahead.source(x, dy));
        assertEquals(100, ahead.position());
        assertEquals(100 + 3 * LINE, ahead.last(), "the step's share: four lines");
        ahead.advance(10, 0);  // a run of 20 positions could read ten lines; the share is four
        assertEquals(100 + 4 * LINE, ahead.position());
        assertEquals(100 + 5 * LINE - 1, ahead.last(), "the range's last float, not the share's");
        ahead.advance(4, 0);

        assertSame(dy, ahead.source(x, dy), "the next range, in the output gradient");
        assertEquals(40, ahead.position());
        ahead.advance(4, 0);
        assertSame(dy, ahead.source(x, dy));
        assertEquals(0, ahead.position(), "everything read: the cursor rests on the output gradient's first float");
        assertEquals(0, ahead.last());
    }

    @Test
    void theTilesReadingAheadComputeTheSameTileAndReadOnlyTheirLines() {
        assumeTrue(GradTiles.scalar().maxVectors() == 4, "no four-vector tiles with vectors narrower than 512 bits");
        Random random = new Random(5);
        int lanes = GradTiles.scalar().lanes();
        int width = 4 * lanes;
        int length = 13;
        int xStep = GradTile.ROWS + 3;
        float[] x = new float[length * xStep];
        float[] dy = new float[length * width + 7];
        float[] ahead = new float[5 * LINE + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < ahead.length; i++) {
            ahead[i] = i;
        }
        int from = 3;
        int last = from + 2 * LINE + 5;
        // seven lines for 13 positions, clamped to the third line's float at the end of the share
        float expected = 0;
        for (int k = 0; k < GradTile.aheadLines(length, 4); k++) {
            expected += Math.min(from + k * LINE, last);
        }
        for (GradTile tile : Vectorization.enabled()
                ? new GradTile[] {GradTiles.scalar(), GradTiles.simd()} : new GradTile[] {GradTiles.scalar()}) {
            float[] plain = new float[tile.tileLength()];
            float[] reading = new float[tile.tileLength()];
            tile.accumulate(x, 2, xStep, dy, 7, width, length, 4, plain, true);
            float read = tile.accumulateReadingAhead(x, 2, xStep, dy, 7, width, length, 4, reading, true, ahead, from,
                    last);
            assertArrayEquals(plain, reading, tile.variant());
            assertEquals(expected, read, tile.variant());
            assertThrows(IllegalArgumentException.class, () -> tile.accumulateReadingAhead(x, 2, xStep, dy, 7, width,
                    length, 2, reading, true, ahead, from, last), "narrow tiles read ahead after the tile, not in it");
        }
    }

    @Test
    void theTwinsAgreeBitForBitWhenReadingAhead() {
        assumeTrue(Vectorization.enabled(), Vectorization.reason());
        assumeTrue(GradTiles.simd().maxVectors() == 4, "no four-vector tiles with vectors narrower than 512 bits");
        Random random = new Random(8);
        int width = 4 * GradTiles.simd().lanes();
        int length = 40;
        float[] x = new float[length * 64];
        float[] dy = new float[length * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) random.nextGaussian();
        }
        float[] simd = new float[GradTiles.simd().tileLength()];
        float[] scalar = new float[GradTiles.scalar().tileLength()];
        for (int run = 0; run < 3; run++) {
            int xBase = run * 6;
            GradTiles.simd().accumulateReadingAhead(x, xBase, 64, dy, 0, width, length - run, 4, simd, run == 0, dy,
                    run * LINE, dy.length - 1);
            GradTiles.scalar().accumulateReadingAhead(x, xBase, 64, dy, 0, width, length - run, 4, scalar, run == 0,
                    dy, run * LINE, dy.length - 1);
        }
        assertArrayEquals(scalar, simd);
    }
}
