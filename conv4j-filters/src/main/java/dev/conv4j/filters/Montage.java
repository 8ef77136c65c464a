package dev.conv4j.filters;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Slices of volumes in a grid: one row per volume (the input, then each filter's output), one
 * column per slice. Each row has its own grey scale, from its 0.5th to its 99.5th percentile, so
 * that a derivative and a blur are both visible.
 */
public final class Montage {
    private static final int GAP = 4;
    private static final int LABEL_W = 150;
    private static final int HEADER = 22;

    private Montage() {
    }

    /** A 2D slice {@code [height, width]} in C order. */
    public record Slice(int index, int height, int width, float[] values) {
    }

    /** A row of slices of one volume and its label. */
    public record Row(String label, List<Slice> slices) {
    }

    /** The {@code count} slice indices spread evenly over {@code depth} (ends excluded). */
    public static int[] sliceIndices(int depth, int count) {
        int n = Math.min(count, depth);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) Math.floor((i + 1) * (double) depth / (n + 1));
        }
        return idx;
    }

    /**
     * A slice scaled down (box average, never up) so that neither side exceeds {@code maxSide}:
     * what a montage keeps of a large plane.
     */
    public static Slice shrink(int index, float[] plane, int offset, int height, int width, int maxSide) {
        int f = Math.max(1, (int) Math.ceil(Math.max(height, width) / (double) maxSide));
        int h = (height + f - 1) / f;
        int w = (width + f - 1) / f;
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int n = 0;
                for (int dy = 0; dy < f && y * f + dy < height; dy++) {
                    for (int dx = 0; dx < f && x * f + dx < width; dx++) {
                        s += plane[offset + (y * f + dy) * width + x * f + dx];
                        n++;
                    }
                }
                out[y * w + x] = (float) (s / n);
            }
        }
        return new Slice(index, h, w, out);
    }

    /**
     * Draws the rows; tiles are {@code tileSize} pixels on their longer side. {@code flipRows}
     * draws each slice upside down (NIfTI's y axis points up, anterior at the top).
     */
    public static BufferedImage render(List<Row> rows, int tileSize, boolean flipRows) {
        Slice first = rows.getFirst().slices().getFirst();
        double scale = (double) tileSize / Math.max(first.height(), first.width());
        int tw = (int) Math.round(first.width() * scale);
        int th = (int) Math.round(first.height() * scale);
        int cols = rows.stream().mapToInt(r -> r.slices().size()).max().orElse(1);
        int width = LABEL_W + cols * (tw + GAP) + GAP;
        int height = HEADER + rows.size() * (th + GAP) + GAP;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Java2dText.prepare(image.createGraphics());
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int c = 0; c < rows.getFirst().slices().size(); c++) {
            Java2dText.text(g, "z = " + rows.getFirst().slices().get(c).index(), LABEL_W + c * (tw + GAP) + tw / 2.0, 16,
                    0.5, Color.DARK_GRAY, Java2dText.font(12, false));
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            float[] range = percentiles(row.slices());
            int y = HEADER + r * (th + GAP);
            Java2dText.text(g, row.label(), 8, y + th / 2.0 + 5, 0, Color.BLACK, Java2dText.font(13, false));
            for (int c = 0; c < row.slices().size(); c++) {
                BufferedImage tile = grey(row.slices().get(c), range[0], range[1], flipRows);
                g.drawImage(tile, LABEL_W + c * (tw + GAP), y, tw, th, null);
            }
        }
        g.dispose();
        return image;
    }

    private static float[] percentiles(List<Slice> slices) {
        int n = slices.stream().mapToInt(s -> s.values().length).sum();
        float[] all = new float[n];
        int at = 0;
        for (Slice s : slices) {
            System.arraycopy(s.values(), 0, all, at, s.values().length);
            at += s.values().length;
        }
        Arrays.sort(all);
        float lo = all[(int) (0.005 * (n - 1))];
        float hi = all[(int) Math.ceil(0.995 * (n - 1))];
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        return new float[] {lo, hi};
    }

    private static BufferedImage grey(Slice s, float lo, float hi, boolean flip) {
        BufferedImage img = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < s.height(); y++) {
            int row = flip ? s.height() - 1 - y : y;
            for (int x = 0; x < s.width(); x++) {
                float v = s.values()[row * s.width() + x];
                int b = (int) Math.max(0, Math.min(255, Math.rint((v - lo) / (hi - lo) * 255)));
                img.setRGB(x, y, b << 16 | b << 8 | b);
            }
        }
        return img;
    }
}
