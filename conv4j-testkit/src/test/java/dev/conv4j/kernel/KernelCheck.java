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
        int[] kernel = new int[rank];
        int[] strides = new int[rank];
        int[] dilations = new int[rank];
        int[] before = new int[rank];
        int[] after = new int[rank];
        int[] sizes = new int[rank];
        int rule = random.nextInt(rank == 1 ? 4 : 3);
        for (int a = 0; a < rank; a++) {
            kernel[a] = 1 + random.nextInt(rank == 3 ? 3 : 5);
            strides[a] = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
            dilations[a] = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
            before[a] = random.nextInt(4);
            after[a] = random.nextInt(4);
            int effective = (kernel[a] - 1) * dilations[a] + 1;
            int smallest = switch (rule) {
                case 0 -> effective;
                case 1 -> Math.max(1, effective - before[a] - after[a]);
                default -> 1;
            };
            sizes[a] = smallest + random.nextInt(rank == 3 ? maxSize / 3 : maxSize);
        }
        Padding padding = switch (rule) {
            case 0 -> Padding.VALID;
            case 1 -> new Padding.Explicit(before, after);
            case 2 -> Padding.SAME;
            default -> Padding.CAUSAL;
        };
        DataFormat dataFormat = random.nextInt(3) == 0 ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST;
        FilterFormat filterFormat = random.nextInt(4) == 0 ? FilterFormat.OIHW : FilterFormat.HWIO;
        Boundary boundary = random.nextInt(4) == 0 ? Boundary.values()[random.nextInt(Boundary.values().length)] : Boundary.ZERO;
        ConvSpec.Builder builder = spec(rank).strides(strides).dilations(dilations).padding(padding)
                .dataFormat(dataFormat).filterFormat(filterFormat).boundary(boundary).flipKernel(random.nextInt(4) == 0);
        ConvSpec spec = depthwise ? builder.depthwise().build() : builder.groups(groups).build();
        int[] input = new int[rank + 2];
        input[0] = 1 + random.nextInt(3);
        input[dataFormat.channelAxis(rank)] = channels;
        for (int a = 0; a < rank; a++) {
            input[dataFormat.spatialAxis(rank, a)] = sizes[a];
        }
        int[] filter = new int[rank + 2];
        int filterIn;
        int filterOut;
        if (depthwise && filterFormat == FilterFormat.HWIO) {
            filterIn = channels;
            filterOut = outChannelsOrMultiplier;
        } else if (depthwise) {
            filterIn = 1;
            filterOut = channels * outChannelsOrMultiplier;
        } else {
            filterIn = channels / groups;
            filterOut = outChannelsOrMultiplier;
        }
        filter[filterFormat.inChannelAxis(rank)] = filterIn;
        filter[filterFormat.outChannelAxis(rank)] = filterOut;
        for (int a = 0; a < rank; a++) {
            filter[filterFormat.kernelAxis(rank, a)] = kernel[a];
        }
        return new Drawn(spec, input, filter, random.nextBoolean(), 1 + random.nextInt(4));
    }
}
