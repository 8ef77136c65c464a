package dev.conv4j.draw;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A picture as data: a size, a title and marks painted in order. Pictures are built once as a
 * {@code Drawing} and rendered by {@link SvgRenderer} or {@link RasterRenderer}, so the SVG and
 * the PNG cannot disagree.
 */
public final class Drawing {
    private final double width;
    private final double height;
    private final String title;
    private final List<Mark> marks;

    private Drawing(double width, double height, String title, List<Mark> marks) {
        this.width = width;
        this.height = height;
        this.title = title;
        this.marks = List.copyOf(marks);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public String title() {
        return title;
    }

    public List<Mark> marks() {
        return marks;
    }

    /** Collects marks; the drawing's size is the extent of its marks plus a margin, or a size given. */
    public static final class Builder {
        private final String title;
        private final List<Mark> marks = new ArrayList<>();
        private double margin = 12;
        private double[] size;

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder add(Mark mark) {
            marks.add(Objects.requireNonNull(mark, "mark"));
            return this;
        }

        /** Every mark of {@code other}, moved by {@code (dx, dy)}. */
        public Builder add(Drawing other, double dx, double dy) {
            for (Mark m : other.marks) {
                marks.add(m.moved(dx, dy));
            }
            return this;
        }

        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        /**
         * A fixed size, for a picture laid out to given dimensions (a plot, a contact sheet):
         * what reaches beyond it, such as a label longer than its tile, is cut off.
         */
        public Builder size(double width, double height) {
            if (!(width > 0 && height > 0)) {
                throw new IllegalArgumentException("a drawing's size must be positive: " + width + " x " + height);
            }
            this.size = new double[] {width, height};
            return this;
        }

        /** The extent of the marks so far (without the margin): {@code [maxX, maxY]}. */
        public double[] extent() {
            double w = 0;
            double h = 0;
            for (Mark m : marks) {
                w = Math.max(w, m.maxX());
                h = Math.max(h, m.maxY());
            }
            return new double[] {w, h};
        }

        public Drawing build() {
            if (size != null) {
                return new Drawing(size[0], size[1], title, marks);
            }
            double[] e = extent();
            return new Drawing(Math.ceil(e[0] + margin), Math.ceil(e[1] + margin), title, marks);
        }
    }
}
