package dev.conv4j.spark;

import dev.conv4j.filters.FilterKernel;
import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.Stencil;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code spark volume} computes over a volume {@code [D, H, W]} or {@code [D, H, W, C]}:
 * a named filter kernel, exactly as {@code conv4j filter volume} applies it, or a convolution
 * with a filter {@code [kd, kh, kw, C, O]}, exactly as {@code conv4j conv} computes it. Either
 * computes any block of its output on its own ({@link #evaluate}); the values are those of the
 * whole array's result, bit for bit.
 */
public sealed interface VolumeOperation extends Serializable {
    int SPATIAL_RANK = 3;

    /** The output's spatial sizes and channels for an input of {@code spatial} sizes and {@code channels}. */
    long[] outputShape(long[] spatial, int channels);

    /**
     * The output over {@code out} ({@code [spans..., C_out]}, C order) from {@code input}, an
     * array of spatial sizes {@code n}.
     */
    float[] evaluate(Values input, long[] n, Span[] out, Planner planner) throws IOException;

    /** A short description for logs and the output's attributes. */
    String describe();

    /**
     * A named kernel ({@link Kernels#parse}, 3D) with {@code conv4j filter}'s options.
     *
     * @param kernel the kernel as {@code --kernel} names it
     * @param boundary what the kernel sees past the edges
     * @param convolve true convolution (flipped kernel) instead of correlation
     */
    record Filter(String kernel, Boundary boundary, boolean convolve) implements VolumeOperation {
        public Filter {
            Kernels.parse(kernel, SPATIAL_RANK);
        }

        @Override
        public long[] outputShape(long[] spatial, int channels) {
            long[] s = java.util.Arrays.copyOf(spatial, spatial.length + 1);
            s[spatial.length] = channels;
            return s;
        }

        @Override
        public String describe() {
            return "filter " + kernel + " (" + boundary.code() + (convolve ? ", convolution" : "") + ")";
        }

        @Override
        public float[] evaluate(Values input, long[] n, Span[] out, Planner planner) throws IOException {
            FilterKernel k = Kernels.parse(kernel, SPATIAL_RANK);
            Filtering.Options options = new Filtering.Options(boundary, convolve, planner);
            List<List<Stencil>> chains = switch (k) {
                case FilterKernel.Linear l -> List.of(l.passes());
                case FilterKernel.Magnitude m -> m.components().stream().map(FilterKernel.Linear::passes).toList();
            };
            // per chain, the spans each pass's result is needed over, from the block back to the first pass
            List<Span[][]> spans = new ArrayList<>();
            for (List<Stencil> passes : chains) {
                Span[][] s = new Span[passes.size()][];
                s[passes.size() - 1] = out;
                for (int p = passes.size() - 1; p > 0; p--) {
                    s[p - 1] = Blocks.needed(window(passes.get(p)).inputOf(s[p]), n, boundary);
                }
                spans.add(s);
            }
            // first passes of one shape run as one convolution, as Filtering groups them
            Map<Shape, List<Integer>> groups = new LinkedHashMap<>();
            for (int c = 0; c < chains.size(); c++) {
                groups.computeIfAbsent(chains.get(c).getFirst().shape(), x -> new ArrayList<>()).add(c);
            }
            int channels = input.channels();
            float[][] current = new float[chains.size()][];
            for (List<Integer> group : groups.values()) {
                Span[] hull = spans.get(group.getFirst())[0].clone();
                for (int c : group) {
                    for (int a = 0; a < hull.length; a++) {
                        hull[a] = hull[a].hull(spans.get(c)[0][a]);
                    }
                }
                Stencil first = chains.get(group.getFirst()).getFirst();
                Blocks.Input x = Blocks.input(input, true, window(first).inputOf(hull), n, boundary);
                List<Tensor> results = Filtering.stencilBank(x.x(), x.padBefore(), x.padAfter(), Boundary.ZERO,
                        group.stream().map(c -> chains.get(c).getFirst()).toList(), options);
                for (int j = 0; j < group.size(); j++) {
                    Span[] own = spans.get(group.get(j))[0];
                    current[group.get(j)] = Values.of(results.get(j).data(), hull, channels)
                            .read(Span.starts(own), Span.lengths(own));
                }
            }
            List<Tensor> finals = new ArrayList<>();
            for (int c = 0; c < chains.size(); c++) {
                List<Stencil> passes = chains.get(c);
                for (int p = 1; p < passes.size(); p++) {
                    Values previous = Values.of(current[c], spans.get(c)[p - 1], channels);
                    Blocks.Input x = Blocks.input(previous, false, window(passes.get(p)).inputOf(spans.get(c)[p]), n,
                            boundary);
                    current[c] = Filtering.stencilBank(x.x(), x.padBefore(), x.padAfter(), Boundary.ZERO,
                            List.of(passes.get(p)), options).getFirst().data();
                }
                finals.add(Tensor.wrap(Shape.of(current[c].length), current[c]));
            }
            return k instanceof FilterKernel.Magnitude ? Filtering.magnitude(finals).data() : current[0];
        }

        private Blocks.Window window(Stencil s) {
            int[] one = {1, 1, 1};
            int[] size = new int[SPATIAL_RANK];
            int[] before = new int[SPATIAL_RANK];
            for (int a = 0; a < SPATIAL_RANK; a++) {
                size[a] = s.size(a);
                before[a] = s.before(a, convolve);
            }
            return new Blocks.Window(one, one, size, before);
        }
    }

    /**
     * A convolution with {@code conv4j conv}'s options, channels-last, filter HWIO {@code [kd, kh, kw, C, O]}.
     *
     * @param filter the filter's values
     * @param filterShape its shape
     * @param strides one per spatial axis, or one for all
     * @param dilations one per spatial axis, or one for all
     * @param padding SAME, VALID or explicit {@code b0,a0,b1,a1,b2,a2}
     * @param boundary what padding holds
     * @param flip true convolution
     */
    record Convolution(float[] filter, int[] filterShape, int[] strides, int[] dilations, String padding,
                       Boundary boundary, boolean flip) implements VolumeOperation {
        public Convolution {
            filter = filter.clone();
            filterShape = filterShape.clone();
            strides = strides.clone();
            dilations = dilations.clone();
            if (filterShape.length != SPATIAL_RANK + 2) {
                throw new IllegalArgumentException("--filter " + Shape.of(filterShape)
                        + " must be [kd, kh, kw, in_channels, out_channels] for a volume");
            }
        }

        private ConvSpec spec(Padding p, Boundary b) {
            return ConvSpec.builder(SPATIAL_RANK).strides(strides).dilations(dilations).padding(p).boundary(b)
                    .flipKernel(flip).build();
        }

        /** The whole array's geometry (pads, output sizes); sizes beyond an int are refused here. */
        private ConvGeometry geometry(long[] n, int channels) {
            int[] dims = new int[SPATIAL_RANK + 2];
            dims[0] = 1;
            for (int a = 0; a < SPATIAL_RANK; a++) {
                dims[a + 1] = Math.toIntExact(n[a]);
            }
            dims[SPATIAL_RANK + 1] = channels;
            return spec(Padding.parse(padding), boundary).geometry(Shape.of(dims), Shape.of(filterShape));
        }

        @Override
        public long[] outputShape(long[] spatial, int channels) {
            ConvGeometry g = geometry(spatial, channels);
            long[] s = new long[SPATIAL_RANK + 1];
            for (int a = 0; a < SPATIAL_RANK; a++) {
                s[a] = g.outputSizes()[a];
            }
            s[SPATIAL_RANK] = g.outChannels();
            return s;
        }

        @Override
        public String describe() {
            return "conv " + Shape.of(filterShape) + " strides " + java.util.Arrays.toString(strides) + " dilations "
                    + java.util.Arrays.toString(dilations) + " padding " + padding + " (" + boundary.code() + ")";
        }

        @Override
        public float[] evaluate(Values input, long[] n, Span[] out, Planner planner) throws IOException {
            ConvGeometry whole = geometry(n, input.channels());
            Blocks.Window w = new Blocks.Window(whole.axes().stream().mapToInt(x -> x.stride()).toArray(),
                    whole.axes().stream().mapToInt(x -> x.dilation()).toArray(), whole.kernelSizes(), whole.padsBefore());
            Blocks.Input x = Blocks.input(input, true, w.inputOf(out), n, boundary);
            if (x.x() == null) {
                long volume = whole.outChannels();
                for (Span s : out) {
                    volume *= s.length();
                }
                return new float[Math.toIntExact(volume)];
            }
            ConvSpec block = spec(new Padding.Explicit(x.padBefore(), x.padAfter()), Boundary.ZERO);
            return planner.plan(block, x.x().shape(), Tensor.wrap(Shape.of(filterShape), filter), null).run(x.x()).data();
        }
    }
}
