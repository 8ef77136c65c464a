package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.draw.RasterRenderer;
import dev.conv4j.draw.Rgb;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinePlotTest {
    private static long pixelsOf(BufferedImage image, Rgb colour, int x0, int y0, int x1, int y1) {
        int rgb = colour.red() << 16 | colour.green() << 8 | colour.blue();
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void equalSeriesAllShowAndTheLegendLeavesTheDataFree() {
        int n = 400;
        double[] x = new double[n];
        float[] input = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            input[i] = i > n - 20 ? 10 : 0; // a spike at the top right, where a legend inside the frame would sit
        }
        float[] same = input.clone();
        BufferedImage image = RasterRenderer.render(LinePlot.draw(List.of(new LinePlot.Panel("t", "x", "y", x, List.of(
                new LinePlot.Series("input", input), new LinePlot.Series("first", same),
                new LinePlot.Series("second", same.clone()), new LinePlot.Series("third", same.clone())))), 800, 400), 1);
        // all three outputs are the same line: the first is still seen beside the later ones (inside the frame)
        assertTrue(pixelsOf(image, LinePlot.colour(1), 80, 60, 776, 348) > 300, "the first output shows");
        // the top right of the frame, where the spike is, holds the lines, not a legend box
        assertTrue(pixelsOf(image, LinePlot.colour(3), 700, 60, 776, 120) > 20, "the spike is visible");
    }
}
