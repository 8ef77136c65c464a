package dev.conv4j.explain.picture;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark.Point;
import dev.conv4j.draw.Rgb;
import dev.conv4j.draw.Style;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of a convolution as boxes: input, the filters, output, each labelled with its
 * shape, with the kernel's window drawn in the input and an arrow for every direction it slides.
 *
 * <p>One rule draws every rank: a tensor's display axes are its spatial axes from the last
 * (width to the right, height down, depth into the page) followed by its channels. So a 1D input
 * {@code [W, C]} is a rectangle, a 2D one {@code [H, W, C]} a box whose depth is the channels,
 * and a 3D one {@code [D, H, W, C]} a stack of C boxes. A filter spans all the channels of its
 * group, so its box is as deep as the input's: it cannot slide along channels. N filters give N
 * maps, stacked (and coloured alike) along the output's channel axis.
 */
public final class TensorOverview {
    private static final double DX = 0.55;
    private static final double DY = 0.4;
    private static final double COPY_STEP = 14;
    private static final int MAX_PARTS = 6;
    private static final int MAX_FILTERS_DRAWN = 4;
    private static final double FILTER_STEP = 18;
    /** The least depth, in pixels, of a single channel or map drawn beside an elided run. */
    private static final double MIN_PART = 7;

    private final ConvGeometry g;
    private final String title;

    private TensorOverview(ConvGeometry g, String title) {
        if (g.spatialRank() > 3) {
            throw new IllegalArgumentException("pictures show convolutions of up to 3 spatial axes; this one has "
                    + g.spatialRank());
        }
        this.g = g;
        this.title = title;
    }

    public static Drawing draw(ConvGeometry g, String title) {
        return new TensorOverview(g, title).draw();
    }

    /** Screen length of an axis of {@code n} elements: grows with log n so 3 and 300 both fit. */
    static double px(int n) {
        return 10 + 26 * Math.log(Math.max(1, n)) / Math.log(2);
    }

    /** A run of elements along the axis a tensor is split on (channels, filters), drawn in one colour. */
    private record Part(int from, int to, Rgb colour) {
    }

    /** A figure and the height of its front face's centre, for lining figures up. */
    private record Figure(Drawing drawing, double centreY, List<String> caption) {
    }

