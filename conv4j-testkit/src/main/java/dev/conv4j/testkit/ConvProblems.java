package dev.conv4j.testkit;

import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random forward convolution problems for property tests: every option {@link ConvSpec} has,
 * small enough that the reference computes each in milliseconds.
 *
 * <p>Use {@code @ForAll(supplier = ConvProblems.Cases.class) ConvCase c}, or {@link #cases()}.
 *
 * <p>Shapes are generated valid by construction (the input is at least as large as the padded
 * kernel needs), so a {@link dev.conv4j.spec.ConvShapeException} from a generated case is a bug
 * worth seeing, not a case to skip. The tensors' values come from a seed rather than from jqwik
 * element by element: shrinking thousands of floats one by one would take long and say little.
 */
public final class ConvProblems {
    /** Input, filter and output elements together, at most. */
    public static final int MAX_ELEMENTS = 20_000;
    /** Multiply-adds of one case, at most, so that the reference stays fast. */
    public static final long MAX_MULTIPLY_ADDS = 2_000_000;
    public static final int MAX_SPATIAL_RANK = 3;
    public static final int MAX_BATCH = 3;
    public static final int MAX_CHANNELS = 8;
    public static final int MAX_MULTIPLIER = 3;
    public static final int MAX_KERNEL = 5;
    public static final int MAX_STRIDE = 3;
    public static final int MAX_DILATION = 3;
    public static final int MAX_EXPLICIT_PAD = 3;
    public static final int MAX_THREADS = 4;
    /** How much larger than the smallest valid size an input axis may be. */
    private static final int MAX_EXTRA_INPUT = 8;

    private ConvProblems() {
    }

    /** For {@code @ForAll(supplier = ConvProblems.Cases.class)}. */
    public static final class Cases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return cases();
        }
    }

    /** How the tensors are filled. */
    public enum Values {
        /** Integers in [-4, 4]: every sum is exact in float32, so any error is a real one. */
        SMALL_INTEGERS,
        /** Uniform in [-1, 1): rounding happens, and the accuracy bound is what is tested. */
        UNIFORM_FLOATS
    }

    /** Every option of {@link ConvSpec}, with data, bias or not, and a thread count. */
    public static Arbitrary<ConvCase> cases() {
        // jqwik would otherwise embed every part's edge cases (the first enum constant, the smallest
        // number) so often that three quarters of the cases came out channels-last, flipped, with bias
        return Arbitraries.integers().between(1, MAX_SPATIAL_RANK).flatMap(ConvProblems::casesOfRank)
                .withoutEdgeCases();
    }

    private static Arbitrary<ConvCase> casesOfRank(int rank) {
        Arbitrary<Problem> problems = Combinators.combine(
                        Arbitraries.integers().between(1, MAX_BATCH),
                        channels(),
                        axis().list().ofSize(rank),
                        paddingRule(rank),
                        options())
                .as((batch, channels, axes, rule, options) -> Problem.of(rank, batch, channels, axes, rule, options))
                .filter(Problem::fitsBudget);
        return Combinators.combine(
                        problems,
                        Arbitraries.of(Values.class),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(1, MAX_THREADS))
                .as(Problem::withValues);
    }

    /**
     * Channel counts as groups: a plain convolution is one group, half of the time; a depthwise
     * one is {@code C} groups of one input channel and {@code multiplier} outputs.
     */
    private static Arbitrary<Channels> channels() {
        Arbitrary<Integer> groups = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.integers().between(2, MAX_CHANNELS)));
        Arbitrary<Channels> grouped = groups.flatMap(g -> {
            Arbitrary<Integer> perGroup = Arbitraries.integers().between(1, MAX_CHANNELS / g);
            return Combinators.combine(perGroup, perGroup).as((in, out) -> new Channels(g, in, out, false));
        });
        Arbitrary<Channels> depthwise = Combinators.combine(
                        Arbitraries.integers().between(1, MAX_CHANNELS),
                        Arbitraries.integers().between(1, MAX_MULTIPLIER))
                .as((c, multiplier) -> new Channels(c, 1, multiplier, true));
        return Arbitraries.frequencyOf(Tuple.of(3, grouped), Tuple.of(1, depthwise));
    }

    private static Arbitrary<Axis> axis() {
        Arbitrary<Integer> pad = Arbitraries.integers().between(0, MAX_EXPLICIT_PAD);
        return Combinators.combine(
                        Arbitraries.integers().between(1, MAX_KERNEL),
                        Arbitraries.integers().between(1, MAX_STRIDE),
                        Arbitraries.integers().between(1, MAX_DILATION),
                        pad,
                        pad,
                        Arbitraries.integers().between(0, MAX_EXTRA_INPUT))
                .as(Axis::new);
    }

    /** CAUSAL is Keras's 1D rule, so only rank 1 draws it. */
    private static Arbitrary<PaddingRule> paddingRule(int rank) {
        return rank == 1 ? Arbitraries.of(PaddingRule.class)
                : Arbitraries.of(PaddingRule.SAME, PaddingRule.VALID, PaddingRule.EXPLICIT);
    }

    private static Arbitrary<Options> options() {
        return Combinators.combine(
                        Arbitraries.of(DataFormat.class),
                        Arbitraries.of(FilterFormat.class),
                        Arbitraries.of(Boundary.class),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(Options::new);
    }

    private enum PaddingRule { SAME, VALID, CAUSAL, EXPLICIT }

    /** {@code groups * inPerGroup} input and {@code groups * outPerGroup} output channels. */
    private record Channels(int groups, int inPerGroup, int outPerGroup, boolean depthwise) {
        int in() {
            return groups * inPerGroup;
        }

        int out() {
            return groups * outPerGroup;
        }
    }

    /**
     * One spatial axis. The pads are used by explicit padding only; the input size is the
     * smallest that gives a non-empty output plus {@code extraInput}.
     */
    private record Axis(int kernel, int stride, int dilation, int padBefore, int padAfter, int extraInput) {
        int inputSize(PaddingRule rule) {
            int effectiveKernel = (kernel - 1) * dilation + 1;
            int smallest = switch (rule) {
                case VALID -> effectiveKernel;
                case EXPLICIT -> Math.max(1, effectiveKernel - padBefore - padAfter);
                case SAME, CAUSAL -> 1;
            };
            return smallest + extraInput;
        }
    }

    private record Options(DataFormat dataFormat, FilterFormat filterFormat, Boundary boundary, boolean flipKernel,
                           boolean bias) {
    }

    /** A problem's spec and shapes, before it has data. */
    private record Problem(ConvSpec spec, Shape input, Shape filter, boolean bias) {
        static Problem of(int rank, int batch, Channels channels, List<Axis> axes, PaddingRule rule, Options options) {
            ConvSpec.Builder builder = ConvSpec.builder(rank)
                    .strides(axes.stream().mapToInt(Axis::stride).toArray())
                    .dilations(axes.stream().mapToInt(Axis::dilation).toArray())
                    .padding(switch (rule) {
                        case SAME -> Padding.SAME;
                        case VALID -> Padding.VALID;
                        case CAUSAL -> Padding.CAUSAL;
                        case EXPLICIT -> new Padding.Explicit(axes.stream().mapToInt(Axis::padBefore).toArray(),
                                axes.stream().mapToInt(Axis::padAfter).toArray());
                    })
                    .dataFormat(options.dataFormat())
                    .filterFormat(options.filterFormat())
                    .boundary(options.boundary())
                    .flipKernel(options.flipKernel());
            ConvSpec spec = channels.depthwise() ? builder.depthwise().build() : builder.groups(channels.groups()).build();

            int[] input = new int[rank + 2];
            input[0] = batch;
            input[options.dataFormat().channelAxis(rank)] = channels.in();
            int[] filter = new int[rank + 2];
            FilterFormat filterFormat = options.filterFormat();
            // a depthwise HWIO filter is [k..., C, multiplier]; every other is [k..., in/groups, out] or its OIHW order
            boolean depthwiseHwio = channels.depthwise() && filterFormat == FilterFormat.HWIO;
            filter[filterFormat.inChannelAxis(rank)] = depthwiseHwio ? channels.in() : channels.inPerGroup();
            filter[filterFormat.outChannelAxis(rank)] = depthwiseHwio ? channels.outPerGroup() : channels.out();
            for (int i = 0; i < rank; i++) {
                input[options.dataFormat().spatialAxis(rank, i)] = axes.get(i).inputSize(rule);
                filter[filterFormat.kernelAxis(rank, i)] = axes.get(i).kernel();
            }
            return new Problem(spec, Shape.of(input), Shape.of(filter), options.bias());
        }

        boolean fitsBudget() {
            ConvGeometry geometry = spec.geometry(input, filter);
            long elements = input.elementCount() + filter.elementCount() + geometry.outputShape().elementCount();
            return elements <= MAX_ELEMENTS && geometry.multiplyAdds() <= MAX_MULTIPLY_ADDS;
        }

        ConvCase withValues(Values values, long seed, int threads) {
            Random random = new Random(seed);
            Tensor biasTensor = bias ? filled(Shape.of(spec.geometry(input, filter).outChannels()), values, random) : null;
            return new ConvCase(spec, filled(input, values, random), filled(filter, values, random), biasTensor, threads);
        }

        private static Tensor filled(Shape shape, Values values, Random random) {
            float[] data = new float[shape.checkedElementCount("tensor")];
            for (int i = 0; i < data.length; i++) {
                data[i] = switch (values) {
                    case SMALL_INTEGERS -> random.nextInt(9) - 4;
                    case UNIFORM_FLOATS -> random.nextFloat() * 2 - 1;
                };
            }
            return Tensor.wrap(shape, data);
        }
    }
}
