package dev.conv4j.spark;

import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one block of a convolution's output is computed from a block of its input, so that it
 * equals, bit for bit, the same positions of the convolution of the whole array.
 *
 * <p>A convolution of the whole array pads it by its boundary rule and slides the kernel over
 * it. For a block, the input it reads is its output spans grown by the kernel's reach
 * ({@link Window#inputOf}); inside the array those are the array's values, past its edges the
 * boundary's: zero pads are left to the convolution (as for the whole array, so a tap on
 * padding contributes nothing), every other rule's values are gathered from the positions
 * {@link Boundary#sourceIndex} names (mirrored, repeated or wrapped from the far end) and the
 * convolution gets no pads, just as the whole-array convolution materialises them before its
 * kernel runs. Every output is then the same sum of the same products in the same order.
 *
 * <p>A kernel of several passes (a separable Gaussian) pads each pass's input, the previous
 * pass's result, by the boundary rule. So a block works back from its output: each pass needs
 * the previous result over its own grown spans, or, past the array's edges, over the positions
 * the rule maps them to ({@link #needed}); for circular, whose wrapped values are themselves a
 * convolution of wrapped input, the grown spans are computed outright.
 */
final class Blocks {
    private Blocks() {
    }

    /**
     * Per axis, which input positions an output position reads: output {@code o} reads
     * {@code o * stride - before + t * dilation} for taps {@code t < size}.
     */
    record Window(int[] stride, int[] dilation, int[] size, int[] before) {
        Span[] inputOf(Span[] out) {
            Span[] in = new Span[out.length];
            for (int a = 0; a < out.length; a++) {
                long first = out[a].lo() * stride[a] - before[a];
                long last = (out[a].hi() - 1) * stride[a] - before[a] + (long) (size[a] - 1) * dilation[a];
                in[a] = new Span(first, last + 1);
            }
            return in;
        }
    }

    /** The spans of a previous pass's result that an input over {@code g} reads. */
    static Span[] needed(Span[] g, long[] n, Boundary boundary) {
        Span[] out = new Span[g.length];
        for (int a = 0; a < g.length; a++) {
            out[a] = switch (boundary) {
                case ZERO -> g[a].clip(n[a]);
                case CIRCULAR -> g[a];
                default -> {
                    long lo = Long.MAX_VALUE;
                    long hi = Long.MIN_VALUE;
                    for (long i = g[a].lo(); i < g[a].hi(); i++) {
                        long s = boundary.sourceIndex(Math.toIntExact(i), Math.toIntExact(n[a]));
                        lo = Math.min(lo, s);
                        hi = Math.max(hi, s + 1);
                    }
                    yield new Span(lo, hi);
                }
            };
        }
        return out;
    }

    /**
     * A convolution's input: the values, and the zero pads the convolution still adds per axis;
     * {@code x} is null when the block reads nothing but zero padding (explicit pads larger than
     * the kernel's reach leave such outputs at the array's edges), whose outputs are all zero.
     */
    record Input(Tensor x, int[] padBefore, int[] padAfter) {
    }

    /**
     * The input over {@code g} read from {@code values}: the array itself ({@code raw}) or a
     * previous pass's result covering {@link #needed needed(g)}.
     */
    static Input input(Values values, boolean raw, Span[] g, long[] n, Boundary boundary) throws IOException {
        int rank = g.length;
        int[] before = new int[rank];
        int[] after = new int[rank];
        float[] data;
        Span[] spans;
        if (boundary == Boundary.ZERO) {
            spans = new Span[rank];
            for (int a = 0; a < rank; a++) {
                spans[a] = g[a].clip(n[a]);
                before[a] = Math.toIntExact(spans[a].lo() - g[a].lo());
                after[a] = Math.toIntExact(g[a].hi() - spans[a].hi());
                if (spans[a].length() == 0) {
                    return new Input(null, before, after);
                }
            }
            data = values.read(Span.starts(spans), Span.lengths(spans));
        } else {
            spans = g;
            long[][] source = new long[rank][];
            for (int a = 0; a < rank; a++) {
                source[a] = new long[g[a].length()];
                for (int t = 0; t < source[a].length; t++) {
                    long i = g[a].lo() + t;
                    source[a][t] = !raw && boundary == Boundary.CIRCULAR ? i
                            : boundary.sourceIndex(Math.toIntExact(i), Math.toIntExact(n[a]));
                }
            }
            data = gather(values, source);
        }
        int[] dims = new int[rank + 2];
        dims[0] = 1;
        System.arraycopy(Span.lengths(spans), 0, dims, 1, rank);
        dims[rank + 1] = values.channels();
        return new Input(Tensor.wrap(Shape.of(dims), data), before, after);
    }

    /** Whether every axis's sources are consecutive positions, in order. */
    private static boolean inOrder(long[][] source) {
        for (long[] axis : source) {
            for (int t = 1; t < axis.length; t++) {
                if (axis[t] != axis[0] + t) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Position {@code t} of axis {@code a} of the result holds {@code values} at
     * {@code source[a][t]}. The distinct sources of an axis fall into a few runs (the span, and
     * for a circular boundary the far end it wraps to); one box is read per combination of runs.
     */
    static float[] gather(Values values, long[][] source) throws IOException {
        int rank = source.length;
        int channels = values.channels();
        List<List<Span>> runs = new ArrayList<>();
        int[][] runOf = new int[rank][];
        int[][] offsetIn = new int[rank][];
        for (int a = 0; a < rank; a++) {
            long[] sorted = Arrays.stream(source[a]).distinct().sorted().toArray();
            List<Span> axisRuns = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= sorted.length; i++) {
                if (i == sorted.length || sorted[i] != sorted[i - 1] + 1) {
                    axisRuns.add(new Span(sorted[start], sorted[i - 1] + 1));
                    start = i;
                }
            }
            runs.add(axisRuns);
            runOf[a] = new int[source[a].length];
            offsetIn[a] = new int[source[a].length];
            for (int t = 0; t < source[a].length; t++) {
                for (int r = 0; r < axisRuns.size(); r++) {
                    Span run = axisRuns.get(r);
                    if (source[a][t] >= run.lo() && source[a][t] < run.hi()) {
                        runOf[a][t] = r;
                        offsetIn[a][t] = Math.toIntExact(source[a][t] - run.lo());
                    }
                }
            }
        }
        int[] radix = new int[rank];
        int boxCount = 1;
        for (int a = 0; a < rank; a++) {
            radix[a] = runs.get(a).size();
            boxCount *= radix[a];
        }
        float[][] boxes = new float[boxCount][];
        int[][] boxDims = new int[boxCount][];
        for (int b = 0; b < boxCount; b++) {
            long[] start = new long[rank];
            int[] size = new int[rank];
            for (int a = rank - 1, rest = b; a >= 0; rest /= radix[a], a--) {
                Span run = runs.get(a).get(rest % radix[a]);
                start[a] = run.lo();
                size[a] = run.length();
            }
            boxes[b] = values.read(start, size);
            boxDims[b] = size;
        }
        if (boxCount == 1 && inOrder(source)) {
            // the common case, a block inside the array or mirrored within itself: the box is the result
            return boxes[0];
        }
        int[] length = new int[rank];
        long total = channels;
        for (int a = 0; a < rank; a++) {
            length[a] = source[a].length;
            total *= length[a];
        }
        float[] out = new float[Math.toIntExact(total)];
        if (total == 0) {
            return out;
        }
        int[] at = new int[rank];
        for (int dst = 0; dst < out.length; dst += channels) {
            int box = 0;
            for (int a = 0; a < rank; a++) {
                box = box * radix[a] + runOf[a][at[a]];
            }
            int[] dims = boxDims[box];
            int src = 0;
            for (int a = 0; a < rank; a++) {
                src = src * dims[a] + offsetIn[a][at[a]];
            }
            System.arraycopy(boxes[box], src * channels, out, dst, channels);
            for (int a = rank - 1; a >= 0 && ++at[a] == length[a]; a--) {
                at[a] = 0;
            }
        }
        return out;
    }
}
