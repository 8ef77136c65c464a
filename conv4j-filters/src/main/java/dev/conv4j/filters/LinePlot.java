package dev.conv4j.filters;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.draw.Rgb;
import dev.conv4j.draw.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line plots as a {@link Drawing}: one or more panels stacked vertically, each with labelled axes,
 * "nice" ticks, a grid and a legend. Where a series has more points than the panel has pixels,
 * each pixel column shows the range (min to max) of its points, so spikes are not lost.
 */
public final class LinePlot {
    /**
     * A grey for the input, then Okabe and Ito's colours, which stay apart for the common kinds of
     * colour blindness.
     */
    private static final List<Rgb> PALETTE = List.of(
            Rgb.hex("#444444"), Rgb.hex("#0072b2"), Rgb.hex("#e69f00"), Rgb.hex("#009e73"),
            Rgb.hex("#d55e00"), Rgb.hex("#cc79a7"), Rgb.hex("#56b4e9"), Rgb.hex("#f0e442"));
    private static final Rgb BLACK = Rgb.hex("#000000");
    private static final Rgb DARK_GREY = Rgb.hex("#404040");
    private static final Rgb GRID = Rgb.hex("#e6e6e6");
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    /** Room for the title and, under it, the legend: the legend never covers the data. */
    private static final int TOP = 58;
    private static final int BOTTOM = 52;

    private LinePlot() {
    }

    /** One line: its legend name and y values (x values are the panel's). */
    public record Series(String name, float[] y) {
    }

    /** One panel: title, axis labels, shared x values and its lines. */
    public record Panel(String title, String xLabel, String yLabel, double[] x, List<Series> series) {
    }

    /** The colour of the {@code series}-th line of a panel. */
    public static Rgb colour(int series) {
        return PALETTE.get(series % PALETTE.size());
    }

