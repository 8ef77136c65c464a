package dev.conv4j.draw;

import java.util.List;

/**
 * One element of a {@link Drawing}: a rectangle, a polygon, a line, a polyline, a text or a block
 * of pixels (a feature map, a photograph). Coordinates are pixels, y down. Arrows, boxes, grids and
 * plot axes are built from these by the pictures, so each backend only knows these six.
 */
public sealed interface Mark {

    /** The same mark moved by {@code (dx, dy)}. */
    Mark moved(double dx, double dy);

    /** Rightmost x this mark reaches (text by an estimate of its width). */
    double maxX();

    /** Lowest y this mark reaches. */
    double maxY();

    record Rect(double x, double y, double width, double height, Style style, Attributes attributes) implements Mark {
        @Override
        public Rect moved(double dx, double dy) {
            return new Rect(x + dx, y + dy, width, height, style, attributes);
        }

        @Override
        public double maxX() {
            return x + width;
        }

        @Override
        public double maxY() {
            return y + height;
        }
    }

    /** A closed polygon. */
    record Polygon(List<Point> points, Style style, Attributes attributes) implements Mark {
        public Polygon {
            points = List.copyOf(points);
        }

        @Override
        public Polygon moved(double dx, double dy) {
            return new Polygon(Point.moved(points, dx, dy), style, attributes);
        }

        @Override
        public double maxX() {
            return Point.maxX(points);
        }

        @Override
        public double maxY() {
            return Point.maxY(points);
        }
    }

    record Line(double x1, double y1, double x2, double y2, Rgb colour, double width, boolean dashed) implements Mark {
        @Override
        public Line moved(double dx, double dy) {
            return new Line(x1 + dx, y1 + dy, x2 + dx, y2 + dy, colour, width, dashed);
        }

        @Override
        public double maxX() {
            return Math.max(x1, x2);
        }

        @Override
        public double maxY() {
            return Math.max(y1, y2);
        }
    }

    /** An open path through {@code points}: a plotted series. Its joins are round, so a spike stays a spike. */
    record Polyline(List<Point> points, Rgb colour, double width, Attributes attributes) implements Mark {
        public Polyline {
            points = List.copyOf(points);
        }

        @Override
        public Polyline moved(double dx, double dy) {
            return new Polyline(Point.moved(points, dx, dy), colour, width, attributes);
        }

        @Override
        public double maxX() {
            return Point.maxX(points);
        }

        @Override
        public double maxY() {
            return Point.maxY(points);
        }
    }

    /** Where a text's x lies: its start, its middle or its end. */
    enum Anchor {
        START, MIDDLE, END
    }

    /**
     * One line of text; {@code y} is its baseline. A {@code vertical} text reads upwards, turned a
     * quarter anticlockwise about {@code (x, y)}, as a y axis's label does.
     */
    record Text(double x, double y, String text, double size, Anchor anchor, boolean bold, Rgb colour,
                boolean vertical, Attributes attributes) implements Mark {
        /** A horizontal text. */
        public Text(double x, double y, String text, double size, Anchor anchor, boolean bold, Rgb colour,
                    Attributes attributes) {
            this(x, y, text, size, anchor, bold, colour, false, attributes);
        }

        /** A generous estimate of the width, for layout (both backends use a DejaVu-like sans font). */
        public double estimatedWidth() {
            return text.length() * size * (bold ? 0.64 : 0.6);
        }

        @Override
        public Text moved(double dx, double dy) {
            return new Text(x + dx, y + dy, text, size, anchor, bold, colour, vertical, attributes);
        }

        @Override
        public double maxX() {
            if (vertical) {
                return x + size * 0.3;
            }
            return switch (anchor) {
                case START -> x + estimatedWidth();
                case MIDDLE -> x + estimatedWidth() / 2;
                case END -> x;
            };
        }

        @Override
        public double maxY() {
            if (vertical) {
                return switch (anchor) {
                    case START -> y;
                    case MIDDLE -> y + estimatedWidth() / 2;
                    case END -> y + estimatedWidth();
                };
            }
            return y + size * 0.3;
        }
    }

    /**
     * A small image ({@code columns x rows} colours, row-major {@code 0xRRGGBB}) stretched over
     * {@code width x height}, each source pixel a sharp square: a feature map.
     */
    record Pixels(double x, double y, double width, double height, int columns, int rows, int[] rgb,
                  Attributes attributes) implements Mark {
        public Pixels {
            if (columns < 1 || rows < 1 || rgb.length != columns * rows) {
                throw new IllegalArgumentException(columns + "x" + rows + " pixels need " + columns * rows
                        + " colours, got " + rgb.length);
            }
            rgb = rgb.clone();
        }

        @Override
        public int[] rgb() {
            return rgb.clone();
        }

        @Override
        public Pixels moved(double dx, double dy) {
            return new Pixels(x + dx, y + dy, width, height, columns, rows, rgb, attributes);
        }

        @Override
        public double maxX() {
            return x + width;
        }

        @Override
        public double maxY() {
            return y + height;
        }

        /** Each value stretched from the values' minimum (black) to their maximum (white); mid-grey when all are equal. */
        public static int[] stretchedGrey(float[] values) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float f : values) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            int[] rgb = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                int g = max > min ? Math.round(255 * (values[i] - min) / (max - min)) : 128;
                rgb[i] = g << 16 | g << 8 | g;
            }
            return rgb;
        }

        /** The pixels as an image of {@code columns x rows}. */
        public java.awt.image.BufferedImage image() {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(columns, rows,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, columns, rows, rgb, 0, columns);
            return image;
        }
    }

    record Point(double x, double y) {
        public Point moved(double dx, double dy) {
            return new Point(x + dx, y + dy);
        }

        static List<Point> moved(List<Point> points, double dx, double dy) {
            return points.stream().map(p -> p.moved(dx, dy)).toList();
        }

        static double maxX(List<Point> points) {
            return points.stream().mapToDouble(Point::x).max().orElse(0);
        }

        static double maxY(List<Point> points) {
            return points.stream().mapToDouble(Point::y).max().orElse(0);
        }
    }
}
