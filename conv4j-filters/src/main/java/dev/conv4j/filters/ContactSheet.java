package dev.conv4j.filters;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.draw.Rgb;
import dev.conv4j.io.image.ImageData;
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
    public static Drawing draw(List<Tile> tiles, int tileSize, int columns) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one image");
        }
        ImageData first = tiles.getFirst().image();
        double scale = Math.min(1.0, (double) tileSize / Math.max(first.width(), first.height()));
        int tw = Math.max(1, (int) Math.round(first.width() * scale));
        int th = Math.max(1, (int) Math.round(first.height() * scale));
        // whole-factor box averaging first; the renderer's nearest-pixel stretch does the rest (less than 2x)
        int factor = Math.max(1, (int) Math.floor(1 / scale));
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int width = GAP + cols * (tw + GAP);
        int height = GAP + rows * (th + LABEL + GAP);
        Drawing.Builder out = Drawing.builder("contact sheet").size(width, height);
        for (int i = 0; i < tiles.size(); i++) {
            int x = GAP + (i % cols) * (tw + GAP);
            int y = GAP + (i / cols) * (th + LABEL + GAP);
            ImageData image = tiles.get(i).image();
            float[] samples = BoxAverage.shrink(image.samples(), 0, image.height(), image.width(), image.channels(),
                    factor);
            out.add(new Mark.Pixels(x, y, tw, th, BoxAverage.shrunk(image.width(), factor),
                    BoxAverage.shrunk(image.height(), factor), rgb8(samples, image.channels(), image.bitDepth()),
                    Attributes.NONE));
            out.add(new Mark.Text(x + tw / 2.0, y + th + 17, tiles.get(i).label(), 14, Mark.Anchor.MIDDLE, false,
                    Rgb.hex("#000000"), Attributes.NONE));
        }
        return out.build();
    }

    /** {@code 0xRRGGBB} per pixel of interleaved samples (grey repeated, 16-bit divided by 257, alpha ignored). */
    private static int[] rgb8(float[] samples, int channels, int bitDepth) {
        float div = bitDepth == 16 ? 257f : 1f;
        int[] rgb = new int[samples.length / channels];
        for (int i = 0; i < rgb.length; i++) {
            int p = i * channels;
            int r = byteOf(samples[p] / div);
            int g = channels == 3 ? byteOf(samples[p + 1] / div) : r;
            int b = channels == 3 ? byteOf(samples[p + 2] / div) : r;
            rgb[i] = r << 16 | g << 8 | b;
        }
        return rgb;
    }

    private static int byteOf(float v) {
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }
}
