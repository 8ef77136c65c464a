package dev.conv4j.kernel;

/**
 * The clipping at the input's borders that every kernel family needs, written once. Along one
 * axis, the window of output {@code o} starts at input coordinate {@code start = o*stride - padBefore}
 * and its tap {@code t} reads {@code start + t*dilation}; a tap that reads outside
 * {@code [0, in)} reads zero padding and is skipped. Turned around, tap {@code t} of every window
 * reads {@code o*stride + shift} with {@code shift = t*dilation - padBefore}, which lies inside
 * for a range of outputs. Integer arithmetic only, so every user gets the same ranges.
 */
public final class ValidTaps {
    private ValidTaps() {
    }

    /** The first tap of the window starting at {@code start} that reads inside the input. */
    public static int first(int start, int kernel, int dilation) {
        return start >= 0 ? 0 : Math.min(kernel, Math.ceilDiv(-start, dilation));
    }

    /** One past the last tap of the window starting at {@code start} that reads inside {@code [0, in)}; none when not above {@link #first}. */
    public static int end(int start, int in, int kernel, int dilation) {
        return in - start <= 0 ? 0 : Math.min(kernel, (in - 1 - start) / dilation + 1);
    }

    /** The first output whose input {@code o*stride + shift} is not before the input. */
    public static int firstOutput(int shift, int stride) {
        return shift >= 0 ? 0 : Math.ceilDiv(-shift, stride);
    }

    /** One past the last output below {@code out} whose input {@code o*stride + shift} is before {@code in}. */
    public static int endOutput(int shift, int in, int out, int stride) {
        return Math.min(out, in - 1 - shift < 0 ? 0 : (in - 1 - shift) / stride + 1);
    }

    /**
     * Per output coordinate of one axis, built once when a kernel is prepared: where its window
     * starts and its valid taps {@code [first, end)} ({@code end >= first}).
     */
    public record Table(int[] start, int[] first, int[] end) {
        public static Table of(int in, int out, int kernel, int stride, int dilation, int padBefore) {
            int[] start = new int[out];
            int[] first = new int[out];
            int[] end = new int[out];
            for (int o = 0; o < out; o++) {
                start[o] = o * stride - padBefore;
                first[o] = ValidTaps.first(start[o], kernel, dilation);
                end[o] = Math.max(first[o], ValidTaps.end(start[o], in, kernel, dilation));
            }
            return new Table(start, first, end);
        }
    }
}
