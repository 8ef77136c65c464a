package dev.conv4j.filters;

import dev.conv4j.io.image.ImageData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** One picture of several images side by side, each with its label underneath. */
public final class ContactSheet {
    private static final int GAP = 8;
    private static final int LABEL = 24;

    private ContactSheet() {
    }

    /** An image and its caption. */
    public record Tile(String label, ImageData image) {
    }

    /**
     * Tiles in rows of {@code columns}, each scaled down (never up) to fit {@code tileSize}
     * pixels; grey and 16-bit images are shown as 8-bit, alpha is ignored.
     */
    public static BufferedImage render(List<Tile> tiles, int tileSize, int columns) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one image");
        }
        ImageData first = tiles.getFirst().image();
        double scale = Math.min(1.0, (double) tileSize / Math.max(first.width(), first.height()));
        int tw = Math.max(1, (int) Math.round(first.width() * scale));
        int th = Math.max(1, (int) Math.round(first.height() * scale));
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int width = GAP + cols * (tw + GAP);
        int height = GAP + rows * (th + LABEL + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Java2dText.prepare(sheet.createGraphics());
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        for (int i = 0; i < tiles.size(); i++) {
            int x = GAP + (i % cols) * (tw + GAP);
            int y = GAP + (i / cols) * (th + LABEL + GAP);
            g.drawImage(toRgb8(tiles.get(i).image()), x, y, tw, th, null);
            Java2dText.text(g, tiles.get(i).label(), x + tw / 2.0, y + th + 17, 0.5, Color.BLACK, Java2dText.font(14, false));
        }
        g.dispose();
        return sheet;
    }

    /** An 8-bit RGB view of an image (grey repeated, 16-bit divided by 257). */
    public static BufferedImage toRgb8(ImageData img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        float div = img.bitDepth() == 16 ? 257f : 1f;
        int c = img.channels();
        float[] s = img.samples();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int p = (y * img.width() + x) * c;
                int r = byteOf(s[p] / div);
                int gr = c == 3 ? byteOf(s[p + 1] / div) : r;
                int b = c == 3 ? byteOf(s[p + 2] / div) : r;
                out.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return out;
    }

    private static int byteOf(float v) {
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }
}
