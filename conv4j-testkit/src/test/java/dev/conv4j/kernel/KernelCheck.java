package dev.conv4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** What the kernel twin tests share: running one algorithm through the planner and checking it. */
public final class KernelCheck {
    private KernelCheck() {
    }

    /** One algorithm variant (SIMD or scalar twin), named for the test report; built fresh per use. */
    public record Variant(String name, Supplier<ConvAlgorithm> algorithm) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Floats per vector of this machine's kernels (the scalar twins' blocking when the Vector API
     * is off): the edge sizes of the kernel tests are written in these, so that an 8-lane machine
     * tests its own edges, not a 16-lane one's.
     */
    public static final int LANES = Vectorization.floatLanes();

    /** {@code sizes} sorted, without repeats and without those below {@code min}: a test's list of edge sizes. */
    public static int[] edgeSizes(int min, int... sizes) {
        return IntStream.of(sizes).filter(size -> size >= min).sorted().distinct().toArray();
    }

    /** An algorithm's two variants: the SIMD one when the Vector API is on, and always the scalar twin. */
    public static List<Variant> twins(String simdName, Supplier<ConvAlgorithm> simd, String scalarName,
                                      Supplier<ConvAlgorithm> scalar) {
        List<Variant> variants = new ArrayList<>();
        if (Vectorization.enabled()) {
            variants.add(new Variant(simdName, simd));
        }
        variants.add(new Variant(scalarName, scalar));
        return variants;
    }

    /** A problem: spec, input and filter shapes in the spec's layouts. */
    public record Problem(String name, ConvSpec spec, int[] input, int[] filter) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Every combination of one value from each axis, first axis outermost, as JUnit arguments:
     * the parameter grids of the kernel tests (variants x problems, x channel counts, x seeds).
     */
    public static Stream<Arguments> combinations(List<?>... axes) {
        Stream<List<Object>> rows = Stream.of(List.of());
        for (List<?> axis : axes) {
            rows = rows.flatMap(row -> axis.stream().map(value -> {
                List<Object> longer = new ArrayList<>(row);
                longer.add(value);
                return longer;
            }));
        }
        return rows.map(row -> Arguments.of(row.toArray()));
    }

    public static List<Integer> values(int... values) {
        return IntStream.of(values).boxed().toList();
    }

    /** {@code from, from + 1, ..., toExclusive - 1}. */
    public static List<Integer> range(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).boxed().toList();
    }

    /** The problem called {@code name} in {@code problems}. */
    public static Problem named(List<Problem> problems, String name) {
        return problems.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The canonical form the kernels see of {@code p}, without bias. */
    public static CanonicalConv canonical(Problem p) {
        return CanonicalConv.of(p.spec().geometry(Shape.of(p.input()), Shape.of(p.filter())), false);
    }

    public static ConvSpec.Builder spec(int rank) {
        return ConvSpec.builder(rank);
    }

    public static Padding explicit(int[] before, int[] after) {
        return new Padding.Explicit(before, after);
    }

    /**
     * Plans {@code spec} with the variant first and the direct algorithm after it, checks that the
     * variant was chosen, runs it and checks the result against the float64 reference.
     */
    public static Tensor check(Variant variant, ConvSpec spec, int[] input, int[] filter, boolean bias, int threads, long seed) {
        Random random = new Random(seed);
        Tensor x = uniform(Shape.of(input), random);
        Tensor w = uniform(Shape.of(filter), random);
        Tensor b = bias ? uniform(Shape.of(spec.geometry(x.shape(), w.shape()).outChannels()), random) : null;
        ConvAlgorithm algorithm = variant.algorithm().get();
        ConvPlan plan = Planner.of(List.of(algorithm, new DirectConv())).threads(threads).plan(spec, x.shape(), w, b);
        String context = plan.geometry().problem() + (b != null ? " bias" : "") + " threads=" + threads;
        assertEquals(algorithm.name(), plan.algorithm(), () -> context + " was not given to " + variant + ":\n" + plan.explain());
        Tensor y = plan.run(x);
        Accuracy.assertAccurate(variant + " " + context, y, ReferenceConv.forward(spec, x, w, b));
        return y;
    }

    public static Tensor check(Variant variant, Problem p, boolean bias, int threads, long seed) {
        return check(variant, p.spec(), p.input(), p.filter(), bias, threads, seed);
    }

    /** Checks {@code p} on 1 thread and on 2, 3 and 5, and that all give the same bits. */
    public static void assertThreadCountsAgree(Variant variant, Problem p) {
        Tensor one = check(variant, p, true, 1, 7);
        for (int threads : new int[] {2, 3, 5}) {
            Accuracy.assertIdentical(variant + " " + p + " threads=" + threads + " vs 1", one,
                    check(variant, p, true, threads, 7));
        }
    }

    /** Checks {@code p} with an algorithm's SIMD variant and its scalar twin, and that both give the same bits. */
    public static void assertTwinsAgree(String name, Supplier<ConvAlgorithm> simd, Supplier<ConvAlgorithm> scalar,
                                        Problem p) {
        Tensor fromSimd = check(new Variant(name + "/simd", simd), p, true, 2, 11);
        Tensor fromScalar = check(new Variant(name + "/scalar", scalar), p, true, 2, 11);
        Accuracy.assertIdentical(name + " simd vs scalar: " + p, fromSimd, fromScalar);
    }

    public static Tensor uniform(Shape shape, Random random) {
        float[] data = new float[shape.checkedElementCount("tensor")];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.wrap(shape, data);
    }

    /**
     * A random problem with every spec option drawn: rank 1 to 3, strides, dilations, every
     * padding rule, both layouts, both filter formats, boundary modes, flipped kernels, batch and
     * threads. {@code depthwise} draws a depthwise spec with {@code channels} channels and the
     * given multiplier; otherwise a grouped one with {@code channels} in and {@code outChannels} out.
     */
    public record Drawn(ConvSpec spec, int[] input, int[] filter, boolean bias, int threads) {
    }

    public static Drawn draw(Random random, boolean depthwise, int channels, int outChannelsOrMultiplier, int groups,
                      int maxSize) {
        int rank = 1 + random.nextInt(3);
        Axes axes = drawAxes(random, rank, false, rank == 3 ? maxSize / 3 : maxSize);
        Layouts layouts = drawLayouts(random);
        ConvSpec.Builder builder = layouts.apply(axes.spec());
        ConvSpec spec = depthwise ? builder.depthwise().build() : builder.groups(groups).build();
        int[] input = inputShape(layouts.data(), 1 + random.nextInt(3), channels, axes.sizes());
        int[] filter = depthwise
                ? depthwiseFilterShape(layouts.filter(), axes.kernel(), channels, outChannelsOrMultiplier)
                : filterShape(layouts.filter(), axes.kernel(), channels / groups, outChannelsOrMultiplier);
        return new Drawn(spec, input, filter, random.nextBoolean(), 1 + random.nextInt(4));
    }

    /** Drawn layouts and options: data and filter format, boundary, flip. */
    public record Layouts(DataFormat data, FilterFormat filter, Boundary boundary, boolean flip) {
        public ConvSpec.Builder apply(ConvSpec.Builder builder) {
            return builder.dataFormat(data).filterFormat(filter).boundary(boundary).flipKernel(flip);
        }
    }

    /** Channels-first one time in three, OIHW and flips one in four, a non-zero boundary one in four. */
    public static Layouts drawLayouts(Random random) {
        DataFormat data = random.nextInt(3) == 0 ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST;
        FilterFormat filter = random.nextInt(4) == 0 ? FilterFormat.OIHW : FilterFormat.HWIO;
        Boundary boundary = random.nextInt(4) == 0 ? Boundary.values()[random.nextInt(Boundary.values().length)] : Boundary.ZERO;
        return new Layouts(data, filter, boundary, random.nextInt(4) == 0);
    }

    /** A drawn geometry: per spatial axis a kernel size, stride, dilation and input size, and a padding rule. */
    public record Axes(int[] kernel, int[] strides, int[] dilations, Padding padding, int[] sizes) {
        /** A builder with these strides, dilations and padding. */
        public ConvSpec.Builder spec() {
            return ConvSpec.builder(kernel.length).strides(strides).dilations(dilations).padding(padding);
        }
    }

    /**
     * Kernel sizes 1-5 (1-3 in 3D), every padding rule (CAUSAL in 1D), pads 0-3, and input sizes
     * from the smallest the rule allows to {@code sizeRange} more. Strides and dilations are 1-3
     * uniformly when {@code frequentSteps}, else 1 two times in three.
     */
    public static Axes drawAxes(Random random, int rank, boolean frequentSteps, int sizeRange) {
        int[] kernel = new int[rank];
        int[] strides = new int[rank];
        int[] dilations = new int[rank];
        int[] before = new int[rank];
        int[] after = new int[rank];
        int[] sizes = new int[rank];
        int rule = random.nextInt(rank == 1 ? 4 : 3);
        for (int a = 0; a < rank; a++) {
            kernel[a] = 1 + random.nextInt(rank == 3 ? 3 : 5);
            strides[a] = frequentSteps ? 1 + random.nextInt(3) : random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
            dilations[a] = frequentSteps ? 1 + random.nextInt(3) : random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
            before[a] = random.nextInt(4);
            after[a] = random.nextInt(4);
            int effective = (kernel[a] - 1) * dilations[a] + 1;
            int smallest = switch (rule) {
                case 0 -> effective;
                case 1 -> Math.max(1, effective - before[a] - after[a]);
                default -> 1;
            };
            sizes[a] = smallest + random.nextInt(sizeRange);
        }
        Padding padding = switch (rule) {
            case 0 -> Padding.VALID;
            case 1 -> new Padding.Explicit(before, after);
            case 2 -> Padding.SAME;
            default -> Padding.CAUSAL;
        };
        return new Axes(kernel, strides, dilations, padding, sizes);
    }

    /** An input shape in {@code format}: batch, spatial sizes and channels on their axes. */
    public static int[] inputShape(DataFormat format, int batch, int channels, int[] sizes) {
        int rank = sizes.length;
        int[] input = new int[rank + 2];
        input[0] = batch;
        input[format.channelAxis(rank)] = channels;
        for (int a = 0; a < rank; a++) {
            input[format.spatialAxis(rank, a)] = sizes[a];
        }
        return input;
    }

    /** A filter shape in {@code format}: {@code in} channels (per group) into {@code out}. */
    public static int[] filterShape(FilterFormat format, int[] kernel, int in, int out) {
        int rank = kernel.length;
        int[] filter = new int[rank + 2];
        filter[format.inChannelAxis(rank)] = in;
        filter[format.outChannelAxis(rank)] = out;
        for (int a = 0; a < rank; a++) {
            filter[format.kernelAxis(rank, a)] = kernel[a];
        }
        return filter;
    }

    /**
     * A depthwise filter shape: {@code [k..., C, multiplier]} in HWIO, and as grouped filters
     * {@code [C * multiplier, 1, k...]} in OIHW.
     */
    public static int[] depthwiseFilterShape(FilterFormat format, int[] kernel, int channels, int multiplier) {
        return format == FilterFormat.HWIO ? filterShape(format, kernel, channels, multiplier)
                : filterShape(format, kernel, 1, channels * multiplier);
    }
}