    /** The panels stacked, {@code width} by {@code panels.size() * panelHeight} pixels. */
    public static Drawing draw(List<Panel> panels, int width, int panelHeight) {
        String title = String.join(", ", panels.stream().map(Panel::title).toList());
        Drawing.Builder out = Drawing.builder(title).size(width, panels.size() * panelHeight);
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(out, panels.get(i), i * panelHeight, width, panelHeight);
        }
        return out.build();
    }

    private static void drawPanel(Drawing.Builder out, Panel p, int oy, int width, int height) {
        int x0 = LEFT;
        int x1 = width - RIGHT;
        int y0 = oy + TOP;
        int y1 = oy + height - BOTTOM;
        double xmin = p.x()[0];
        double xmax = p.x()[p.x().length - 1];
        if (xmax <= xmin) {
            xmax = xmin + 1;
        }
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : p.series()) {
            for (float v : s.y()) {
                if (Float.isFinite(v)) {
                    ymin = Math.min(ymin, v);
                    ymax = Math.max(ymax, v);
                }
            }
        }
        if (!(ymax > ymin)) {
            ymin = Double.isFinite(ymin) ? ymin - 1 : -1;
            ymax = ymin + 2;
        }
        double pad = (ymax - ymin) * 0.05;
        ymin -= pad;
        ymax += pad;
        for (double t : ticks(xmin, xmax, 8)) {
            double px = Math.round(x0 + (t - xmin) / (xmax - xmin) * (x1 - x0));
            out.add(new Mark.Line(px, y0, px, y1, GRID, 1, false));
            out.add(new Mark.Line(px, y1, px, y1 + 5, DARK_GREY, 1, false));
            out.add(text(px, y1 + 19, label(t, xmax - xmin), 12, Mark.Anchor.MIDDLE, false, DARK_GREY));
        }
        for (double t : ticks(ymin, ymax, 6)) {
            double py = Math.round(y1 - (t - ymin) / (ymax - ymin) * (y1 - y0));
            out.add(new Mark.Line(x0, py, x1, py, GRID, 1, false));
            out.add(new Mark.Line(x0 - 5, py, x0, py, DARK_GREY, 1, false));
            out.add(text(x0 - 8, py + 4, label(t, ymax - ymin), 12, Mark.Anchor.END, false, DARK_GREY));
        }
        out.add(new Mark.Rect(x0, y0, x1 - x0, y1 - y0, Style.outlined(DARK_GREY, 1), Attributes.NONE));
        out.add(text((x0 + x1) / 2.0, oy + 24, p.title(), 15, Mark.Anchor.MIDDLE, true, BLACK));
        out.add(text((x0 + x1) / 2.0, y1 + 42, p.xLabel(), 13, Mark.Anchor.MIDDLE, false, BLACK));
        out.add(new Mark.Text(22, (y0 + y1) / 2.0, p.yLabel(), 13, Mark.Anchor.MIDDLE, false, BLACK, true,
                Attributes.NONE));
        // the y range has a margin of 5 % above and below every finite value, so lines stay inside the frame
        for (int i = 0; i < p.series().size(); i++) {
            for (List<Mark.Point> run : series(p.x(), p.series().get(i).y(), xmin, xmax, ymin, ymax, x0, x1, y0, y1)) {
                out.add(new Mark.Polyline(run, colour(i), strokeWidth(i), Attributes.NONE));
            }
        }
        legend(out, p, x0, oy + 44);
    }

    private static Mark.Text text(double x, double y, String text, double size, Mark.Anchor anchor, boolean bold,
                                  Rgb colour) {
        return new Mark.Text(x, y, text, size, anchor, bold, colour, Attributes.NONE);
    }

    /**
     * The input thin; outputs from wide to narrow in drawing order, so where filtered signals
     * coincide (smoothers of one width nearly do) the ones drawn first still show around the later.
     */
    private static double strokeWidth(int series) {
        return series == 0 ? 1.2 : Math.max(1.4, 5.6 - 2.0 * (series - 1));
    }

    /** A series as runs of points in pixels: broken at non-finite values, or one envelope per pixel column. */
    private static List<List<Mark.Point>> series(double[] x, float[] y, double xmin, double xmax, double ymin,
                                                 double ymax, int x0, int x1, int y0, int y1) {
        double sx = (x1 - x0) / (xmax - xmin);
        double sy = (y1 - y0) / (ymax - ymin);
        List<List<Mark.Point>> runs = new ArrayList<>();
        List<Mark.Point> run = new ArrayList<>();
        if (y.length > 2 * (x1 - x0)) {
            // envelope: one vertical segment per pixel column, joined to the next
            int columns = x1 - x0;
            int i = 0;
            for (int col = 0; col < columns && i < y.length; col++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                double limit = xmin + (col + 1) / sx;
                while (i < y.length && (x[i] < limit || col == columns - 1)) {
                    if (Float.isFinite(y[i])) {
                        lo = Math.min(lo, y[i]);
                        hi = Math.max(hi, y[i]);
                    }
                    i++;
                }
                if (lo > hi) {
                    continue;
                }
                double px = x0 + col + 0.5;
                run.add(new Mark.Point(px, y1 - (lo - ymin) * sy));
                run.add(new Mark.Point(px, y1 - (hi - ymin) * sy));
            }
        } else {
            for (int i = 0; i < y.length; i++) {
                if (!Float.isFinite(y[i])) {
                    if (!run.isEmpty()) {
                        runs.add(run);
                        run = new ArrayList<>();
                    }
                    continue;
                }
                run.add(new Mark.Point(x0 + (x[i] - xmin) * sx, y1 - (y[i] - ymin) * sy));
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /** One row of entries from {@code x} at baseline {@code y}, above the frame. */
    private static void legend(Drawing.Builder out, Panel p, int x, int y) {
        double at = x;
        for (int i = 0; i < p.series().size(); i++) {
            out.add(new Mark.Line(at, y - 4, at + 22, y - 4, colour(i), Math.max(2.5, strokeWidth(i)), false));
            Mark.Text name = text(at + 28, y, p.series().get(i).name(), 12, Mark.Anchor.START, false, BLACK);
            out.add(name);
            at += 28 + name.estimatedWidth() + 16;
        }
    }

    /** About {@code target} round-numbered ticks (1, 2 or 5 times a power of ten) within [lo, hi]. */
    static double[] ticks(double lo, double hi, int target) {
        double raw = (hi - lo) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double first = Math.ceil(lo / step) * step;
        int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(0, n)];
        for (int i = 0; i < t.length; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    private static String label(double v, double range) {
        if (Math.abs(v) < range * 1e-9) {
            v = 0;
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}
