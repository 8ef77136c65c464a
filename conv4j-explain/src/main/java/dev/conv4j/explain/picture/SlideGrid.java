package dev.conv4j.explain.picture;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Rgb;
import dev.conv4j.draw.Style;
import dev.conv4j.explain.picture.AxisView.Slot;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The grid view of a convolution: one input channel with its padding cell by cell, one filter's
 * kernel for that channel, and one output map, with chosen output positions' windows marked.
 * Shows SAME's odd pad after, strides (the window jumps), dilation (its taps spread) and the
 * positions a VALID stride never reads.
 *
 * <p>Every rank is drawn as 3D (depth, height, width) with unit axes in front: depth slices sit
 * side by side, each a grid of rows and columns. SVG cells carry {@code class} (e.g.
 * {@code cell in pad pad-after pad-extra}) and {@code data-c} (their coordinates, e.g. {@code 3,8}),
 * which the interactive page uses to highlight and the tests to count.
 */
public final class SlideGrid {
    static final double CELL = 24;
    private static final double GAP = 14;
    private static final double SLICE_GAP = 22;
    private static final double BLOCK_GAP = 22;
    private static final double LEFT = 40;
    private static final long ZERO_LABEL_LIMIT = 200;
    /** Depth slices wrap to a new row past this width. */
    private static final double ROW_WIDTH = 1100;

    private final ConvGeometry g;
    private final String title;
    /** Depth, height, width: unit axes in front of the geometry's. */
    private final List<AxisView> views;
    /** Whether padding cells say "0" (small grids only: on large ones the zeros are noise). */
    private final boolean labelZeros;

    private SlideGrid(ConvGeometry g, String title) {
        int r = g.spatialRank();
        if (r > 3) {
            throw new IllegalArgumentException("pictures show convolutions of up to 3 spatial axes; this one has " + r);
        }
        this.g = g;
        this.title = title;
        List<AxisView> v = new ArrayList<>();
        for (int i = r; i < 3; i++) {
            v.add(AxisView.unit());
        }
        AxisView.Budget budget = AxisView.Budget.forRank(r);
        g.axes().forEach(a -> v.add(AxisView.of(a, budget)));
        this.views = List.copyOf(v);
        // a 3D grid is drawn as slices: what crowds the picture is the cells of one slice, not of all
        long cells = 1;
        for (AxisView view : views.subList(1, 3)) {
            cells *= view.inputs().stream().filter(slot -> !slot.gap()).count();
        }
        this.labelZeros = cells <= ZERO_LABEL_LIMIT && g.spec().boundary() == Boundary.ZERO;
    }

    /** The grid for {@code g}; {@code title} heads the picture (may be empty). */
    public static SlideGrid of(ConvGeometry g, String title) {
        return new SlideGrid(g, title);
    }

    /** A window to mark: the output position (one coordinate per spatial axis) and its colour. */
    record Window(int[] output, Rgb colour) {
    }

    /** The picture with the first and the last output position's windows marked. */
    public Drawing still() {
        int[] first = new int[g.spatialRank()];
        int[] last = g.outputSizes();
        for (int i = 0; i < last.length; i++) {
            last[i] = lastShown(views.get(3 - g.spatialRank() + i));
        }
        List<Window> windows = Arrays.equals(first, last) ? List.of(new Window(first, Palette.FIRST_WINDOW))
                : List.of(new Window(first, Palette.FIRST_WINDOW), new Window(last, Palette.LAST_WINDOW));
        return draw(windows, Set.of(), "");
    }

    /** The picture with no window marked, for the interactive page to highlight on its own. */
    public Drawing plain() {
        return draw(List.of(), Set.of(), "");
    }

    /** One animation frame: output {@code position}'s window, the outputs in {@code done} filled in. */
    Drawing frame(int[] position, Set<List<Integer>> done, String step) {
        return draw(List.of(new Window(position, Palette.FIRST_WINDOW)), done, step);
    }

    List<AxisView> views() {
        return views;
    }

    private static int lastShown(AxisView view) {
        return view.outputs().stream().filter(s -> !s.gap()).mapToInt(Slot::index).max().orElse(0);
    }

    /** Which of the three blocks a cell belongs to. */
    private enum Block {
        INPUT("in", AxisView::inputs),
        KERNEL("w", AxisView::kernel),
        OUTPUT("out", AxisView::outputs);

