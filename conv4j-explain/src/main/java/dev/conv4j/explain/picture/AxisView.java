package dev.conv4j.explain.picture;

import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One spatial axis as a picture shows it: which padded input positions, kernel taps and output
 * positions get a cell, and the window arithmetic that links them. A short axis is shown whole;
 * a long one shows its first and last output positions (two of each in 1D and 2D) and the inputs
 * their windows read, with a gap between, so both pads (and SAME's extra one after) stay visible
 * at any size.
 *
 * <p>Lower-rank convolutions are drawn as 3D ones with {@link #unit() unit} axes in front, so a
 * single layout serves 1D, 2D and 3D.
 *
 * @param axis     the axis's geometry (sizes, stride, dilation, pads)
 * @param real     false for a padding axis that only fills the picture up to three
 * @param inputs   padded input positions shown, in order (may hold gaps)
 * @param kernel   kernel taps shown
 * @param outputs  output positions shown
 */
record AxisView(AxisGeometry axis, boolean real, List<Slot> inputs, List<Slot> kernel, List<Slot> outputs) {
    private static final int KERNEL_LIMIT = 12;
    /** Taps shown at each end of a window whose whole span does not fit. */
    private static final int END_TAPS = 2;

    /** A shown position, or a gap standing for the positions left out. */
    record Slot(int index, boolean gap) {
        static Slot at(int index) {
            return new Slot(index, false);
        }

        static final Slot GAP = new Slot(Integer.MIN_VALUE, true);
    }

    /**
     * How much of a long axis to show.
     *
     * @param wholeLimit axes whose padded input has at most this many positions are shown whole
     * @param endOutputs how many output positions to show at each end of a longer axis
     * @param spanLimit  the most input positions a longer axis shows; past it, windows show only their end taps
     */
    record Budget(int wholeLimit, int endOutputs, int spanLimit) {
        /** A volume multiplies every axis's cells, so 3D pictures show less of each axis. */
        static Budget forRank(int spatialRank) {
            return spatialRank >= 3 ? new Budget(9, 1, 14) : new Budget(18, 2, 30);
        }
    }

    static AxisView of(AxisGeometry a, Budget budget) {
        int n = a.input();
        int padded = a.padBefore() + n + a.padAfter();
        List<Slot> kernel = indices(range(0, a.kernel()), a.kernel() <= KERNEL_LIMIT
                ? range(0, a.kernel()) : List.of(0, 1, 2, a.kernel() - 2, a.kernel() - 1));
        if (padded <= budget.wholeLimit()) {
            return new AxisView(a, true, indices(range(-a.padBefore(), n + a.padAfter()), null),
                    kernel, indices(range(0, a.output()), null));
        }
        TreeSet<Integer> outs = new TreeSet<>();
        for (int e = 0; e < budget.endOutputs(); e++) {
            outs.add(Math.min(e, a.output() - 1));
            outs.add(Math.max(a.output() - 1 - e, 0));
        }
        // the first choice: whole windows and whole pads; if too many, the ends of each
        TreeSet<Integer> spans = new TreeSet<>();
        TreeSet<Integer> ends = new TreeSet<>(List.of(0, n - 1));
        spans.addAll(range(-a.padBefore(), 0));
        spans.addAll(range(n, n + a.padAfter()));
        if (a.padBefore() > 0) {
            ends.addAll(List.of(-a.padBefore(), -1));
        }
        if (a.padAfter() > 0) {
            ends.addAll(List.of(n, n + a.padAfter() - 1));
        }
        for (int o : outs) {
            int start = a.stride() * o - a.padBefore();
            spans.addAll(range(start, start + a.effectiveKernel()));
            for (int j = 0; j < a.kernel(); j++) {
                if (j < END_TAPS || j >= a.kernel() - END_TAPS) {
                    ends.add(start + j * a.dilation());
                }
            }
        }
        return new AxisView(a, true, withGaps(spans.size() <= budget.spanLimit() ? spans : ends), kernel,
                withGaps(outs));
    }

    /** A stand-in axis of size 1 that lets a 1D or 2D convolution be drawn as a 3D one. */
    static AxisView unit() {
        AxisGeometry one = new AxisGeometry("", 1, 1, 1, 1, 0, 0, 1, Padding.VALID);
        List<Slot> zero = List.of(Slot.at(0));
        return new AxisView(one, false, zero, zero, zero);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    private static List<Slot> indices(List<Integer> all, List<Integer> shown) {
        return withGaps(new TreeSet<>(shown == null ? all : shown));
    }

    private static List<Slot> withGaps(TreeSet<Integer> shown) {
        List<Slot> slots = new ArrayList<>(shown.size() + 2);
        Integer previous = null;
        for (int i : shown) {
            if (previous != null && i > previous + 1) {
                slots.add(Slot.GAP);
            }
            slots.add(Slot.at(i));
            previous = i;
        }
        return List.copyOf(slots);
    }

    /** The first padded input position output {@code o}'s window covers. */
    int windowStart(int o) {
        return o * axis.stride() - axis.padBefore();
    }

    /** The input position tap {@code j} of output {@code o} reads (negative or past the end: padding). */
    int tap(int o, int j) {
        return windowStart(o) + j * axis.dilation();
    }

    boolean isPad(int i) {
        return i < 0 || i >= axis.input();
    }

    boolean isPadBefore(int i) {
        return i < 0;
    }

    boolean isPadAfter(int i) {
        return i >= axis.input();
    }

    /**
     * A pad with no partner on the other side: with TensorFlow's SAME the odd one after, with
     * CAUSAL every pad (all before), with explicit pads the surplus of the larger side.
     */
    boolean isUnmatchedPad(int i) {
        int before = axis.padBefore();
        int after = axis.padAfter();
        return after > before ? i >= axis.input() + before : before > after && i < -after;
    }

    /** Whether some output's window reads position {@code i} (a VALID stride can skip the last ones). */
    boolean isRead(int i) {
        for (int j = 0; j < axis.kernel(); j++) {
            int offset = i + axis.padBefore() - j * axis.dilation();
            if (offset >= 0 && offset % axis.stride() == 0 && offset / axis.stride() < axis.output()) {
                return true;
            }
        }
        return false;
    }

    /** Taps of output {@code o} that read the input rather than a zero (every tap, unless the boundary is zero). */
    int tapsReadingInput(int o, Boundary boundary) {
        int count = 0;
        for (int j = 0; j < axis.kernel(); j++) {
            if (boundary.sourceIndex(tap(o, j), axis.input()) >= 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Output positions an animation visits along this axis: every shown one when there are at
     * most {@code budget}, otherwise the first {@code budget - 1} shown and the last.
     */
    List<Integer> animated(int budget) {
        List<Integer> shown = outputs.stream().filter(s -> !s.gap()).map(Slot::index).toList();
        if (shown.size() <= budget) {
            return shown;
        }
        List<Integer> list = new ArrayList<>(shown.subList(0, Math.max(1, budget - 1)));
        list.add(shown.getLast());
        return list;
    }
}
