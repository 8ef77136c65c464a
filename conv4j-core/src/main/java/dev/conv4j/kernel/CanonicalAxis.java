package dev.conv4j.kernel;

/**
 * One spatial axis of a canonical convolution, and the clipping at the input's borders that
 * every kernel family needs, written once. The window of output {@code o} starts at input
 * coordinate {@link #start start(o)} {@code = o*stride - padBefore} and its tap {@code t} reads
 * {@code start + t*dilation}; a tap that reads outside {@code [0, in)} reads zero padding and is
 * skipped. Turned around, tap {@code t} of every window reads {@code o*stride + t*dilation - padBefore},
 * which lies inside for a range of outputs ({@link #firstOutput}, {@link #endOutput}). An output
 * row splits into a left border, the interior whose taps all read the input
 * ({@link #interiorStart}, {@link #interiorEnd}) and a right border. Integer arithmetic only, so
 * every kernel gets the same ranges. A problem gives its axes with {@link CanonicalConv#axis}.
 *
 * @param in        input size (with any materialised boundary)
 * @param out       output size
 * @param kernel    taps
 * @param stride    input coordinates between neighbouring outputs' windows
 * @param dilation  input coordinates between neighbouring taps
 * @param padBefore zeros before the input
 */
public record CanonicalAxis(int in, int out, int kernel, int stride, int dilation, int padBefore) {
    /** The axis a convolution of lower rank lacks: one input, one output, one tap. */
    public static final CanonicalAxis POINT = new CanonicalAxis(1, 1, 1, 1, 1, 0);

    /**
     * Of {@code count} reads from {@code first} every {@code step} coordinates, the first that
     * lies inside the input (not before coordinate 0); {@code count} when none does.
     */
    public static int firstInside(int first, int count, int step) {
        return first >= 0 ? 0 : Math.min(count, Math.ceilDiv(-first, step));
    }

    /**
     * Of {@code count} reads from {@code first} every {@code step} coordinates, one past the last
     * that lies before coordinate {@code in}; none inside when not above {@link #firstInside}.
     */
    public static int endInside(int first, int count, int step, int in) {
        return in - first <= 0 ? 0 : Math.min(count, (in - 1 - first) / step + 1);
    }

    /**
     * Moves {@code counter} one step through the box {@code [first[a], end[a])} of every axis
     * {@code a}, the last axis fastest: the odometer that walks the valid taps of a window, or the
     * outputs a tap serves. Returns false when it has wrapped around to {@code first}.
     */
    public static boolean advance(int[] counter, int[] first, int[] end) {
        for (int a = counter.length - 1; a >= 0; a--) {
            if (++counter[a] < end[a]) {
                return true;
            }
            counter[a] = first[a];
        }
        return false;
    }

    /** The input coordinate tap 0 of output {@code o}'s window reads. */
    public int start(int o) {
        return o * stride - padBefore;
    }

    /** Input coordinates one window covers, from its first tap to its last. */
    public int extent() {
        return (kernel - 1) * dilation + 1;
    }

    /** Input coordinates the windows of {@code outputs} consecutive outputs cover together. */
    public int span(int outputs) {
        return (outputs - 1) * stride + extent();
    }

    /** Whether input coordinate {@code i} lies inside the input. */
    public boolean inside(int i) {
        return i >= 0 && i < in;
    }

    /** The first tap of output {@code o}'s window that reads inside the input. */
    public int firstTap(int o) {
        return firstInside(start(o), kernel, dilation);
    }

    /** One past the last tap of output {@code o}'s window that reads inside the input; none when not above {@link #firstTap}. */
    public int endTap(int o) {
        return endInside(start(o), kernel, dilation, in);
    }

    /** The input coordinate tap {@code t} of output 0's window reads; output {@code o}'s reads {@code o*stride} further. */
    public int shift(int t) {
        return t * dilation - padBefore;
    }

    /** The first output whose tap {@code t} reads inside the input (not before it). */
    public int firstOutput(int t) {
        int shift = shift(t);
        return shift >= 0 ? 0 : Math.ceilDiv(-shift, stride);
    }

    /** One past the last output whose tap {@code t} reads before the input's end; none when not above {@link #firstOutput}. */
    public int endOutput(int t) {
        int shift = shift(t);
        return Math.min(out, in - 1 - shift < 0 ? 0 : (in - 1 - shift) / stride + 1);
    }

    /** The first output of the interior, where every tap reads inside the input; at most {@link #out}. */
    public int interiorStart() {
        return Math.min(firstOutput(0), out);
    }

    /** One past the interior's last output; {@link #interiorStart} when the interior is empty. */
    public int interiorEnd() {
        return Math.max(interiorStart(), endOutput(kernel - 1));
    }

    /** Per output, where its window starts and its valid taps, for kernels that look them up in their loops. */
    public TapTable tapTable() {
        int[] start = new int[out];
        int[] first = new int[out];
        int[] end = new int[out];
        for (int o = 0; o < out; o++) {
            start[o] = start(o);
            first[o] = firstTap(o);
            end[o] = Math.max(first[o], endTap(o));
        }
        return new TapTable(start, first, end);
    }

    /**
     * Per output coordinate of one axis, built once when a kernel is prepared: where its window
     * starts and its valid taps {@code [first, end)} ({@code end >= first}).
     */
    public record TapTable(int[] start, int[] first, int[] end) {
    }
}
