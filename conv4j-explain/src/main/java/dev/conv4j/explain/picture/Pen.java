package dev.conv4j.explain.picture;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.draw.Rgb;
import dev.conv4j.draw.Style;
import java.util.List;

/** Shorthands the pictures draw with: text, cells, arrows. Everything ends up as plain {@link Mark}s. */
final class Pen {
    static final double SMALL = 10;
    static final double BODY = 12;
    static final double HEADING = 14;

    private final Drawing.Builder out;

    Pen(Drawing.Builder out) {
        this.out = out;
    }

    void text(double x, double y, String text, double size, Rgb colour) {
        out.add(new Mark.Text(x, y, text, size, Mark.Anchor.START, false, colour, Attributes.NONE));
    }

    void bold(double x, double y, String text, double size) {
        out.add(new Mark.Text(x, y, text, size, Mark.Anchor.START, true, Palette.INK, Attributes.NONE));
    }

    void centred(double x, double y, String text, double size, Rgb colour, Attributes attributes) {
        out.add(new Mark.Text(x, y, text, size, Mark.Anchor.MIDDLE, false, colour, attributes));
    }

    void rightAligned(double x, double y, String text, double size, Rgb colour) {
        out.add(new Mark.Text(x, y, text, size, Mark.Anchor.END, false, colour, Attributes.NONE));
    }

    void rect(double x, double y, double w, double h, Style style, Attributes attributes) {
        out.add(new Mark.Rect(x, y, w, h, style, attributes));
    }

    void polygon(List<Mark.Point> points, Style style) {
        out.add(new Mark.Polygon(points, style, Attributes.NONE));
    }

    void line(double x1, double y1, double x2, double y2, Rgb colour, double width) {
        out.add(new Mark.Line(x1, y1, x2, y2, colour, width, false));
    }

    /** A line from {@code (x1, y1)} to {@code (x2, y2)} ending in a filled arrowhead. */
    void arrow(double x1, double y1, double x2, double y2, Rgb colour) {
        double len = Math.hypot(x2 - x1, y2 - y1);
        if (len < 1e-6) {
            return;
        }
        double ux = (x2 - x1) / len;
        double uy = (y2 - y1) / len;
        double head = 8;
        double half = 4;
        double bx = x2 - ux * head;
        double by = y2 - uy * head;
        line(x1, y1, bx, by, colour, 2);
        polygon(List.of(new Mark.Point(x2, y2), new Mark.Point(bx - uy * half, by + ux * half),
                new Mark.Point(bx + uy * half, by - ux * half)), Style.filled(colour));
    }

    /** A small coloured square with a caption; returns the x after it. */
    double swatch(double x, double y, Style style, String caption) {
        rect(x, y - 10, 12, 12, style, Attributes.NONE);
        text(x + 17, y, caption, SMALL, Palette.INK);
        return x + 17 + caption.length() * SMALL * 0.6 + 16;
    }
}
