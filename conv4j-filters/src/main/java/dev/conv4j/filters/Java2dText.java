package dev.conv4j.filters;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;

/**
 * Text and hints shared by the plots, sheets and montages. Java2D draws everything (no native
 * plotting library); text needs a font, and where the JDK finds none (a machine without
 * fontconfig fonts) pictures are drawn without their labels rather than not at all.
 */
final class Java2dText {
    private static volatile boolean textFailed;

    private Java2dText() {
    }

    static Graphics2D prepare(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    static Font font(int size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /** Draws text with its baseline at (x, y); {@code align} 0 left, 0.5 centre, 1 right. */
    static void text(Graphics2D g, String s, double x, double y, double align, Color color, Font font) {
        if (textFailed) {
            return;
        }
        try {
            g.setFont(font);
            g.setColor(color);
            int width = g.getFontMetrics().stringWidth(s);
            g.drawString(s, (float) (x - align * width), (float) y);
        } catch (RuntimeException | Error e) {
            textFailed = true;
            System.err.println("conv4j: no font available for labels (" + e + "); install fontconfig and"
                    + " fonts-dejavu-core to get them");
        }
    }

    /** Text rotated 90 degrees anticlockwise, centred on (x, y): for y-axis labels. */
    static void verticalText(Graphics2D g, String s, double x, double y, Color color, Font font) {
        if (textFailed) {
            return;
        }
        AffineTransform saved = g.getTransform();
        try {
            g.translate(x, y);
            g.rotate(-Math.PI / 2);
            text(g, s, 0, 0, 0.5, color, font);
        } finally {
            g.setTransform(saved);
        }
    }

    static int textWidth(Graphics2D g, String s, Font font) {
        if (textFailed) {
            return 0;
        }
        try {
            return g.getFontMetrics(font).stringWidth(s);
        } catch (RuntimeException | Error e) {
            textFailed = true;
            return 0;
        }
    }
}
