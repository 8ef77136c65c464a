package dev.conv4j.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.io.image.ImageData;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {
    @Test
    void rgbBecomesGreyByLumaAndIsScaled() {
        ImageData rgb = new ImageData(1, 1, 3, 8, new float[] {255, 0, 100}, null);
        float[] grey = new ImagePreprocessing(1, 1, 1, 1.0 / 255, 0).apply(rgb);
        assertEquals((0.299 * 255 + 0.114 * 100) / 255, grey[0], 1e-6);
    }

    @Test
    void greyBecomesRgbBySixteenBitsAreBroughtToEight() {
        ImageData grey16 = new ImageData(1, 1, 1, 16, new float[] {65535}, null);
        assertArrayEquals(new float[] {255, 255, 255}, new ImagePreprocessing(1, 1, 3, 1, 0).apply(grey16));
    }

    @Test
    void shrinkingByTwoAveragesEachTwoByTwoBlock() {
        float[] in = {0, 4, 8, 12,
                      4, 8, 12, 16,
                      1, 1, 3, 3,
                      1, 1, 3, 3};
        float[] out = ImagePreprocessing.resize(in, 4, 4, 1, 2, 2);
        // a triangle twice as wide around each 2x2 block's centre: weights 1/8, 3/8, 3/8, 1/8 per axis
        assertEquals(weighted(in, 0, 0), out[0], 1e-5);
        assertEquals(weighted(in, 0, 1), out[1], 1e-5);
    }

    @Test
    void aConstantImageStaysConstantAtAnySize() {
        float[] in = new float[7 * 5 * 3];
        java.util.Arrays.fill(in, 42);
        for (float v : ImagePreprocessing.resize(in, 7, 5, 3, 28, 13)) {
            assertEquals(42, v, 1e-4);
        }
        for (float v : ImagePreprocessing.resize(in, 7, 5, 3, 2, 3)) {
            assertEquals(42, v, 1e-4);
        }
    }

    @Test
    void fashionMnistScalingIsBytesOver255() {
        for (int b = 0; b < 256; b++) {
            assertEquals(b / 255f, FashionMnist.PREPROCESSING.value(b));
        }
    }

    /** The expected output at block (by, bx) of a 4x4 image shrunk to 2x2: weights over rows/columns 2b-1 .. 2b+2, cut at the border. */
    private static double weighted(float[] in, int by, int bx) {
        double[] w = {1 / 8.0, 3 / 8.0, 3 / 8.0, 1 / 8.0};
        double acc = 0;
        double total = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int y = 2 * by - 1 + i;
                int x = 2 * bx - 1 + j;
                if (y >= 0 && y < 4 && x >= 0 && x < 4) {
                    acc += w[i] * w[j] * in[y * 4 + x];
                    total += w[i] * w[j];
                }
            }
        }
        return acc / total;
    }
}
