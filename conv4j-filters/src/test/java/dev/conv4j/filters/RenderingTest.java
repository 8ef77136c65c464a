package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.draw.RasterRenderer;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.signal.Signal;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderingTest {
    @Test
    void toneMaps() {
        float[] v = {-200, -100, 0, 50, 100, 400};
        assertArrayEquals(new float[] {0, 0, 0, 50, 100, 255}, ToneMap.CLAMP.apply(v, 255));
        float[] signed = ToneMap.SIGNED.apply(v, 255);
        assertEquals(128f, signed[2], "0 is mid-grey (127.5 rounds half to even)");
        assertEquals(255f, signed[5], "+max is white");
        assertEquals(Math.rint(127.5 - 127.5 * 200 / 400), signed[0], "one scale for both signs");
        float[] norm = ToneMap.NORMALIZE.apply(v, 65535);
        assertEquals(0f, norm[0]);
        assertEquals(65535f, norm[5]);
        assertArrayEquals(new float[] {0, 0}, ToneMap.NORMALIZE.apply(new float[] {3, 3}, 255), "flat stays black");
        float[] many = new float[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = i % 2 == 0 ? 10 : -10;
        }
        many[7] = -5000;
        assertEquals(10, ToneMap.signedScale(many), "one outlier in 1000 does not set the scale");
        float[] m = ToneMap.SIGNED.apply(many, 255);
        assertEquals(255f, m[0]);
        assertEquals(0f, m[1]);
        assertEquals(0f, m[7], "the outlier saturates");
    }

    /** The bucketed selection picks exactly the element a full sort puts at the percentile's rank. */
    @Test
    void signedScaleIsTheSortedPercentile() {
        java.util.Random random = new java.util.Random(11);
        float[][] special = {{}, {0, 0, 0}, {Float.NaN, Float.POSITIVE_INFINITY}, {-7}, {Float.MIN_VALUE, 0, -Float.MIN_VALUE},
            {Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, Float.NEGATIVE_INFINITY}, {5, 5, 5, 5, -5}};
        for (float[] values : special) {
            assertEquals(sortedPercentile(values), ToneMap.signedScale(values), java.util.Arrays.toString(values));
        }
        for (int trial = 0; trial < 300; trial++) {
            float[] values = new float[1 + random.nextInt(trial < 200 ? 50 : 20_000)];
            int kind = trial % 4;
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (kind) {
                    case 0 -> (float) random.nextGaussian() * 100;
                    case 1 -> random.nextInt(7) - 3;
                    case 2 -> (float) (random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
                    default -> random.nextInt(20) == 0 ? Float.NaN : random.nextInt(50) == 0 ? 1e30f : random.nextFloat();
                };
            }
            assertEquals(sortedPercentile(values), ToneMap.signedScale(values), "trial " + trial);
        }
    }

    private static double sortedPercentile(float[] values) {
        float[] finite = new float[values.length];
        int n = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                finite[n++] = Math.abs(v);
            }
        }
        if (n == 0) {
            return 0;
        }
        java.util.Arrays.sort(finite, 0, n);
        return finite[(int) Math.ceil(0.995 * (n - 1))];
    }

    @Test
    void contactSheetLaysOutTilesAndLabels() {
        ImageData grey = new ImageData(40, 20, 1, 8, new float[800], null);
        float[] white = new float[800];
        java.util.Arrays.fill(white, 255);
        BufferedImage sheet = RasterRenderer.render(ContactSheet.draw(List.of(new ContactSheet.Tile("input", grey),
                new ContactSheet.Tile("white", grey.withSamples(white)), new ContactSheet.Tile("x", grey)), 40, 2), 1);
        assertEquals(8 + 2 * 48, sheet.getWidth());
        assertEquals(8 + 2 * (20 + 24 + 8), sheet.getHeight());
        assertEquals(0x000000, sheet.getRGB(8 + 5, 8 + 5) & 0xffffff, "first tile black");
        assertEquals(0xffffff, sheet.getRGB(8 + 48 + 5, 8 + 5) & 0xffffff, "second tile white");
    }

    @Test
    void signalPlotDrawsEverySeriesInItsColour() {
        int n = 720;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i / 20.0) + (i % 7 == 0 ? 0.5f : 0);
        }
        Signal s = Signal.of(List.of("ecg"), x, 360);
        List<FilterKernel> kernels = Kernels.parseAll(List.of("uniform", "centre-weighted", "edge-weighted"), 1);
        List<float[]> outs = SignalFilter.filter(s, kernels, Filtering.Options.defaults());
        BufferedImage plot = RasterRenderer.render(SignalFilter.plot(s, kernels, outs, 0, n, "test", "mV"), 1);
        assertEquals(1200, plot.getWidth());
        assertEquals(420, plot.getHeight());
        for (int series = 0; series < 4; series++) {
            var colour = LinePlot.colour(series);
            int rgb = colour.red() << 16 | colour.green() << 8 | colour.blue();
            boolean found = false;
            for (int y = 0; y < plot.getHeight() && !found; y++) {
                for (int px = 0; px < plot.getWidth() && !found; px++) {
                    found = (plot.getRGB(px, y) & 0xffffff) == rgb;
                }
            }
            assertTrue(found, "series " + series + " drawn in its colour");
        }
    }

    @Test
    void niceTicks() {
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5, 3}, LinePlot.ticks(-0.1, 3.05, 8), 1e-12);
        assertArrayEquals(new double[] {-1, 0, 1, 2}, LinePlot.ticks(-1.2, 2.3, 6), 1e-12);
    }

    @Test
    void montageSlicesAndShrink() {
        assertArrayEquals(new int[] {25, 51, 77, 103, 129, 155}, Montage.sliceIndices(181, 6));
        assertArrayEquals(new int[] {0, 1}, Montage.sliceIndices(2, 6));
        float[] plane = new float[4 * 6];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = i;
        }
        Montage.Slice s = Montage.shrink(3, plane, 0, 4, 6, 3);
        assertEquals(2, s.height());
        assertEquals(3, s.width());
        assertEquals((0 + 1 + 6 + 7) / 4f, s.values()[0]);
        BufferedImage m = RasterRenderer.render(Montage.draw(List.of(new Montage.Row("in", List.of(s, s))), 60, true), 1);
        assertTrue(m.getWidth() > 120);
        // the 3x2 slice {3.5, 5.5, 7.5; 15.5, 17.5, 19.5} as a 60x40 tile, flipped, grey from 3.5 (black) to 19.5 (white)
        assertEquals(Math.round((15.5 - 3.5) / 16 * 255), m.getRGB(150 + 5, 22 + 5) & 0xff, "second row at the top");
        assertEquals(0, m.getRGB(150 + 5, 22 + 35) & 0xff, "first row at the bottom");
        assertEquals(255, m.getRGB(150 + 55, 22 + 5) & 0xff, "its largest value white");
    }
}
