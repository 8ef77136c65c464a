package dev.conv4j.filters;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Line plots drawn with Java2D: one or more panels stacked vertically, each with labelled axes,
 * "nice" ticks, a grid and a legend. Where a series has more points than the panel has pixels,
 * each pixel column shows the range (min to max) of its points, so spikes are not lost.
 */
public final class LinePlot {
    /**
     * A grey for the input, then Okabe and Ito's colours, which stay apart for the common kinds of
     * colour blindness.
     */
    public static final Color[] PALETTE = {
        new Color(0x44, 0x44, 0x44), new Color(0x00, 0x72, 0xb2), new Color(0xe6, 0x9f, 0x00),
        new Color(0x00, 0x9e, 0x73), new Color(0xd5, 0x5e, 0x00), new Color(0xcc, 0x79, 0xa7),
        new Color(0x56, 0xb4, 0xe9), new Color(0xf0, 0xe4, 0x42),
    };
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

    public static BufferedImage render(List<Panel> panels, int width, int panelHeight) {
        int height = panels.size() * panelHeight;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Java2dText.prepare(image.createGraphics());
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(g, panels.get(i), 0, i * panelHeight, width, panelHeight);
        }
        g.dispose();
        return image;
    }

    private static void drawPanel(Graphics2D g, Panel p, int ox, int oy, int width, int height) {
        int x0 = ox + LEFT;
        int x1 = ox + width - RIGHT;
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
        Font tickFont = Java2dText.font(12, false);
        // grid and ticks
        g.setStroke(new BasicStroke(1f));
        for (double t : ticks(xmin, xmax, 8)) {
            double px = x0 + (t - xmin) / (xmax - xmin) * (x1 - x0);
            g.setColor(new Color(0xe6, 0xe6, 0xe6));
            g.drawLine((int) Math.round(px), y0, (int) Math.round(px), y1);
            g.setColor(Color.DARK_GRAY);
            g.drawLine((int) Math.round(px), y1, (int) Math.round(px), y1 + 5);
            Java2dText.text(g, label(t, xmax - xmin), px, y1 + 19, 0.5, Color.DARK_GRAY, tickFont);
        }
        for (double t : ticks(ymin, ymax, 6)) {
            double py = y1 - (t - ymin) / (ymax - ymin) * (y1 - y0);
            g.setColor(new Color(0xe6, 0xe6, 0xe6));
            g.drawLine(x0, (int) Math.round(py), x1, (int) Math.round(py));
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x0 - 5, (int) Math.round(py), x0, (int) Math.round(py));
            Java2dText.text(g, label(t, ymax - ymin), x0 - 8, py + 4, 1, Color.DARK_GRAY, tickFont);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x0, y0, x1 - x0, y1 - y0);
        Java2dText.text(g, p.title(), (x0 + x1) / 2.0, oy + 24, 0.5, Color.BLACK, Java2dText.font(15, true));
        Java2dText.text(g, p.xLabel(), (x0 + x1) / 2.0, y1 + 42, 0.5, Color.BLACK, Java2dText.font(13, false));
        Java2dText.verticalText(g, p.yLabel(), ox + 18, (y0 + y1) / 2.0, Color.BLACK, Java2dText.font(13, false));
        // lines, clipped to the frame
        g.setClip(x0 + 1, y0 + 1, x1 - x0 - 1, y1 - y0 - 1);
        for (int i = 0; i < p.series().size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(strokeWidth(i)));
            drawSeries(g, p.x(), p.series().get(i).y(), xmin, xmax, ymin, ymax, x0, x1, y0, y1);
        }
        g.setClip(null);
        drawLegend(g, p, x0, oy + 44);
    }

    /**
     * The input thin; outputs from wide to narrow in drawing order, so where filtered signals
     * coincide (smoothers of one width nearly do) the ones drawn first still show around the later.
     */
    private static float strokeWidth(int series) {
        return series == 0 ? 1.2f : Math.max(1.4f, 5.6f - 2.0f * (series - 1));
    }

    private static void drawSeries(Graphics2D g, double[] x, float[] y, double xmin, double xmax, double ymin,
                                   double ymax, int x0, int x1, int y0, int y1) {
        double sx = (x1 - x0) / (xmax - xmin);
        double sy = (y1 - y0) / (ymax - ymin);
        if (y.length > 2 * (x1 - x0)) {
            // envelope: one vertical segment per pixel column, joined to the next
            int columns = x1 - x0;
            Path2D.Double path = new Path2D.Double();
            int i = 0;
            double lastMid = Double.NaN;
            for (int col = 0; col < columns && i < y.length; col++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                double limit = xmin + (col + 1) / sx;
                while (i < y.length && (x[i] < limit || col == columns - 1)) {
                    lo = Math.min(lo, y[i]);
                    hi = Math.max(hi, y[i]);
                    i++;
                }
                if (lo > hi) {
                    continue;
                }
                double px = x0 + col + 0.5;
                double pyLo = y1 - (lo - ymin) * sy;
                double pyHi = y1 - (hi - ymin) * sy;
                if (Double.isNaN(lastMid)) {
                    path.moveTo(px, pyLo);
                } else {
                    path.lineTo(px, pyLo);
                }
                path.lineTo(px, pyHi);
                lastMid = pyHi;
            }
            g.draw(path);
            return;
        }
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) {
                started = false;
                continue;
            }
            double px = x0 + (x[i] - xmin) * sx;
            double py = y1 - (y[i] - ymin) * sy;
            if (started) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                started = true;
            }
        }
        g.draw(path);
    }

    /** One row of entries from {@code x} at baseline {@code y}, above the frame. */
    private static void drawLegend(Graphics2D g, Panel p, int x, int y) {
        Font font = Java2dText.font(12, false);
        int at = x;
        for (int i = 0; i < p.series().size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(Math.max(2.5f, strokeWidth(i))));
            g.drawLine(at, y - 4, at + 22, y - 4);
            String name = p.series().get(i).name();
            Java2dText.text(g, name, at + 28, y, 0, Color.BLACK, font);
            at += 28 + Java2dText.textWidth(g, name, font) + 22;
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
