package dev.conv4j.draw;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Paints a {@link Drawing} with Java2D (headless, no native libraries beyond the JDK's) into an
 * image, and encodes it as PNG. Reads the same marks as {@link SvgRenderer}. Text needs a font:
 * where the JDK finds none (a machine without fontconfig fonts) pictures are painted without their
 * texts, with one warning, rather than not at all.
 */
public final class RasterRenderer {
    private static final String FONT_NAME = "DejaVu Sans";
    private static final float[] DASH = {4f, 3f};
    private static volatile boolean noFont;

    private RasterRenderer() {
    }

    /** The drawing as an RGB image, {@code scale} device pixels per drawing pixel, antialiased. */
    public static BufferedImage render(Drawing drawing, double scale) {
        return render(drawing, scale, true);
    }

    /**
     * The drawing as an RGB image. Without antialiasing every pixel has one of the drawing's own
     * colours, which is what a 256-colour GIF wants (and it compresses several times better).
     */
    public static BufferedImage render(Drawing drawing, double scale, boolean antialias) {
        int w = (int) Math.ceil(drawing.width() * scale);
        int h = (int) Math.ceil(drawing.height() * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    antialias ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    antialias ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            // unsmoothed glyphs are hinted to whole pixels: placed at fractional advances they space
            // unevenly ("NDHW C"), so without antialiasing the advances are whole pixels too
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, antialias
                    ? RenderingHints.VALUE_FRACTIONALMETRICS_ON : RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            for (Mark mark : drawing.marks()) {
                paint(g, mark);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** PNG bytes of the drawing at {@code scale}, in a palette of its 256 most used colours. */
    public static byte[] png(Drawing drawing, double scale) {
        BufferedImage image = render(drawing, scale);
        return png(Quantizer.of(List.of(image)).indexed(image));
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void paint(Graphics2D g, Mark mark) {
        switch (mark) {
            case Mark.Rect r -> shape(g, new Rectangle2D.Double(r.x(), r.y(), r.width(), r.height()), r.style());
            case Mark.Pixels px -> {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(px.image(), (int) Math.round(px.x()), (int) Math.round(px.y()), (int) Math.round(px.width()),
                        (int) Math.round(px.height()), null);
            }
            case Mark.Polygon p -> {
                Path2D.Double path = path(p.points());
                path.closePath();
                shape(g, path, p.style());
            }
            case Mark.Line l -> {
                g.setColor(colour(l.colour(), 1));
                g.setStroke(stroke(l.width(), l.dashed()));
                g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
            }
            case Mark.Polyline p -> {
                g.setColor(colour(p.colour(), 1));
                g.setStroke(new BasicStroke((float) p.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(path(p.points()));
            }
            case Mark.Text t -> text(g, t);
        }
    }

    /** An open path through the points. */
    private static Path2D.Double path(List<Mark.Point> points) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            Mark.Point pt = points.get(i);
            if (i == 0) {
                path.moveTo(pt.x(), pt.y());
            } else {
                path.lineTo(pt.x(), pt.y());
            }
        }
        return path;
    }

    private static void text(Graphics2D g, Mark.Text t) {
        if (noFont) {
            return;
        }
        AffineTransform saved = g.getTransform();
        try {
            Font font = new Font(FONT_NAME, t.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) t.size());
            g.setFont(font);
            g.setColor(colour(t.colour(), 1));
            g.translate(t.x(), t.y());
            if (t.vertical()) {
                g.rotate(-Math.PI / 2);
            }
            double width = g.getFontMetrics().getStringBounds(t.text(), g).getWidth();
            double x = switch (t.anchor()) {
                case START -> 0;
                case MIDDLE -> -width / 2;
                case END -> -width;
            };
            g.drawString(t.text(), (float) x, 0f);
        } catch (RuntimeException | Error e) {
            noFont = true;
            System.err.println("conv4j: no font available for the pictures' texts (" + e + "); install fontconfig"
                    + " and fonts-dejavu-core to get them");
        } finally {
            g.setTransform(saved);
        }
    }

    private static void shape(Graphics2D g, java.awt.Shape shape, Style style) {
        if (style.fill() != null) {
            g.setColor(colour(style.fill(), style.fillOpacity()));
            g.fill(shape);
        }
        if (style.stroke() != null && style.strokeWidth() > 0) {
            g.setColor(colour(style.stroke(), 1));
            g.setStroke(stroke(style.strokeWidth(), style.dashed()));
            g.draw(shape);
        }
    }

    private static BasicStroke stroke(double width, boolean dashed) {
        return dashed
                ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f)
                : new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    }

    private static Color colour(Rgb rgb, double opacity) {
        return new Color(rgb.red(), rgb.green(), rgb.blue(), (int) Math.round(255 * opacity));
    }
}
