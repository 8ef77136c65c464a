package dev.conv4j.filters;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.draw.Rgb;
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
        int factor = Math.max(1, (int) Math.ceil(Math.max(height, width) / (double) maxSide));
        return new Slice(index, BoxAverage.shrunk(height, factor), BoxAverage.shrunk(width, factor),
                BoxAverage.shrink(plane, offset, height, width, 1, factor));
    }

    /**
     * The rows as a drawing; tiles are {@code tileSize} pixels on their longer side, each voxel a
     * sharp square. {@code flipRows} draws each slice upside down (NIfTI's y axis points up,
     * anterior at the top).
     */
    public static Drawing draw(List<Row> rows, int tileSize, boolean flipRows) {
        Slice first = rows.getFirst().slices().getFirst();
        double scale = (double) tileSize / Math.max(first.height(), first.width());
        int tw = (int) Math.round(first.width() * scale);
        int th = (int) Math.round(first.height() * scale);
        int cols = rows.stream().mapToInt(r -> r.slices().size()).max().orElse(1);
        int width = LABEL_W + cols * (tw + GAP) + GAP;
        int height = HEADER + rows.size() * (th + GAP) + GAP;
        Drawing.Builder out = Drawing.builder(rows.stream().map(Row::label).toList().toString()).size(width, height);
        for (int c = 0; c < rows.getFirst().slices().size(); c++) {
            out.add(new Mark.Text(LABEL_W + c * (tw + GAP) + tw / 2.0, 16, "z = " + rows.getFirst().slices().get(c).index(),
                    12, Mark.Anchor.MIDDLE, false, Rgb.hex("#404040"), Attributes.NONE));
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            float[] range = percentiles(row.slices());
            int y = HEADER + r * (th + GAP);
            out.add(new Mark.Text(8, y + th / 2.0 + 5, row.label(), 13, Mark.Anchor.START, false, Rgb.hex("#000000"),
                    Attributes.NONE));
            for (int c = 0; c < row.slices().size(); c++) {
                Slice slice = row.slices().get(c);
                out.add(new Mark.Pixels(LABEL_W + c * (tw + GAP), y, tw, th, slice.width(), slice.height(),
                        grey(slice, range[0], range[1], flipRows), Attributes.NONE));
            }
        }
        return out.build();
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

    private static int[] grey(Slice s, float lo, float hi, boolean flip) {
        int[] rgb = new int[s.height() * s.width()];
        for (int y = 0; y < s.height(); y++) {
            int row = flip ? s.height() - 1 - y : y;
            for (int x = 0; x < s.width(); x++) {
                float v = s.values()[row * s.width() + x];
                int b = (int) Math.max(0, Math.min(255, Math.rint((v - lo) / (hi - lo) * 255)));
                rgb[y * s.width() + x] = b << 16 | b << 8 | b;
            }
        }
        return rgb;
    }
}
