package dev.conv4j.bench;

import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.reference.ReferenceGradients;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The spot check of the two gradients: sampled elements of a computed {@code dL/dx} or
 * {@code dL/dW} against the float64 reference gradients ({@link ReferenceGradients}), by the
 * project's accuracy rule {@code |g - g_ref| <= 1e-5 * Σ|a·b| + 1e-6}, the sum running over the
 * products the element adds. The reference computes whole problems only, and s12/s13's would take
 * it minutes (~1.8e9 products), so each sampled element is taken from a small problem that sums
 * exactly the same products:
 *
 * <ul>
 *   <li><b>Input gradient</b>: {@code dx[n, i, ci]} sums {@code dy[n, o, co] · w[k, ci, co]} over the
 *       {@code o, k} with {@code o·s - pad + k·d = i}. Those {@code o} lie in a window per axis,
 *       {@code ceil((i + pad - (K-1)·d) / s) <= o <= floor((i + pad) / s)} clipped to the output. The
 *       window of {@code dy} is cropped and given, with the same filter, strides and dilations,
 *       to {@link ReferenceGradients#input} for a {@code VALID} forward problem whose outputs are
 *       exactly the window; crop position {@code j = i + pad - o_first·s} then receives exactly the
 *       products of {@code dx[n, i]}. Every input channel of a sampled position is compared:
 *       16 to 256 positions, about {@value SpotCheck#TARGET_ELEMENTS} elements, the first and last
 *       position and the corners of the first image always among them.</li>
 *   <li><b>Filter gradient</b>: {@code dW[k, ci, co]} sums {@code x[n, o·s - pad + k·d, ci] ·
 *       dy[n, o, co]} over every image and output position, so no spatial crop would do. Instead
 *       the problem is cut along the channels: for a sampled pair (input channel of the group,
 *       output channel) the reference computes the filter gradient of the one-channel problem
 *       {@code x[..., ci] → dy[..., co]} (same spatial geometry), which is {@code dW[:, ci, co]}
 *       for every tap, summed over all positions. Pairs: the first and the last, the rest at random,
 *       about {@value SpotCheck#TARGET_ELEMENTS} elements in all (s13: 114 pairs × 9 taps, ~5e7
 *       products, under a second).</li>
 * </ul>
 *
 * <p>Both take channels-last data with zero padding and, for the filter gradient, an HWIO
 * filter (a depthwise one {@code [k..., C, M]} included): what the benchmark suite's cases use.
 */
public final class GradientSpotCheck {
    private GradientSpotCheck() {
    }

    /**
     * Compares {@code dx}, computed as the input gradient of {@code spec} over inputs of
     * {@code inputShape} with {@code filter} and output gradient {@code dy}, with the reference at
     * sampled input positions (every input channel of each).
     */
    public static SpotCheck.Result input(ConvSpec spec, Shape inputShape, Tensor filter, Tensor dy, Tensor dx,
                                         long seed) {
        requireCanonicalData(spec);
        ConvGeometry g = spec.geometry(inputShape, filter.shape());
        requireShape("output gradient", dy.shape(), g.outputShape());
        if (!dx.shape().equals(inputShape)) {
            return new SpotCheck.Result(false, 0, 0, 1, Double.POSITIVE_INFINITY,
                    "input gradient shape " + dx.shape() + ", expected " + inputShape);
        }
        int r = g.spatialRank();
        int channels = g.inChannels();
        int outChannels = g.outChannels();
        int[] inSizes = g.inputSizes();
        int[] outSizes = g.outputSizes();
        int[] kernel = g.kernelSizes();
        int[] pads = g.padsBefore();
        int[] strides = spec.strides();
        int[] dilations = spec.dilations();
        long inVolume = product(inSizes);
        long total = g.batch() * inVolume;
        if (total == 0 || channels == 0) {
            return new SpotCheck.Result(true, 0, 0, 0, 0, "");
        }
        long[] positions = SpotCheck.samplePositions(inSizes, channels, total, seed);
        ConvSpec cropSpec = spec.toBuilder().padding(Padding.VALID).build();
        Comparison cmp = new Comparison();
        int[] i = new int[r];
        int[] first = new int[r];
        int[] window = new int[r];
        int[] j = new int[r];
        int[] o = new int[r];
        float[] dyData = dy.data();
        float[] got = dx.data();
        for (long flat : positions) {
            int n = (int) (flat / inVolume);
            SpotCheck.unravel(flat % inVolume, inSizes, i);
            boolean reached = true;
            for (int a = 0; a < r; a++) {
                int extent = (kernel[a] - 1) * dilations[a];
                int lo = Math.max(0, Math.ceilDiv(i[a] + pads[a] - extent, strides[a]));
                int hi = Math.min(outSizes[a] - 1, Math.floorDiv(i[a] + pads[a], strides[a]));
                first[a] = lo;
                window[a] = hi - lo + 1;
                j[a] = i[a] + pads[a] - lo * strides[a];
                reached &= hi >= lo;
            }
            long base = flat * channels;
            if (!reached) {
                // no output reads this position: its gradient is exactly zero
                for (int ci = 0; ci < channels; ci++) {
                    cmp.compare(got[Math.toIntExact(base + ci)], 0, 0, () -> dxIndex(n, i, -1));
                }
                continue;
            }
            int[] cropInput = new int[r + 2];
            int[] cropOutput = new int[r + 2];
            cropInput[0] = 1;
            cropOutput[0] = 1;
            for (int a = 0; a < r; a++) {
                cropInput[a + 1] = (window[a] - 1) * strides[a] + (kernel[a] - 1) * dilations[a] + 1;
                cropOutput[a + 1] = window[a];
            }
            cropInput[r + 1] = channels;
            cropOutput[r + 1] = outChannels;
            Shape cropOutputShape = Shape.of(cropOutput);
            float[] crop = new float[cropOutputShape.checkedElementCount("spot-check crop")];
            int cells = Math.toIntExact(product(window));
            for (int q = 0; q < cells; q++) {
                SpotCheck.unravel(q, window, o);
                long src = n;
                for (int a = 0; a < r; a++) {
                    src = src * outSizes[a] + first[a] + o[a];
                }
                System.arraycopy(dyData, Math.toIntExact(src * outChannels), crop, q * outChannels, outChannels);
            }
            ReferenceConv.Result ref = ReferenceGradients.input(cropSpec, Shape.of(cropInput), filter,
                    Tensor.wrap(cropOutputShape, crop));
            long at = 0;
            for (int a = 0; a < r; a++) {
                at = at * cropInput[a + 1] + j[a];
            }
            for (int ci = 0; ci < channels; ci++) {
                int refIndex = Math.toIntExact(at * channels + ci);
                int channel = ci;
                cmp.compare(got[Math.toIntExact(base + ci)], ref.values()[refIndex], ref.absSum()[refIndex],
                        () -> dxIndex(n, i, channel));
            }
        }
        return cmp.result(positions.length);
    }

    /**
     * Compares {@code dw}, computed as the filter gradient of {@code spec} for input {@code x} and
     * output gradient {@code dy}, with the reference for sampled (input, output) channel pairs,
     * every tap of each.
     */
    public static SpotCheck.Result filter(ConvSpec spec, Tensor x, Shape filterShape, Tensor dy, Tensor dw, long seed) {
        requireCanonicalData(spec);
        if (spec.filterFormat() != FilterFormat.HWIO) {
            throw new IllegalArgumentException("the filter-gradient spot check takes HWIO filters; got " + spec);
        }
        ConvGeometry g = spec.geometry(x.shape(), filterShape);
        requireShape("output gradient", dy.shape(), g.outputShape());
        if (!dw.shape().equals(filterShape)) {
            return new SpotCheck.Result(false, 0, 0, 1, Double.POSITIVE_INFINITY,
                    "filter gradient shape " + dw.shape() + ", expected " + filterShape);
        }
        int r = g.spatialRank();
        int taps = Math.toIntExact(g.kernelVolume());
        int channels = g.inChannels();
        int outChannels = g.outChannels();
        // a filter element is w[tap * perTap + rowIndex * columns + column]: HWIO [k..., in/groups, out],
        // or depthwise [k..., C, M]
        boolean depthwise = spec.depthwise();
        int filterRows = depthwise ? channels : g.inChannelsPerGroup();
        int columns = depthwise ? outChannels / Math.max(1, channels) : outChannels;
        int perTap = filterRows * columns;
        long pairs = (long) filterRows * columns;
        if (taps == 0 || pairs == 0) {
            return new SpotCheck.Result(true, 0, 0, 0, 0, "");
        }
        long[] chosen = samplePairs(pairs, taps, seed);

        int batch = g.batch();
        long inVolume = product(g.inputSizes());
        long outVolume = g.outputVolume();
        int[] sliceInput = x.shape().dims();
        sliceInput[r + 1] = 1;
        int[] sliceOutput = g.outputShape().dims();
        sliceOutput[r + 1] = 1;
        int[] sliceFilter = filterShape.dims();
        sliceFilter[r] = 1;
        sliceFilter[r + 1] = 1;
        ConvSpec sliceSpec = ConvSpec.builder(r).strides(spec.strides()).dilations(spec.dilations())
                .padding(spec.padding()).flipKernel(spec.flipKernel()).build();
        float[] xs = new float[Math.toIntExact(batch * inVolume)];
        float[] ys = new float[Math.toIntExact(batch * outVolume)];
        float[] xData = x.data();
        float[] yData = dy.data();
        float[] got = dw.data();
        Comparison cmp = new Comparison();
        for (long pair : chosen) {
            int row = (int) (pair / columns);
            int column = (int) (pair % columns);
            int xChannel;
            int yChannel;
            if (depthwise) {
                xChannel = row;
                yChannel = row * columns + column;
            } else {
                xChannel = column / g.outChannelsPerGroup() * g.inChannelsPerGroup() + row;
                yChannel = column;
            }
            for (int p = 0; p < xs.length; p++) {
                xs[p] = xData[p * channels + xChannel];
            }
            for (int p = 0; p < ys.length; p++) {
                ys[p] = yData[p * outChannels + yChannel];
            }
            ReferenceConv.Result ref = ReferenceGradients.filter(sliceSpec, Tensor.wrap(Shape.of(sliceInput), xs),
                    Shape.of(sliceFilter), Tensor.wrap(Shape.of(sliceOutput), ys));
            for (int tap = 0; tap < taps; tap++) {
                int at = tap * perTap + row * columns + column;
                cmp.compare(got[at], ref.values()[tap], ref.absSum()[tap], () -> filterIndex(filterShape, at));
            }
        }
        return cmp.result(chosen.length);
    }

    /** Distinct (row, column) pairs of a tap's {@code rows × columns} filter block: first and last, the rest random. */
    private static long[] samplePairs(long pairs, int taps, long seed) {
        int wanted = (int) Math.min(pairs, Math.max(2, Math.ceilDiv(SpotCheck.TARGET_ELEMENTS, taps)));
        Set<Long> chosen = new LinkedHashSet<>();
        chosen.add(0L);
        chosen.add(pairs - 1);
        SplittableRandom random = new SplittableRandom(seed);
        while (chosen.size() < wanted) {
            chosen.add(random.nextLong(pairs));
        }
        return chosen.stream().mapToLong(Long::longValue).limit(wanted).toArray();
    }

    /** Compared elements, failures, the worst ratio and the first failure. */
    private static final class Comparison {
        int elements;
        int failures;
        double maxRatio;
        String first = "";

        void compare(float got, double expected, double absSum, java.util.function.Supplier<String> where) {
            elements++;
            double bound = SpotCheck.bound(absSum);
            double diff = Math.abs(got - expected);
            if (!(diff <= bound)) {
                if (failures++ == 0) {
                    first = "at " + where.get() + ": got " + got + ", want " + expected + ", |diff| " + diff
                            + " > bound " + bound;
                }
                maxRatio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxRatio, diff / bound);
            } else {
                maxRatio = Math.max(maxRatio, diff / bound);
            }
        }

        SpotCheck.Result result(int sampled) {
            return new SpotCheck.Result(failures == 0, sampled, elements, failures, maxRatio, first);
        }
    }

    private static void requireCanonicalData(ConvSpec spec) {
        if (spec.dataFormat() != DataFormat.CHANNELS_LAST || spec.boundary() != Boundary.ZERO) {
            throw new IllegalArgumentException("the gradient spot checks take channels-last data with zero padding; got "
                    + spec);
        }
    }

    private static void requireShape(String what, Shape actual, Shape expected) {
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("the " + what + " has shape " + actual + ", expected " + expected);
        }
    }

    private static String dxIndex(int n, int[] position, int channel) {
        StringBuilder sb = new StringBuilder("dx[").append(n);
        for (int v : position) {
            sb.append(',').append(v);
        }
        return sb.append(',').append(channel < 0 ? "*" : Integer.toString(channel)).append(']').toString();
    }

    private static String filterIndex(Shape shape, int flat) {
        int[] index = new int[shape.rank()];
        SpotCheck.unravel(flat, shape.dims(), index);
        return "dW" + Arrays.toString(index).replace(" ", "");
    }

    private static long product(int[] values) {
        long p = 1;
        for (int v : values) {
            p *= v;
        }
        return p;
    }
}
