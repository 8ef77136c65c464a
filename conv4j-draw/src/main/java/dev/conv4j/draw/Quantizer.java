package dev.conv4j.draw;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces pictures to at most 256 colours: the most used ones of all the images given, every
 * other colour mapped to its nearest. Drawings use few flat colours, so only antialiased edges
 * move, and GIFs and PNGs shrink several times.
 */
final class Quantizer {
    private final IndexColorModel palette;
    /** The index that stands for "unchanged", or -1. */
    private final int transparent;
    private final Map<Integer, Integer> nearest = new HashMap<>();

    private Quantizer(IndexColorModel palette, int transparent) {
        this.palette = palette;
        this.transparent = transparent;
    }

    /** A palette of the 256 colours used most across {@code images} (white always among them). */
    static Quantizer of(List<BufferedImage> images) {
        return of(images, false);
    }

    /**
     * A palette of the colours used most across {@code images}; with {@code withTransparent}, 255
     * of them and a last, transparent index for {@link #indexedChanges}.
     */
    static Quantizer of(List<BufferedImage> images, boolean withTransparent) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (BufferedImage image : images) {
            for (int p : image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())) {
                counts.merge(p & 0xffffff, 1, Integer::sum);
            }
        }
        counts.put(0xffffff, Integer.MAX_VALUE);
        List<Integer> colours = counts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(withTransparent ? 255 : 256).map(Map.Entry::getKey).toList();
        int size = Math.max(2, colours.size() + (withTransparent ? 1 : 0));
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < colours.size(); i++) {
            int c = colours.get(i);
            r[i] = (byte) (c >> 16);
            g[i] = (byte) (c >> 8);
            b[i] = (byte) c;
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(size - 1));
        int transparent = withTransparent ? size - 1 : -1;
        return new Quantizer(transparent < 0 ? new IndexColorModel(bits, size, r, g, b)
                : new IndexColorModel(bits, size, r, g, b, transparent), transparent);
    }

    /** The index meaning "keep the pixel below", or -1 when this palette has none. */
    int transparentIndex() {
        return transparent;
    }

    /** {@code image} in this palette. */
    BufferedImage indexed(BufferedImage image) {
        return indexedChanges(image, null, 0, 0);
    }

    /**
     * {@code image} (which lies at {@code (x0, y0)} of {@code before}) in this palette,
     * with every pixel equal to {@code before}'s at the same place made transparent: long runs of
     * one index, which GIF's LZW compresses to almost nothing. {@code before} may be null.
     */
    BufferedImage indexedChanges(BufferedImage image, BufferedImage before, int x0, int y0) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster raster = out.getRaster();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        int[] old = before == null || transparent < 0 ? null : before.getRGB(x0, y0, w, h, null, 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = px[y * w + x] & 0xffffff;
                int index = old != null && (old[y * w + x] & 0xffffff) == c ? transparent
                        : nearest.computeIfAbsent(c, this::nearestIndex);
                raster.setSample(x, y, 0, index);
            }
        }
        return out;
    }

    private int nearestIndex(int rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (i == transparent) {
                continue;
            }
            long dr = r - palette.getRed(i);
            long dg = g - palette.getGreen(i);
            long db = b - palette.getBlue(i);
            long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }
}
