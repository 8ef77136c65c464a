package dev.conv4j.filters;

import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies {@link FilterKernel}s to channels-last data {@code [1, spatial..., C]} with conv4j's
 * planner: every channel is filtered on its own, as a <em>depthwise</em> convolution whose filter
 * {@code [k..., C, M]} holds the M stencils of one size; kernels of different sizes get one
 * convolution per size. Output position {@code i} sees input {@code i - k/2 .. i + k - 1 - k/2}
 * along each axis (scipy's and OpenCV's centre), padded with the chosen {@link Boundary}.
 *
 * <p>Boundary names: conv4j's {@code REFLECT} ({@code c b | a b c d | c b}) is OpenCV's
 * {@code BORDER_DEFAULT} = {@code BORDER_REFLECT_101}, numpy's {@code reflect} and
 * scipy.ndimage's {@code 'mirror'}; conv4j's {@code SYMMETRIC} ({@code b a | a b c d | d c}) is
 * scipy.ndimage's default {@code 'reflect'} and OpenCV's {@code BORDER_REFLECT}.
 */
public final class Filtering {
    private Filtering() {
    }

    /**
     * How to filter.
     *
     * @param boundary what the kernel sees past the edges
     * @param convolve true for convolution (kernel flipped, as {@code scipy.ndimage.convolve}),
     *     false for correlation (as {@code correlate} and {@code filter2D})
     * @param planner the planner (threads, algorithms)
     */
    public record Options(Boundary boundary, boolean convolve, Planner planner) {
        public Options {
            Objects.requireNonNull(boundary, "boundary");
            Objects.requireNonNull(planner, "planner");
        }

        /** Reflect (OpenCV's default border), correlation, the standard planner. */
        public static Options defaults() {
            return new Options(Boundary.REFLECT, false, Planner.standard());
        }

        public Options withBoundary(Boundary b) {
            return new Options(b, convolve, planner);
        }
    }

    /**
     * The input a pass reads along axis 0, given how far its stencil reaches before and after
     * the centre: the whole tensor with full pads, or (out of core) a slab with its halo.
     */
    @FunctionalInterface
    public interface Axis0Source {
        Slice slice(int before, int after);
    }

    /** An input tensor and the pads axis 0 still needs (the rest of the reach is in the data). */
    public record Slice(Tensor input, int padBefore, int padAfter) {
    }

    /** Filters {@code x} ({@code [1, spatial..., C]}) with each kernel; one output of x's shape per kernel. */
    public static List<Tensor> apply(Tensor x, List<FilterKernel> kernels, Options options) {
        return apply((before, after) -> new Slice(x, before, after), x.shape(), kernels, options);
    }

    /** Filters with one kernel. */
    public static Tensor apply(Tensor x, FilterKernel kernel, Options options) {
        return apply(x, List.of(kernel), options).getFirst();
    }

    /**
     * Filters what {@code source} supplies; {@code outShape} is {@code [1, spatial..., C]} of the
     * outputs. Only the first pass of each kernel reads through {@code source}; later passes
     * (of separable kernels) read the previous pass's output and must not reach along axis 0
     * when {@code source} is a slab.
     */
    public static List<Tensor> apply(Axis0Source source, Shape outShape, List<FilterKernel> kernels, Options options) {
        int rank = outShape.rank() - 2;
        List<Stencil> firsts = new ArrayList<>();
        for (FilterKernel k : kernels) {
            if (k.rank() != rank) {
                throw new IllegalArgumentException("--kernel " + k.name() + " is " + k.rank() + "D but the data has "
                        + rank + " spatial axes " + outShape);
            }
            switch (k) {
                case FilterKernel.Linear l -> firsts.add(l.passes().getFirst());
                case FilterKernel.Magnitude m -> m.components().forEach(c -> firsts.add(c.passes().getFirst()));
            }
        }
        List<Tensor> firstResults = bank(source, outShape, firsts, options);
        List<Tensor> out = new ArrayList<>();
        int next = 0;
        for (FilterKernel k : kernels) {
            switch (k) {
                case FilterKernel.Linear l -> out.add(rest(firstResults.get(next++), l, options));
                case FilterKernel.Magnitude m -> {
                    List<Tensor> parts = new ArrayList<>();
                    for (FilterKernel.Linear c : m.components()) {
                        parts.add(rest(firstResults.get(next++), c, options));
                    }
                    out.add(magnitude(parts));
                }
            }
        }
        return out;
    }

    /** The passes after the first, each over the whole previous result. */
    private static Tensor rest(Tensor first, FilterKernel.Linear l, Options options) {
        Tensor y = first;
        for (int p = 1; p < l.passes().size(); p++) {
            Tensor in = y;
            y = bank((b, a) -> new Slice(in, b, a), in.shape(), List.of(l.passes().get(p)), options).getFirst();
        }
        return y;
    }