        final String role;
        final Function<AxisView, List<Slot>> slots;

        Block(String role, Function<AxisView, List<Slot>> slots) {
            this.role = role;
            this.slots = slots;
        }
    }

    /** What a cell looks like. */
    private record Look(Style style, String label, String classes) {
    }

    private Drawing draw(List<Window> windows, Set<List<Integer>> done, String step) {
        Drawing.Builder b = Drawing.builder(title.isEmpty() ? g.problem() : title + ": " + g.problem());
        Pen pen = new Pen(b);
        double y = 20;
        if (!title.isEmpty()) {
            pen.bold(12, y, title, Pen.HEADING);
            y += 18;
        }
        pen.text(12, y, g.problem(), Pen.SMALL + 1, Palette.MUTED);
        y += 26;
        int cin = g.inChannelsPerGroup();
        pen.bold(12, y, "input" + oneOf(g.inChannels(), "channel") + ", with its padding (" + padWords() + ")",
                Pen.BODY);
        y = block(pen, y + 8, Block.INPUT, windows, done);
        pen.bold(12, y + BLOCK_GAP, "kernel: one filter's weights for that channel (" + count(g.outChannels(), "filter")
                + " of " + shapeText(g.kernelSizes()) + " x " + count(cin, "channel") + ")", Pen.BODY);
        y = block(pen, y + BLOCK_GAP + 8, Block.KERNEL, windows, done);
        pen.bold(12, y + BLOCK_GAP, "output" + oneOf(g.outChannels(), "map") + " " + shapeText(g.outputSizes())
                + "; each number is the output for an all-ones input and kernel", Pen.BODY);
        y = block(pen, y + BLOCK_GAP + 8, Block.OUTPUT, windows, done) + 6;
        // what changes from frame to frame stays above the legend, so animation frames differ in a smaller area
        for (Window w : windows) {
            y += 18;
            pen.rect(12, y - 10, 12, 12, Style.filled(w.colour()), Attributes.NONE);
            pen.text(30, y, (step.isEmpty() ? "" : step + ": ") + windowCaption(w.output()), Pen.SMALL + 1,
                    Palette.INK);
        }
        y = legend(pen, y + 26, windows);
        for (AxisGeometry a : g.axes()) {
            y += 16;
            pen.text(12, y, String.format(Locale.ROOT, "%-7s %s", a.name(), a.formula()), Pen.SMALL + 1, Palette.INK);
        }
        return b.build();
    }

    private static String oneOf(long n, String noun) {
        return n == 1 ? " (its only " + noun + ")" : ": one of its " + n + " " + noun + "s";
    }

    private String padWords() {
        Padding p = g.spec().padding();
        String rule = p == Padding.SAME || p == Padding.VALID || p == Padding.CAUSAL ? p.toString() : "explicit";
        return rule + ": before " + shapeText(g.padsBefore()) + ", after " + shapeText(g.padsAfter());
    }

    /**
     * Draws one block from {@code top}: its depth slices left to right, wrapping to a new row of
     * slices past {@link #ROW_WIDTH}; each slice a grid of rows and columns. Returns the y below it.
     */
    private double block(Pen pen, double top, Block block, List<Window> windows, Set<List<Integer>> done) {
        List<Slot> slices = block.slots.apply(views.get(0));
        List<Slot> rows = block.slots.apply(views.get(1));
        List<Slot> cols = block.slots.apply(views.get(2));
        double[] colX = offsets(cols, CELL, GAP);
        double[] rowY = offsets(rows, CELL, GAP);
        double sliceWidth = colX[colX.length - 1];
        double gridHeight = rowY[rowY.length - 1];
        boolean depthShown = views.get(0).real();
        double header = (depthShown ? 16 : 0) + 14;
        double x0 = LEFT;
        double rowTop = top;
        for (int s = 0; s < slices.size(); s++) {
            double width = slices.get(s).gap() ? GAP : sliceWidth;
            if (x0 > LEFT && x0 + width > LEFT + ROW_WIDTH) {
                x0 = LEFT;
                rowTop += header + gridHeight + SLICE_GAP;
            }
            double gridTop = rowTop + header;
            if (slices.get(s).gap()) {
                pen.centred(x0 + GAP / 2, gridTop + gridHeight / 2 + 4, "...", Pen.BODY, Palette.MUTED,
                        Attributes.NONE);
            } else {
                slice(pen, block, x0, rowTop, gridTop, slices.get(s).index(), x0 == LEFT, rows, cols, colX, rowY,
                        windows, done);
            }
            x0 += width + SLICE_GAP;
        }
        return rowTop + header + gridHeight;
    }

