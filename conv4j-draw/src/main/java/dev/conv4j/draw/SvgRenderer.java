package dev.conv4j.draw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Drawing} as a standalone SVG 1.1 document (no scripts, no external resources).
 * Each distinct shape style and text style becomes one CSS class in the document's
 * {@code <style>}, so a grid of hundreds of cells stays small. Class names start with a prefix,
 * so several SVGs can sit in one HTML page without their styles mixing.
 */
public final class SvgRenderer {
    /** The font both backends ask for first. */
    public static final String FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";

    private SvgRenderer() {
    }

    /** A text's look, shared by many texts. */
    private record TextStyle(double size, Rgb colour, boolean bold, Mark.Anchor anchor) {
    }

    public static String render(Drawing drawing) {
        return render(drawing, "c");
    }

    /** The SVG with style classes named {@code prefix + "s0"}, {@code prefix + "t0"}, ... */
    public static String render(Drawing drawing, String prefix) {
        if (!prefix.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("class prefix '" + prefix + "' must be lower-case letters, digits, -");
        }
        Map<Style, String> shapeClasses = new LinkedHashMap<>();
        Map<TextStyle, String> textClasses = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder(drawing.marks().size() * 64);
        for (Mark mark : drawing.marks()) {
            switch (mark) {
                case Mark.Rect r -> {
                    body.append("<rect x=\"").append(num(r.x())).append("\" y=\"").append(num(r.y()))
                            .append("\" width=\"").append(num(r.width())).append("\" height=\"")
                            .append(num(r.height())).append('"');
                    classAndAttributes(body, className(shapeClasses, r.style(), prefix + "s"), r.attributes());
                    body.append("/>\n");
                }
                case Mark.Polygon p -> {
                    body.append("<polygon");
                    points(body, p.points());
                    classAndAttributes(body, className(shapeClasses, p.style(), prefix + "s"), p.attributes());
                    body.append("/>\n");
                }
                case Mark.Line l -> {
                    Style style = new Style(null, 1, l.colour(), l.width(), l.dashed());
                    body.append("<line x1=\"").append(num(l.x1())).append("\" y1=\"").append(num(l.y1()))
                            .append("\" x2=\"").append(num(l.x2())).append("\" y2=\"").append(num(l.y2())).append('"');
                    classAndAttributes(body, className(shapeClasses, style, prefix + "s"), Attributes.NONE);
                    body.append("/>\n");
                }
                case Mark.Polyline p -> {
                    body.append("<polyline");
                    points(body, p.points());
                    body.append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
                    Style style = Style.outlined(p.colour(), p.width());
                    classAndAttributes(body, className(shapeClasses, style, prefix + "s"), p.attributes());
                    body.append("/>\n");
                }
                case Mark.Pixels px -> {
                    body.append("<image x=\"").append(num(px.x())).append("\" y=\"").append(num(px.y()))
                            .append("\" width=\"").append(num(px.width())).append("\" height=\"")
                            .append(num(px.height())).append("\" preserveAspectRatio=\"none\"")
                            .append(" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,")
                            .append(java.util.Base64.getEncoder().encodeToString(RasterRenderer.png(px.image())))
                            .append('"');
                    classAndAttributes(body, null, px.attributes());
                    body.append("/>\n");
                }
                case Mark.Text t -> {
                    TextStyle style = new TextStyle(t.size(), t.colour(), t.bold(), t.anchor());
                    body.append("<text x=\"").append(num(t.x())).append("\" y=\"").append(num(t.y())).append('"');
                    if (t.vertical()) {
                        body.append(" transform=\"rotate(-90 ").append(num(t.x())).append(' ').append(num(t.y())).append(")\"");
                    }
                    classAndAttributes(body, className(textClasses, style, prefix + "t"), t.attributes());
                    body.append('>').append(escape(t.text())).append("</text>\n");
                }
            }
        }
        StringBuilder sb = new StringBuilder(body.length() + 2048);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(drawing.width()))
                .append("\" height=\"").append(num(drawing.height())).append("\" viewBox=\"0 0 ")
                .append(num(drawing.width())).append(' ').append(num(drawing.height()))
                .append("\" font-family=\"").append(FONT_FAMILY).append("\">\n");
        sb.append("<title>").append(escape(drawing.title())).append("</title>\n<style>\n");
        shapeClasses.forEach((style, name) -> sb.append('.').append(name).append('{').append(css(style)).append("}\n"));
        textClasses.forEach((style, name) -> sb.append('.').append(name).append('{').append(css(style)).append("}\n"));
        sb.append("</style>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        return sb.append(body).append("</svg>\n").toString();
    }

    /** {@code points="x,y x,y ..."}. */
    private static void points(StringBuilder sb, List<Mark.Point> points) {
        sb.append(" points=\"");
        for (int i = 0; i < points.size(); i++) {
            Mark.Point pt = points.get(i);
            sb.append(i == 0 ? "" : " ").append(num(pt.x())).append(',').append(num(pt.y()));
        }
        sb.append('"');
    }

    private static <K> String className(Map<K, String> classes, K style, String prefix) {
        return classes.computeIfAbsent(style, s -> prefix + classes.size());
    }

    private static String css(Style s) {
        StringBuilder sb = new StringBuilder("fill:").append(s.fill() == null ? "none" : s.fill().hex());
        if (s.fill() != null && s.fillOpacity() < 1) {
            sb.append(";fill-opacity:").append(num(s.fillOpacity()));
        }
        if (s.stroke() != null && s.strokeWidth() > 0) {
            sb.append(";stroke:").append(s.stroke().hex()).append(";stroke-width:").append(num(s.strokeWidth()));
            if (s.dashed()) {
                sb.append(";stroke-dasharray:4 3");
            }
        }
        return sb.toString();
    }

    private static String css(TextStyle t) {
        return "font-size:" + num(t.size()) + "px;fill:" + t.colour().hex()
                + (t.bold() ? ";font-weight:bold" : "")
                + switch (t.anchor()) {
                    case START -> "";
                    case MIDDLE -> ";text-anchor:middle";
                    case END -> ";text-anchor:end";
                };
    }

    /** {@code class="<style class> <the mark's own classes>"} and the mark's other attributes. */
    private static void classAndAttributes(StringBuilder sb, String styleClass, Attributes attributes) {
        String own = attributes.values().get("class");
        String classes = styleClass == null ? own == null ? null : escape(own)
                : styleClass + (own == null ? "" : " " + escape(own));
        if (classes != null) {
            sb.append(" class=\"").append(classes).append('"');
        }
        for (Map.Entry<String, String> e : attributes.values().entrySet()) {
            if (!e.getKey().equals("class")) {
                sb.append(' ').append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
            }
        }
    }

    /** Up to two decimals, no trailing zeros: {@code 12}, {@code 12.5}, {@code 12.25}. */
    static String num(double v) {
        long rounded = Math.round(v * 100);
        if (rounded % 100 == 0) {
            return Long.toString(rounded / 100);
        }
        return String.format(Locale.ROOT, "%.2f", rounded / 100.0).replaceAll("0$", "");
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