    /** {@code sqrt(sum of squares)}, element by element, accumulated in double in component order. */
    public static Tensor magnitude(List<Tensor> parts) {
        float[] out = new float[parts.getFirst().data().length];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (Tensor p : parts) {
                double v = p.data()[i];
                s += v * v;
            }
            out[i] = (float) Math.sqrt(s);
        }
        return Tensor.wrap(parts.getFirst().shape(), out);
    }

    /** Applies stencils (each to every channel), one depthwise convolution per stencil shape. */
    private static List<Tensor> bank(Axis0Source source, Shape outShape, List<Stencil> stencils, Options options) {
        Map<Shape, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < stencils.size(); i++) {
            bySize.computeIfAbsent(stencils.get(i).shape(), s -> new ArrayList<>()).add(i);
        }
        Tensor[] results = new Tensor[stencils.size()];
        for (List<Integer> group : bySize.values()) {
            List<Stencil> members = group.stream().map(stencils::get).toList();
            List<Tensor> outs = depthwise(source, outShape, members, options);
            for (int j = 0; j < group.size(); j++) {
                results[group.get(j)] = outs.get(j);
            }
        }
        return List.of(results);
    }

    /** One depthwise convolution: filter {@code [k..., C, M]}, output channel {@code c*M + m}. */
    private static List<Tensor> depthwise(Axis0Source source, Shape outShape, List<Stencil> members, Options options) {
        Stencil first = members.getFirst();
        int rank = first.rank();
        boolean flip = options.convolve();
        Slice slice = source.slice(first.before(0, flip), first.after(0, flip));
        int[] before = new int[rank];
        int[] after = new int[rank];
        before[0] = slice.padBefore();
        after[0] = slice.padAfter();
        for (int a = 1; a < rank; a++) {
            before[a] = first.before(a, flip);
            after[a] = first.after(a, flip);
        }
        List<Tensor> outs = stencilBank(slice.input(), before, after, options.boundary(), members, options);
        if (!outs.getFirst().shape().equals(withChannels(outShape, outs.getFirst().shape().dim(rank + 1)))) {
            throw new IllegalStateException("slab geometry " + outs.getFirst().shape() + " != " + outShape);
        }
        return outs;
    }

    /**
     * Applies stencils of one shape to every channel of {@code x} ({@code [1, spatial..., C]}) as
     * one depthwise convolution, with explicit pads per axis filled by {@code boundary}; one
     * output {@code [1, spatial'..., C]} per stencil. This is the convolution every filtering
     * path runs, so a caller that hands it a block of a larger input together with the block's
     * share of the pads gets the whole input's values for that block, bit for bit.
     */
    public static List<Tensor> stencilBank(Tensor x, int[] before, int[] after, Boundary boundary, List<Stencil> members,
                                           Options options) {
        Stencil first = members.getFirst();
        int rank = first.rank();
        boolean flip = options.convolve();
        int channels = x.shape().dim(rank + 1);
        int m = members.size();
        int taps = Math.toIntExact(first.shape().elementCount());
        int[] filterDims = new int[rank + 2];
        for (int a = 0; a < rank; a++) {
            filterDims[a] = first.size(a);
        }
        filterDims[rank] = channels;
        filterDims[rank + 1] = m;
        float[] w = new float[Math.multiplyExact(taps, channels * m)];
        for (int t = 0; t < taps; t++) {
            for (int c = 0; c < channels; c++) {
                for (int j = 0; j < m; j++) {
                    w[(t * channels + c) * m + j] = members.get(j).weights().data()[t];
                }
            }
        }
        ConvSpec spec = ConvSpec.builder(rank).depthwise().padding(new Padding.Explicit(before, after))
                .boundary(boundary).flipKernel(flip).build();
        ConvPlan plan = options.planner().plan(spec, x.shape(), Tensor.wrap(Shape.of(filterDims), w), null);
        Tensor y = plan.run(x);
        Shape single = withChannels(plan.geometry().outputShape(), channels);
        if (m == 1) {
            return List.of(y.reshape(single));
        }
        int positions = Math.toIntExact(y.shape().elementCount() / ((long) channels * m));
        List<Tensor> outs = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            float[] o = new float[positions * channels];
            float[] src = y.data();
            for (int p = 0; p < positions; p++) {
                int base = p * channels * m + j;
                for (int c = 0; c < channels; c++) {
                    o[p * channels + c] = src[base + c * m];
                }
            }
            outs.add(Tensor.wrap(single, o));
        }
        return outs;
    }

    private static Shape withChannels(Shape s, int channels) {
        int[] d = s.dims();
        d[d.length - 1] = channels;
        return Shape.of(d);
    }
}
