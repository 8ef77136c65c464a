package dev.conv4j.explain.picture;

import dev.conv4j.explain.BackwardExplainer;
import dev.conv4j.explain.BackwardExplainer.Op;
import dev.conv4j.explain.BackwardExplainer.Worked;
import dev.conv4j.draw.Animation;
import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Rgb;
import dev.conv4j.draw.Style;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A backward operation drawn with its numbers, in two rows that compute the same result: the
 * operation as defined (top: each value spreading a scaled copy of the kernel, or the input
 * correlated with the output gradient) and the forward convolution it equals (bottom: the
 * spread and padded gradient under the flipped kernel, or the input under the gradient). For one
 * result value both rows light what it is made of: in the top row the values and weights that
 * meet there, in the bottom row the window of the forward convolution; the cells lit are the
 * same numbers.
 *
 * <p>Draws 1D and 2D convolutions (the first channel of the first sample); up to {@link #MAX_CELLS}
 * cells an axis.
 */
public final class BackwardPictures {
    public static final int MAX_CELLS = 24;
    private static final double CELL = 24;
    private static final int FRAME_BUDGET = 40;
    private static final Rgb LIT = Palette.series(0);
    private static final Rgb RESULT = Palette.LAST_WINDOW;

    private BackwardPictures() {
    }

    /** The still picture, lighting the result value the text works out. */
    public static Drawing picture(Worked w, String title) {
        return picture(w, BackwardExplainer.workedPosition(w), title);
    }

    /**
     * The still picture lighting result value {@code position} (one coordinate per spatial axis).
     *
     * @throws IllegalArgumentException for a position outside the result
     */
    public static Drawing picture(Worked w, int[] position, String title) {
        check(w);
        int[] sizes = resultSizes(w);
        if (position.length != sizes.length) {
            throw new IllegalArgumentException("position " + index(position) + " needs " + sizes.length
                    + " coordinates");
        }
        for (int a = 0; a < sizes.length; a++) {
            if (position[a] < 0 || position[a] >= sizes[a]) {
                throw new IllegalArgumentException("position " + index(position) + " lies outside the result "
                        + index(sizes));
            }
        }
        return frame(w, position, title, "");
    }

    /** One frame per result value (at most {@value #FRAME_BUDGET}, evenly spread), the same cells lit in both rows. */
    public static Animation animation(Worked w, String title) {
        check(w);
        List<int[]> positions = new ArrayList<>();
        BackwardExplainer.forEach(resultSizes(w), positions::add);
        int step = Math.max(1, (positions.size() + FRAME_BUDGET - 1) / FRAME_BUDGET);
        List<Drawing> frames = new ArrayList<>();
        List<Integer> delays = new ArrayList<>();
        for (int i = 0; i < positions.size(); i += step) {
            frames.add(frame(w, positions.get(i), title, "step " + (i / step + 1) + " of "
                    + (positions.size() + step - 1) / step + ": "));
            delays.add(900);
        }
        return new Animation(frames, delays);
    }

    private static void check(Worked w) {
        int r = w.forward().spatialRank();
        if (r > 2) {
            throw new IllegalArgumentException("pictures of " + w.op().code() + " draw 1D and 2D convolutions; the"
                    + " text explains " + r + "D ones");
        }
        for (Tensor t : List.of(w.paddedIdentityInput(), w.result(), w.operand())) {
            for (int a = 1; a <= r; a++) {
                if (t.shape().dim(a) > MAX_CELLS) {
                    throw new IllegalArgumentException("pictures of " + w.op().code() + " draw up to " + MAX_CELLS
                            + " cells an axis; " + t.shape() + " has " + t.shape().dim(a) + ": use smaller shapes");
                }
            }
        }
    }

    private static int[] resultSizes(Worked w) {
        return w.op() == Op.GRAD_FILTER ? w.forward().kernelSizes() : w.forward().inputSizes();
    }

    private static Drawing frame(Worked w, int[] p, String title, String stepWords) {
        ConvGeometry g = w.forward();
        int r = g.spatialRank();
        Drawing.Builder b = Drawing.builder(title.isEmpty() ? w.op().code() + ": " + g.problem() : title);
        Pen pen = new Pen(b);
        double y = 20;
        if (!title.isEmpty()) {
            pen.bold(12, y, title, Pen.HEADING);
            y += 18;
        }
        pen.text(12, y, "forward: " + g.problem(), Pen.SMALL + 1, Palette.MUTED);
        y += 20;
        boolean filterGradient = w.op() == Op.GRAD_FILTER;
        String operand = w.op() == Op.TRANSPOSE ? "x" : "dL/dy";
        String result = switch (w.op()) {
            case TRANSPOSE -> "y";
            case GRAD_INPUT -> "dL/dx";
            case GRAD_FILTER -> "dL/dw";
        };
        // what the result value p is made of, per axis
        List<BitSet> topA = new ArrayList<>();
        List<BitSet> topB = new ArrayList<>();
        List<BitSet> window = new ArrayList<>();
        ConvGeometry id = w.identity();
        for (int a = 0; a < r; a++) {
            AxisGeometry ax = g.axis(a);
            BitSet first = new BitSet();
            BitSet second = new BitSet();
            for (int o = 0; o < ax.output(); o++) {
                for (int j = 0; j < ax.kernel(); j++) {
                    int i = o * ax.stride() - ax.padBefore() + j * ax.dilation();
                    if (filterGradient && j == p[a] && i >= 0 && i < ax.input()) {
                        first.set(i);
                        second.set(o);
                    } else if (!filterGradient && i == p[a]) {
                        first.set(o);
                        second.set(j);
                    }
                }
            }
            topA.add(first);
            topB.add(second);
            AxisGeometry ia = id.axis(a);
            BitSet read = new BitSet();
            for (int t = 0; t < ia.kernel(); t++) {
                read.set(p[a] * ia.stride() + t * ia.dilation());
            }
            window.add(read);
        }
        String what = filterGradient
                ? "the input values weight " + index(p) + " met, times the output gradient where they met"
                : "the " + operand + " values that reach " + index(p) + " and the weights they pass through";
        y = row(pen, y, "as defined: " + result + " " + index(p) + " = the sum of " + what, List.of(
                new Grid(filterGradient ? "x" : operand, filterGradient ? w.input() : w.operand(), true, topA, null),
                new Grid(filterGradient ? "dL/dy" : "w", filterGradient ? w.operand() : w.filter(), filterGradient,
                        topB, null),
                new Grid(result, w.result(), !filterGradient, single(p), null)), filterGradient ? "(x)" : "*");
        String how = filterGradient
                ? "the input, padded, under dL/dy as a kernel dilated by the stride"
                : operand + " spread by the stride and padded, under the flipped kernel";
        y = row(pen, y + 10, "as a forward convolution: " + how + "; the window is lit", List.of(
                new Grid(filterGradient ? "padded x" : "spread, padded " + operand, w.paddedIdentityInput(), true,
                        window, padMask(w)),
                new Grid(filterGradient ? "dL/dy" : "flipped w", w.identityFilter(), false, null, null),
                new Grid(result, w.viaForward(), !filterGradient, single(p), null)), "*");
        pen.text(12, y + 4, stepWords + result + " " + index(p) + " = " + BackwardExplainer.number(value(w, p))
                + " in both rows (computed by conv4j)", Pen.BODY, Palette.INK);
        return b.build();
    }

    /** A grid of numbers: a data tensor {@code [N, spatial..., C]} or a filter {@code [k..., I, O]}. */
    private record Grid(String name, Tensor t, boolean data, List<BitSet> lit, List<BitSet> real) {
    }

    private static List<BitSet> single(int[] p) {
        List<BitSet> sets = new ArrayList<>();
        for (int v : p) {
            BitSet s = new BitSet();
            s.set(v);
            sets.add(s);
        }
        return sets;
    }

    /** Which cells of the padded identity input hold values (the rest is padding), per axis. */
    private static List<BitSet> padMask(Worked w) {
        ConvGeometry id = w.identity();
        List<BitSet> sets = new ArrayList<>();
        for (int a = 0; a < id.spatialRank(); a++) {
            BitSet s = new BitSet();
            s.set(id.padsBefore()[a], id.padsBefore()[a] + id.axis(a).input());
            sets.add(s);
        }
        return sets;
    }

    private static float value(Worked w, int[] p) {
        return w.op() == Op.GRAD_FILTER ? w.result().get(kernelIndex(p)) : w.result().get(dataIndex(p));
    }

    /** Draws grids side by side with operators between them; returns the y below the row. */
    private static double row(Pen pen, double y, String caption, List<Grid> grids, String operator) {
        pen.bold(12, y, caption, Pen.BODY);
        y += 18;
        double x = 12;
        double tallest = 0;
        for (int k = 0; k < grids.size(); k++) {
            Grid grid = grids.get(k);
            int[] size = spatial(grid);
            int rows = size.length == 2 ? size[0] : 1;
            int cols = size[size.length - 1];
            pen.text(x, y + 10, grid.name() + " " + grid.t().shape(), Pen.SMALL, Palette.MUTED);
            double top = y + 16;
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols; col++) {
                    int[] c = size.length == 2 ? new int[] {row, col} : new int[] {col};
                    float v = grid.t().get(grid.data() ? dataIndex(c) : kernelIndex(c));
                    boolean lit = grid.lit() == null || contains(grid.lit(), c);
                    boolean real = grid.real() == null || contains(grid.real(), c);
                    boolean result = lit && k == grids.size() - 1;
                    Style style = result ? Style.of(RESULT.lighter(0.55), RESULT, 2)
                            : lit ? Style.of(LIT.lighter(0.55), LIT, 2)
                            : real ? Style.of(Palette.INPUT, Palette.INPUT_EDGE, 1)
                            : Style.of(Palette.PAD, Palette.PAD_EDGE, 1).withDash();
                    double cx = x + col * CELL;
                    double cy = top + row * CELL;
                    String classes = "cell" + (result ? " result" : lit ? " lit" : "");
                    pen.rect(cx, cy, CELL, CELL, style, k == grids.size() - 1
                            ? Attributes.of("class", classes + " value", "data-c", index(c).replaceAll("[\\[\\]]", ""))
                            : Attributes.cssClass(classes));
                    pen.centred(cx + CELL / 2, cy + CELL / 2 + 4, BackwardExplainer.number(v),
                            Math.abs(v) >= 100 ? Pen.SMALL - 2 : Pen.SMALL, Palette.INK, Attributes.NONE);
                }
            }
            double width = Math.max(cols * CELL, (grid.name().length() + 12) * Pen.SMALL * 0.6);
            tallest = Math.max(tallest, 16 + rows * CELL);
            x += width + 14;
            if (k < grids.size() - 1) {
                pen.centred(x + 8, top + rows * CELL / 2 + 8, k == 0 ? operator : "=", 20, Palette.INK,
                        Attributes.NONE);
                x += 30;
            }
        }
        return y + tallest + 14;
    }

    private static int[] spatial(Grid grid) {
        int[] dims = grid.t().shape().dims();
        int r = dims.length - 2;
        int[] s = new int[r];
        System.arraycopy(dims, grid.data() ? 1 : 0, s, 0, r);
        return s;
    }

    private static boolean contains(List<BitSet> sets, int[] c) {
        for (int a = 0; a < c.length; a++) {
            if (!sets.get(a).get(c[a])) {
                return false;
            }
        }
        return true;
    }

    private static int[] dataIndex(int[] spatial) {
        int[] c = new int[spatial.length + 2];
        System.arraycopy(spatial, 0, c, 1, spatial.length);
        return c;
    }

    private static int[] kernelIndex(int[] spatial) {
        return java.util.Arrays.copyOf(spatial, spatial.length + 2);
    }

    private static String index(int[] c) {
        return java.util.Arrays.toString(c).replace(" ", "");
    }
}