    /** One depth slice of a block: its caption, column and row numbers (at the left only), cells, window outlines. */
    private void slice(Pen pen, Block block, double x0, double top, double gridTop, int depth, boolean left,
                       List<Slot> rows,
                       List<Slot> cols, double[] colX, double[] rowY, List<Window> windows, Set<List<Integer>> done) {
        if (views.get(0).real()) {
            boolean pad = block == Block.INPUT && views.get(0).isPad(depth);
            pen.text(x0, top + 12, views.get(0).axis().name() + " " + depth + (pad ? " (padding)" : ""), Pen.SMALL,
                    Palette.MUTED);
        }
        for (int c = 0; c < cols.size(); c++) {
            if (!cols.get(c).gap()) {
                pen.centred(x0 + colX[c] + CELL / 2, gridTop - 6, Integer.toString(cols.get(c).index()),
                        Pen.SMALL - 1, Palette.MUTED, Attributes.NONE);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            double y0 = gridTop + rowY[r];
            Slot row = rows.get(r);
            if (left && views.get(1).real() && !row.gap()) {
                pen.rightAligned(x0 - 6, y0 + CELL / 2 + 4, Integer.toString(row.index()), Pen.SMALL - 1,
                        Palette.MUTED);
            }
            for (int c = 0; c < cols.size(); c++) {
                Slot col = cols.get(c);
                double cx = x0 + colX[c];
                if (row.gap() && col.gap()) {
                    continue;
                }
                if (row.gap() || col.gap()) {
                    pen.centred(cx + (col.gap() ? GAP : CELL) / 2, y0 + (row.gap() ? GAP : CELL) / 2 + 4,
                            row.gap() ? ":" : "...", Pen.SMALL, Palette.MUTED, Attributes.NONE);
                    continue;
                }
                cell(pen, block, cx, y0, new int[] {depth, row.index(), col.index()}, windows, done);
            }
        }
        if (block == Block.INPUT) {
            for (Window w : windows) {
                spanOutline(pen, x0, gridTop, depth, rows, cols, colX, rowY, w);
            }
        }
    }

    private void cell(Pen pen, Block block, double x, double y, int[] at, List<Window> windows,
                      Set<List<Integer>> done) {
        Look look = switch (block) {
            case INPUT -> inputLook(at, windows);
            case KERNEL -> kernelLook(at, windows);
            case OUTPUT -> outputLook(at, windows, done);
        };
        pen.rect(x, y, CELL, CELL, look.style(),
                Attributes.of("class", "cell " + block.role + look.classes(), "data-c", key(at)));
        if (!look.label().isEmpty()) {
            pen.centred(x + CELL / 2, y + CELL / 2 + 4, look.label(), Pen.SMALL, Palette.INK,
                    Attributes.cssClass("value"));
        }
    }

    private Look inputLook(int[] at, List<Window> windows) {
        boolean pad = false;
        boolean before = false;
        boolean after = false;
        boolean extra = false;
        boolean read = true;
        for (int a = 0; a < 3; a++) {
            AxisView v = views.get(a);
            pad |= v.isPad(at[a]);
            before |= v.isPadBefore(at[a]);
            after |= v.isPadAfter(at[a]);
            extra |= v.isUnmatchedPad(at[a]);
            read &= v.isRead(at[a]);
        }
        String classes = (pad ? " pad" : "") + (before ? " pad-before" : "") + (after ? " pad-after" : "")
                + (extra ? " pad-extra" : "") + (read ? "" : " unread");
        Style style = extra ? Style.of(Palette.PAD_EXTRA, Palette.PAD_EXTRA_EDGE, 1).withDash()
                : pad ? Style.of(Palette.PAD, Palette.PAD_EDGE, 1).withDash()
                : read ? Style.of(Palette.INPUT, Palette.INPUT_EDGE, 1)
                : Style.of(Palette.UNREAD, Palette.GRID, 1);
        for (Window w : windows) {
            if (covers(w.output(), at)) {
                style = Style.of(mixed(style.fill(), w.colour()), w.colour(), 2);
            }
        }
        return new Look(style, pad && labelZeros ? "0" : "", classes);
    }

    private Look kernelLook(int[] at, List<Window> windows) {
        Rgb filter = Palette.series(0);
        Style style = Style.of(filter.lighter(0.8), filter.lighter(0.3), 1);
        if (windows.size() == 1) {
            int[] o = lift(windows.getFirst().output());
            boolean readsInput = true;
            for (int a = 0; a < 3; a++) {
                readsInput &= g.spec().boundary().sourceIndex(views.get(a).tap(o[a], at[a]),
                        views.get(a).axis().input()) >= 0;
            }
            style = readsInput ? Style.of(filter.lighter(0.45), filter, 2)
                    : Style.of(Palette.PAD, filter.lighter(0.3), 1).withDash();
        }
        return new Look(style, "", "");
    }

    private Look outputLook(int[] at, List<Window> windows, Set<List<Integer>> done) {
        Style style = done.contains(real(at)) ? Style.of(Palette.OUTPUT_DONE, Palette.OUTPUT_EDGE, 1)
                : Style.of(Palette.OUTPUT, Palette.OUTPUT_EDGE, 1);
        for (Window w : windows) {
            if (Arrays.equals(lift(w.output()), at)) {
                style = Style.of(w.colour().lighter(0.55), w.colour(), 2);
            }
        }
        String value = Long.toString(onesValue(at));
        return new Look(style, value.length() <= 4 ? value : "", "");
    }

    /** The output at {@code o} for an all-ones input and kernel: the taps that read input, times the channels. */
    long onesValue(int[] o) {
        long taps = 1;
        for (int a = 0; a < 3; a++) {
            taps *= views.get(a).tapsReadingInput(o[a], g.spec().boundary());
        }
        return taps * g.inChannelsPerGroup();
    }

    /** Whether input position {@code at} is one of the taps of the window of {@code output}. */
    private boolean covers(int[] output, int[] at) {
        int[] o = lift(output);
        for (int a = 0; a < 3; a++) {
            AxisView v = views.get(a);
            boolean hit = false;
            for (int j = 0; j < v.axis().kernel() && !hit; j++) {
                hit = v.tap(o[a], j) == at[a];
            }
            if (!hit) {
                return false;
            }
        }
        return true;
    }

    /** A dashed frame around the span a window covers in one depth slice (shows dilation's reach). */
    private void spanOutline(Pen pen, double x0, double gridTop, int slice, List<Slot> rows, List<Slot> cols,
                             double[] colX, double[] rowY, Window w) {
        int[] o = lift(w.output());
        AxisView depth = views.get(0);
        boolean inSlice = false;
        for (int j = 0; j < depth.axis().kernel(); j++) {
            inSlice |= depth.tap(o[0], j) == slice;
        }
        if (!inSlice) {
            return;
        }
        int r0 = slotOf(rows, views.get(1).windowStart(o[1]));
        int r1 = slotOf(rows, views.get(1).tap(o[1], views.get(1).axis().kernel() - 1));
        int c0 = slotOf(cols, views.get(2).windowStart(o[2]));
        int c1 = slotOf(cols, views.get(2).tap(o[2], views.get(2).axis().kernel() - 1));
        if (r0 < 0 || r1 < 0 || c0 < 0 || c1 < 0) {
            return;
        }
        double x = x0 + colX[c0] - 3;
        double y = gridTop + rowY[r0] - 3;
        pen.rect(x, y, colX[c1] + CELL - colX[c0] + 6, rowY[r1] + CELL - rowY[r0] + 6,
                Style.outlined(w.colour(), 1.5).withDash(), Attributes.NONE);
    }

    private static int slotOf(List<Slot> slots, int index) {
        for (int i = 0; i < slots.size(); i++) {
            if (!slots.get(i).gap() && slots.get(i).index() == index) {
                return i;
            }
        }
        return -1;
    }

    private double legend(Pen pen, double y, List<Window> windows) {
        boolean pad = false;
        boolean extra = false;
        boolean unread = false;
        for (Slot d : views.get(0).inputs()) {
            for (Slot h : views.get(1).inputs()) {
                for (Slot w : views.get(2).inputs()) {
                    if (d.gap() || h.gap() || w.gap()) {
                        continue;
                    }
                    Look look = inputLook(new int[] {d.index(), h.index(), w.index()}, List.of());
                    pad |= look.classes().contains(" pad");
                    extra |= look.classes().contains("pad-extra");
                    unread |= look.classes().contains("unread");
                }
            }
        }
        double x = 12;
        x = pen.swatch(x, y, Style.of(Palette.INPUT, Palette.INPUT_EDGE, 1), "input");
        Boundary boundary = g.spec().boundary();
        if (pad) {
            x = pen.swatch(x, y, Style.of(Palette.PAD, Palette.PAD_EDGE, 1).withDash(), boundary == Boundary.ZERO
                    ? "padding (zeros)" : "padding (" + boundary.code() + ": repeats the input)");
        }
        if (extra) {
            x = pen.swatch(x, y, Style.of(Palette.PAD_EXTRA, Palette.PAD_EXTRA_EDGE, 1).withDash(),
                    g.spec().padding() == Padding.SAME ? "the odd pad SAME puts after (TensorFlow)"
                            : g.spec().padding() == Padding.CAUSAL ? "CAUSAL: all padding before"
                            : "pad with no partner on the other side");
        }
        if (unread) {
            x = pen.swatch(x, y, Style.of(Palette.UNREAD, Palette.GRID, 1), "never read (the stride skips it)");
        }
        if (!windows.isEmpty()) {
            x = pen.swatch(x, y, Style.of(Palette.series(0).lighter(0.45), Palette.series(0), 2), "kernel taps");
        }
        pen.swatch(x, y, Style.of(Palette.OUTPUT, Palette.OUTPUT_EDGE, 1), "output");
        return y + 6;
    }

    private String windowCaption(int[] output) {
        int[] o = lift(output);
        List<String> parts = new ArrayList<>();
        long onInput = 1;
        long taps = 1;
        for (int a = 3 - g.spatialRank(); a < 3; a++) {
            AxisView v = views.get(a);
            int first = v.tap(o[a], 0);
            int last = v.tap(o[a], v.axis().kernel() - 1);
            String step = v.axis().dilation() > 1 ? " every " + v.axis().dilation() : "";
            parts.add(v.axis().name() + " " + (first == last ? first : first + ".." + last) + step);
            onInput *= v.tapsReadingInput(o[a], Boundary.ZERO);
            taps *= v.axis().kernel();
        }
        Boundary boundary = g.spec().boundary();
        String padded = taps == onInput ? "all " + taps + " taps on the input"
                : onInput + " of " + taps + " taps on the input, " + (taps - onInput) + " on padding"
                + (boundary == Boundary.ZERO ? "" : " (which " + boundary.code() + " fills with input values)");
        return "output " + shapeText(output) + " reads " + String.join(", ", parts) + ": " + padded;
    }

    /** Cell offsets along a track of slots, with the track's total length appended. */
    private static double[] offsets(List<Slot> slots, double cell, double gap) {
        double[] out = new double[slots.size() + 1];
        double x = 0;
        for (int i = 0; i < slots.size(); i++) {
            out[i] = x;
            x += slots.get(i).gap() ? gap : cell;
        }
        out[slots.size()] = x;
        return out;
    }

    private int[] lift(int[] realCoordinates) {
        int[] at = new int[3];
        System.arraycopy(realCoordinates, 0, at, 3 - realCoordinates.length, realCoordinates.length);
        return at;
    }

    private List<Integer> real(int[] at) {
        return Arrays.stream(at, 3 - g.spatialRank(), 3).boxed().toList();
    }

    private String key(int[] at) {
        StringBuilder sb = new StringBuilder();
        for (int a = 3 - g.spatialRank(); a < 3; a++) {
            sb.append(sb.isEmpty() ? "" : ",").append(at[a]);
        }
        return sb.toString();
    }

    private static Rgb mixed(Rgb base, Rgb tint) {
        Rgb light = tint.lighter(0.55);
        return base == null ? light : new Rgb((base.red() + 2 * light.red()) / 3, (base.green() + 2 * light.green()) / 3,
                (base.blue() + 2 * light.blue()) / 3);
    }

    static String shapeText(int[] values) {
        return dev.conv4j.tensor.Shape.of(values).toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
