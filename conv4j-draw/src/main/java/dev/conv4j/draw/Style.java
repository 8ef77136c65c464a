package dev.conv4j.draw;

/**
 * How a shape is painted: an optional fill, an optional outline. Both backends read the same
 * fields, so a picture looks the same as SVG and as PNG.
 *
 * @param fill        fill colour, or null for none
 * @param fillOpacity 0..1
 * @param stroke      outline colour, or null for none
 * @param strokeWidth outline width in pixels
 * @param dashed      a dashed outline
 */
public record Style(Rgb fill, double fillOpacity, Rgb stroke, double strokeWidth, boolean dashed) {
    public static Style filled(Rgb fill) {
        return new Style(fill, 1, null, 0, false);
    }

    public static Style outlined(Rgb stroke, double width) {
        return new Style(null, 1, stroke, width, false);
    }

    public static Style of(Rgb fill, Rgb stroke, double strokeWidth) {
        return new Style(fill, 1, stroke, strokeWidth, false);
    }

    public Style withOpacity(double opacity) {
        return new Style(fill, opacity, stroke, strokeWidth, dashed);
    }

    public Style withDash() {
        return new Style(fill, fillOpacity, stroke, strokeWidth, true);
    }
}