    private Drawing draw() {
        Drawing.Builder b = Drawing.builder(title.isEmpty() ? g.problem() : title + ": " + g.problem());
        Pen pen = new Pen(b);
        double y = 20;
        if (!title.isEmpty()) {
            pen.bold(12, y, title, Pen.HEADING);
            y += 18;
        }
        pen.text(12, y, g.problem(), Pen.SMALL + 1, Palette.MUTED);
        y += 16;
        List<Figure> figures = List.of(inputFigure(), filterFigure(), outputFigure());
        double centre = figures.stream().mapToDouble(Figure::centreY).max().orElse(0);
        double bottom = 0;
        for (Figure f : figures) {
            bottom = Math.max(bottom, centre - f.centreY() + f.drawing().height());
        }
        double x = 12;
        String[] operators = {"*", "="};
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            double top = y + centre - f.centreY();
            b.add(f.drawing(), x, top);
            double captionY = y + bottom + 8;
            double width = f.drawing().width();
            for (String line : f.caption()) {
                width = Math.max(width, line.length() * Pen.BODY * 0.62);
            }
            for (int l = 0; l < f.caption().size(); l++) {
                if (l == 0) {
                    pen.bold(x + 8, captionY, f.caption().get(l), Pen.BODY);
                } else {
                    pen.text(x + 8, captionY + 16 * l, f.caption().get(l), Pen.BODY, Palette.INK);
                }
            }
            x += width + 24;
            if (i < operators.length) {
                pen.centred(x, y + centre + 8, operators[i], 26, Palette.INK, Attributes.NONE);
                x += 34;
            }
        }
        int captionLines = figures.stream().mapToInt(f -> f.caption().size()).max().orElse(0);
        y += bottom + 8 + 16 * captionLines + 12;
        for (String line : summary()) {
            pen.text(12, y, line, Pen.BODY, Palette.INK);
            y += 17;
        }
        return b.build();
    }

    // ---- the three figures ------------------------------------------------------------------------------------

    private Figure inputFigure() {
        int[] sizes = display(g.inputSizes(), g.inChannels());
        Drawing.Builder b = Drawing.builder("input");
        Pen pen = new Pen(b);
        double[] o = origin(sizes);
        // grouped: each input channel in its group's colour, as the filters that read it
        solid(pen, o[0], o[1], sizes, parts(g.inChannels(), grouped() ? c -> Palette.series(c / g.inChannelsPerGroup())
                : c -> Palette.TENSOR, Palette.TENSOR), "tensor in");
        int[] window = display(g.kernelSizes(), g.inChannelsPerGroup());
        double[] e = extents(window);
        box(pen, o[0], o[1], e[0], e[1], e[2], Palette.series(0), 0.6, "window");
        sizeLabels(pen, o[0], o[1], sizes);
        List<String> still = slideArrows(pen, o[0], o[1], sizes, window);
        List<String> caption = new ArrayList<>(List.of("input", format() + " " + g.inputShape(),
                describe(g.inputSizes()) + ", " + count(g.inChannels(), "channel")));
        caption.addAll(still);
        return new Figure(b.build(), o[1] + extents(sizes)[1] / 2, caption);
    }

    private Figure filterFigure() {
        int n = g.outChannels();
        int[] sizes = display(g.kernelSizes(), g.inChannelsPerGroup());
        // the filters already stand one behind the other: channels that would be a stack of copies
        // (3D) are not drawn again for each filter; the caption gives them
        sizes[3] = 1;
        Drawing.Builder b = Drawing.builder("filters");
        Pen pen = new Pen(b);
        List<Integer> drawn = shownIndices(n, MAX_FILTERS_DRAWN);
        // the filters stand one behind the other, filter 0 in front; the farthest is painted first
        double step = FILTER_STEP;
        double behind = (drawn.size() - 1) * step;
        double[] o = origin(sizes);
        o[1] += behind;
        for (int k = drawn.size() - 1; k >= 0; k--) {
            Rgb colour = filterColour(drawn.get(k));
            solid(pen, o[0] + k * step, o[1] - k * step, sizes, parts(g.inChannelsPerGroup(), i -> colour, colour),
                    "filter");
        }
        sizeLabels(pen, o[0], o[1], sizes);
        if (n > 1) {
            // above and to the right of the farthest filter's top corner, clear of every face of the stack
            double[] e = extents(sizes);
            pen.text(o[0] + behind + e[0] + e[2] * DX + 10, o[1] - behind - e[2] * DY - 6, "x " + n, Pen.BODY,
                    Palette.INK);
        }
        String each = Shape.of(g.kernelSizes()) + " x " + count(g.inChannelsPerGroup(), "channel");
        List<String> caption = grouped()
                ? List.of(count(n, "filter"), filterFormat() + " " + g.filterShape(), "each " + each,
                        "coloured by group (" + g.groups() + ")")
                : List.of(count(n, "filter"), filterFormat() + " " + g.filterShape(), "each " + each);
        return new Figure(b.build(), o[1] + extents(sizes)[1] / 2, caption);
    }

    private Figure outputFigure() {
        int n = g.outChannels();
        int[] sizes = display(g.outputSizes(), n);
        Drawing.Builder b = Drawing.builder("output");
        Pen pen = new Pen(b);
        double[] o = origin(sizes);
        solid(pen, o[0], o[1], sizes, parts(n, this::filterColour, Palette.ELIDED), "tensor out");
        sizeLabels(pen, o[0], o[1], sizes);
        String maps = g.spatialRank() + "D map" + (n == 1 ? " " : "s ") + Shape.of(g.outputSizes());
        List<String> caption = List.of("output", format() + " " + g.outputShape(),
                (n == 1 ? "1 " : n + " stacked ") + maps);
        return new Figure(b.build(), o[1] + extents(sizes)[1] / 2, caption);
    }

    private boolean grouped() {
        return g.groups() > 1;
    }

    /** Filter (and output map) {@code k}'s colour: its own, or its group's when the channels are grouped. */
    private Rgb filterColour(int k) {
        return Palette.series(grouped() ? k / g.outChannelsPerGroup() : k);
    }

    // ---- geometry of boxes ------------------------------------------------------------------------------------

    /**
     * Display sizes {@code [x, y, z, copies]}: the spatial sizes from the last, then the channels;
     * a missing z is 0 (a flat rectangle), missing copies 1.
     */
    private static int[] display(int[] spatial, int channels) {
        int[] d = {1, 1, 0, 1};
        int r = spatial.length;
        for (int i = 0; i < r; i++) {
            d[i] = spatial[r - 1 - i];
        }
        d[r] = channels;
        return d;
    }

    /** The display axis channels and filters are split along: right after the spatial ones. */
    private int splitAxis() {
        return g.spatialRank();
    }

    /**
     * The runs an axis of {@code n} channels (or maps) is drawn in: one per channel when they fit,
     * otherwise the first few, one run for the middle ({@code elided} colour) and the last.
     */
    private static List<Part> parts(int n, java.util.function.IntFunction<Rgb> colour, Rgb elided) {
        List<Integer> starts = shownIndices(n, MAX_PARTS);
        List<Part> parts = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i);
            int to = i + 1 < starts.size() ? starts.get(i + 1) : n;
            parts.add(new Part(from, to, to - from > 1 ? elided : colour.apply(from)));
        }
        return parts;
    }

    /** Pixel extents {@code [X, Y, Z]} of one box. */
    private static double[] extents(int[] sizes) {
        return new double[] {px(sizes[0]), px(sizes[1]), sizes[2] == 0 ? 0 : px(sizes[2])};
    }

    private static int copiesDrawn(int[] sizes) {
        return Math.min(sizes[3], MAX_PARTS);
    }

    /** Where the front-top-left corner goes so that arrows, labels and the depth all fit. */
    private static double[] origin(int[] sizes) {
        double[] e = extents(sizes);
        double copies = (copiesDrawn(sizes) - 1) * COPY_STEP;
        return new double[] {88, e[2] * DY + copies + 36};
    }

    /** A tensor's box (or stack of boxes), split into coloured parts along the channel axis. */
    private void solid(Pen pen, double ox, double oy, int[] sizes, List<Part> parts, String role) {
        double[] e = extents(sizes);
        int axis = splitAxis();
        int length = sizes[axis];
        if (axis == 3) {
            // one box per part, stacked behind each other: draw the farthest first
            for (int k = parts.size() - 1; k >= 0; k--) {
                box(pen, ox + k * COPY_STEP, oy - k * COPY_STEP, e[0], e[1], e[2], parts.get(k).colour(), 1, role);
            }
            return;
        }
        if (parts.stream().map(Part::colour).distinct().count() == 1) {
            // channels of one colour along a box axis: one box, no slices
            parts = List.of(new Part(0, length, parts.getFirst().colour()));
        }
        // parts along x are painted left to right; along y and z from the far end, so nearer faces cover farther
        List<Part> order = new ArrayList<>(parts);
        if (axis != 0) {
            java.util.Collections.reverse(order);
        }
        double[] edges = partEdges(parts, length, e[axis]);
        for (Part p : order) {
            int index = parts.indexOf(p);
            double from = edges[index];
            double to = edges[index + 1];
            double[] at = {0, 0, 0};
            double[] size = {e[0], e[1], e[2]};
            at[axis] = from;
            size[axis] = to - from;
            box(pen, ox + at[0] + at[2] * DX, oy + at[1] - at[2] * DY, size[0], size[1], size[2], p.colour(), 1, role);
        }
    }

    /**
     * Pixel boundaries of the parts along an axis of {@code extent} pixels: proportional, except
     * that single channels beside an elided run get at least {@link #MIN_PART} so they stay visible.
     */
    private static double[] partEdges(List<Part> parts, int length, double extent) {
        double[] widths = new double[parts.size()];
        double singles = 0;
        int elided = -1;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            widths[i] = extent * (p.to() - p.from()) / length;
            if (p.to() - p.from() > 1) {
                elided = i;
            } else {
                widths[i] = Math.max(widths[i], Math.min(MIN_PART, extent / (2 * parts.size())));
                singles += widths[i];
            }
        }
        if (elided >= 0) {
            widths[elided] = Math.max(0, extent - singles);
        }
        double[] edges = new double[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            edges[i + 1] = edges[i] + widths[i];
        }
        return edges;
    }

    /** A box: front face, then top and right faces receding by the depth {@code z}; a rectangle when z = 0. */
    private static void box(Pen pen, double x, double y, double w, double h, double z, Rgb colour, double opacity,
                            String role) {
        Attributes attributes = Attributes.cssClass(role);
        pen.rect(x, y, w, h, Style.of(colour.lighter(0.45), colour, 1).withOpacity(opacity), attributes);
        if (z <= 0) {
            return;
        }
        double dx = z * DX;
        double dy = z * DY;
        pen.polygon(List.of(new Point(x, y), new Point(x + w, y), new Point(x + w + dx, y - dy),
                new Point(x + dx, y - dy)), Style.of(colour.lighter(0.7), colour, 1).withOpacity(opacity));
        pen.polygon(List.of(new Point(x + w, y), new Point(x + w + dx, y - dy), new Point(x + w + dx, y + h - dy),
                new Point(x + w, y + h)), Style.of(colour.lighter(0.2), colour, 1).withOpacity(opacity));
    }

    private static void sizeLabels(Pen pen, double ox, double oy, int[] sizes) {
        double[] e = extents(sizes);
        pen.centred(ox + e[0] / 2, oy + e[1] + 14, Integer.toString(sizes[0]), Pen.SMALL, Palette.MUTED,
                Attributes.NONE);
        pen.rightAligned(ox - 5, oy + e[1] / 2 + 4, Integer.toString(sizes[1]), Pen.SMALL, Palette.MUTED);
        if (e[2] > 0) {
            pen.text(ox + e[0] + e[2] * DX / 2 + 5, oy + e[1] - e[2] * DY / 2 + 10, Integer.toString(sizes[2]),
                    Pen.SMALL, Palette.MUTED);
        }
        if (sizes[3] > 1) {
            double back = (copiesDrawn(sizes) - 1) * COPY_STEP;
            pen.text(ox + back + e[0] + e[2] * DX + 6, oy - back - e[2] * DY + 4, "x " + sizes[3], Pen.SMALL,
                    Palette.MUTED);
        }
    }

    /**
     * An arrow along every spatial axis the window can move on, from the window's far edge to the
     * input's; returns a note for each axis it cannot move on (the kernel fills it).
     */
    private List<String> slideArrows(Pen pen, double ox, double oy, int[] sizes, int[] window) {
        double[] e = extents(sizes);
        double[] k = extents(window);
        Rgb colour = Palette.series(0);
        List<String> notes = new ArrayList<>();
        int r = g.spatialRank();
        for (int i = 0; i < r; i++) {
            AxisGeometry a = g.axis(i);
            int axis = r - 1 - i;
            if (a.output() == 1) {
                notes.add("no slide along " + a.name() + ": 1 position");
                continue;
            }
            switch (axis) {
                case 0 -> {
                    double y = oy + e[1] + 26;
                    pen.arrow(ox + k[0], y, ox + e[0], y, colour);
                    pen.centred(ox + (k[0] + e[0]) / 2, y + 14, a.name(), Pen.SMALL, colour, Attributes.NONE);
                }
                case 1 -> {
                    double x = ox - 24;
                    pen.arrow(x, oy + k[1], x, oy + e[1], colour);
                    pen.rightAligned(x - 5, oy + (k[1] + e[1]) / 2 + 4, a.name(), Pen.SMALL, colour);
                }
                default -> {
                    // depth recedes up and to the right: the arrow runs along the box's whole depth (from
                    // the window's far face it can be a few pixels long, a bare arrowhead that reads as "down")
                    double x = ox - 14;
                    double y = oy - 10;
                    pen.arrow(x, y, x + e[2] * DX, y - e[2] * DY, colour);
                    pen.rightAligned(x + e[2] * DX - 6, y - e[2] * DY - 2, a.name(), Pen.SMALL,
                            colour);
                }
            }
        }
        return notes;
    }

    // ---- words -----------------------------------------------------------------------------------------------

    private List<String> summary() {
        int r = g.spatialRank();
        List<String> sliding = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        for (AxisGeometry a : g.axes()) {
            (a.output() > 1 ? sliding : fixed).add(a.name());
        }
        List<String> lines = new ArrayList<>();
        lines.add(r + "D convolution: the kernel moves along " + r + " spatial ax" + (r == 1 ? "is" : "es")
                + " (" + String.join(", ", g.axes().stream().map(AxisGeometry::name).toList())
                + "), whatever the rank of the tensors (" + (r + 2) + " with batch and channels).");
        if (!fixed.isEmpty()) {
            lines.add("It has a single position along " + String.join(", ", fixed) + ", so it slides in "
                    + sliding.size() + " direction" + (sliding.size() == 1 ? "" : "s") + ": in effect a "
                    + sliding.size() + "D convolution.");
        }
        String map = r + "D map " + Shape.of(g.outputSizes());
        int cin = g.inChannelsPerGroup();
        if (g.spec().depthwise()) {
            lines.add("Depthwise: " + (g.inChannels() == 1 ? "the one channel has its own " : "each of the "
                    + g.inChannels() + " channels has its own ") + count(g.outChannelsPerGroup(), "filter")
                    + "; each filter yields one " + map + ", " + count(g.outChannels(), "map") + " in all.");
        } else if (g.groups() > 1) {
            lines.add("The " + g.inChannels() + " channels form " + g.groups() + " groups of " + cin
                    + "; each filter spans its group's " + count(cin, "channel") + " and yields one " + map + "; "
                    + count(g.outChannels(), "filter") + " give " + count(g.outChannels(), "map") + " in all.");
        } else {
            lines.add("Each filter spans " + (cin == 1 ? "the input's only channel" : "all " + cin + " input channels")
                    + ", so it does not slide along channels: it yields one " + map + ". "
                    + count(g.outChannels(), "filter")
                    + (g.outChannels() == 1 ? " gives 1 map." : " give " + count(g.outChannels(), "map")
                    + ", stacked as the output's channels."));
        }
        return lines;
    }

    private String format() {
        return g.spec().dataFormat().code(g.spatialRank());
    }

    private String filterFormat() {
        return g.spec().depthwise() ? "depthwise" : g.spec().filterFormat().code(g.spatialRank());
    }

    private static String describe(int[] spatial) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < spatial.length; i++) {
            sb.append(i == 0 ? "" : "x").append(spatial[i]);
        }
        return sb.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Indices drawn for {@code n} items when at most {@code max} fit: the first ones, then the last. */
    private static List<Integer> shownIndices(int n, int max) {
        List<Integer> shown = new ArrayList<>();
        if (n <= max) {
            for (int i = 0; i < n; i++) {
                shown.add(i);
            }
            return shown;
        }
        for (int i = 0; i < max - 1; i++) {
            shown.add(i);
        }
        shown.add(n - 1);
        return shown;
    }
}
