package dev.conv4j.bench;

import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks a computed output against the reference ({@link ReferenceConv}, float64) at a sample
 * of output positions (every output channel of each), by the project's accuracy rule
 * {@code |y - y_ref| <= 1e-5 * Σ|x·w| + 1e-6} ({@link Accuracy#bound}).
 *
 * <p>The reference computes whole convolutions only, and a whole 200³ volume or VGG layer
 * takes it minutes. So each sampled position's receptive field (the dilated kernel's extent,
 * padded positions filled by the boundary rule) is cropped from the input, the crops are
 * stacked as a batch, and the reference convolves that batch with the same filter,
 * {@code VALID}, stride 1: one output position per crop, equal by definition to the original
 * output at the sampled position. The cost is one kernel's multiply-adds per position.
 *
 * <p>The sample always holds the first and the last output position (where the padding is)
 * and the corners of the first image, the rest at random.
 *
 * <p>This class checks forward results; {@link GradientSpotCheck} checks the two gradients the
 * same way, and {@link PreparedCase#check(BenchCase, Tensor, Tensor, Tensor, Tensor, long)} picks
 * the check for a case's op.
 */
public final class SpotCheck {
    /** Output elements compared, about (all channels of each sampled position). */
    public static final int TARGET_ELEMENTS = 1024;
    public static final int MIN_POSITIONS = 16;
    public static final int MAX_POSITIONS = 256;

    /**
     * @param passed        every compared element is within its bound
     * @param positions     output positions sampled
     * @param elements      output elements compared
     * @param failures      elements outside their bound
     * @param maxErrorRatio the largest {@code |y - y_ref| / bound} (below 1 when passed)
     * @param firstFailure  the first failing element, described; empty when passed
     */
    public record Result(boolean passed, int positions, int elements, int failures, double maxErrorRatio,
                         String firstFailure) {
        /** {@code pass} or {@code FAIL}, and the numbers. */
        public String summary() {
            return passed
                    ? String.format(Locale.ROOT, "pass (%d elements, max err/bound %.3f)", elements, maxErrorRatio)
                    : String.format(Locale.ROOT, "FAIL (%d of %d elements; first %s)", failures, elements, firstFailure);
        }
    }

    private SpotCheck() {
    }

    /**
     * Compares {@code output} (the result of {@code spec} on {@code input}, {@code filter} and
     * {@code biasOrNull}) with the reference at sampled positions. Channels-last data only.
     */
    public static Result check(ConvSpec spec, Tensor input, Tensor filter, Tensor biasOrNull, Tensor output, long seed) {
        if (spec.dataFormat() != DataFormat.CHANNELS_LAST) {
            throw new IllegalArgumentException("the spot check takes channels-last data; got " + spec);
        }
        ConvGeometry g = spec.geometry(input.shape(), filter.shape());
        if (!output.shape().equals(g.outputShape())) {
            return new Result(false, 0, 0, 1, Double.POSITIVE_INFINITY,
                    "output shape " + output.shape() + ", expected " + g.outputShape());
        }
        int r = g.spatialRank();
        int cout = g.outChannels();
        long outVolume = g.outputVolume();
        long totalPositions = g.batch() * outVolume;
        if (totalPositions == 0) {
            return new Result(true, 0, 0, 0, 0, "");
        }
        long[] positions = samplePositions(g.outputSizes(), cout, totalPositions, seed);
        int p = positions.length;

        int[] outSizes = g.outputSizes();
        int[] inSizes = g.inputSizes();
        int[] padBefore = g.padsBefore();
        int[] strides = spec.strides();
        int[] extent = new int[r];
        for (int i = 0; i < r; i++) {
            extent[i] = g.axis(i).effectiveKernel();
        }
        int channels = g.inChannels();
        int[] cropDims = new int[r + 2];
        cropDims[0] = p;
        System.arraycopy(extent, 0, cropDims, 1, r);
        cropDims[r + 1] = channels;
        Shape cropShape = Shape.of(cropDims);
        float[] crop = new float[cropShape.checkedElementCount("spot-check crop")];
        float[] x = input.data();
        Boundary boundary = spec.boundary();
        int cropVolume = 1;
        for (int e : extent) {
            cropVolume *= e;
        }
        int[] o = new int[r];
        int[] c = new int[r];
        for (int s = 0; s < p; s++) {
            int n = (int) (positions[s] / outVolume);
            unravel(positions[s] % outVolume, outSizes, o);
            for (int q = 0; q < cropVolume; q++) {
                unravel(q, extent, c);
                long src = n;
                boolean inside = true;
                for (int i = 0; i < r; i++) {
                    int at = boundary.sourceIndex(o[i] * strides[i] - padBefore[i] + c[i], inSizes[i]);
                    if (at < 0) {
                        inside = false;
                        break;
                    }
                    src = src * inSizes[i] + at;
                }
                if (inside) {
                    System.arraycopy(x, Math.toIntExact(src * channels), crop, (s * cropVolume + q) * channels, channels);
                }
            }
        }
        ConvSpec cropSpec = spec.toBuilder().strides(1).padding(Padding.VALID).boundary(Boundary.ZERO).build();
        ReferenceConv.Result ref = ReferenceConv.forward(cropSpec, Tensor.wrap(cropShape, crop), filter, biasOrNull);

        float[] y = output.data();
        double[] want = ref.values();
        double[] absSum = ref.absSum();
        int failures = 0;
        double maxRatio = 0;
        String first = "";
        for (int s = 0; s < p; s++) {
            for (int co = 0; co < cout; co++) {
                float got = y[Math.toIntExact(positions[s] * cout + co)];
                double expected = want[s * cout + co];
                double bound = bound(absSum[s * cout + co]);
                double diff = Math.abs(got - expected);
                if (!(diff <= bound)) {
                    if (failures++ == 0) {
                        first = "at " + index(positions[s], co, g) + ": got " + got + ", want " + expected
                                + ", |diff| " + diff + " > bound " + bound;
                    }
                    maxRatio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxRatio, diff / bound);
                } else {
                    maxRatio = Math.max(maxRatio, diff / bound);
                }
            }
        }
        return new Result(failures == 0, p, p * cout, failures, maxRatio, first);
    }

    /** How the results of {@code op} are checked, in a few words (the bench's JSON {@code check_method}). */
    public static String method(BenchOp op) {
        return switch (op.result()) {
            case OUTPUT -> "sampled output positions, every channel (receptive-field crops, reference forward)";
            case INPUT_GRADIENT -> "sampled input positions, every channel (dy-window crops, reference input gradient)";
            case FILTER_GRADIENT -> "sampled (in, out) channel pairs, every tap (one-channel slices, reference filter "
                    + "gradient over all positions)";
        };
    }

    /**
     * {@link Accuracy#bound}, written out with its (compile-time constant) coefficients: calling
     * it would load {@code Accuracy}, whose assertion methods need opentest4j, which is a test
     * library and not on the command line's class path.
     */
    static double bound(double absSum) {
        return Accuracy.RELATIVE * absSum + Accuracy.ABSOLUTE;
    }

    /**
     * Distinct flat positions {@code n * volume + p} over {@code total} positions of spatial
     * {@code sizes} (about {@link #TARGET_ELEMENTS} elements at {@code perPosition} each, 16 to
     * 256 positions): the first and the last, the corners of the first image, then random ones.
     */
    static long[] samplePositions(int[] sizes, int perPosition, long total, long seed) {
        int wanted = (int) Math.min(total, Math.clamp((TARGET_ELEMENTS + perPosition - 1) / perPosition, MIN_POSITIONS,
                MAX_POSITIONS));
        Set<Long> chosen = new LinkedHashSet<>();
        chosen.add(0L);
        chosen.add(total - 1);
        int r = sizes.length;
        for (int corner = 0; corner < (1 << Math.min(r, 3)) && chosen.size() < wanted; corner++) {
            long flat = 0;
            for (int i = 0; i < r; i++) {
                flat = flat * sizes[i] + (((corner >> i) & 1) == 1 ? sizes[i] - 1 : 0);
            }
            chosen.add(flat);
        }
        SplittableRandom random = new SplittableRandom(seed);
        while (chosen.size() < wanted) {
            chosen.add(random.nextLong(total));
        }
        return chosen.stream().mapToLong(Long::longValue).limit(wanted).toArray();
    }

    static void unravel(long flat, int[] sizes, int[] out) {
        for (int i = sizes.length - 1; i >= 0; i--) {
            out[i] = (int) (flat % sizes[i]);
            flat /= sizes[i];
        }
    }

    private static String index(long position, int channel, ConvGeometry g) {
        int[] o = new int[g.spatialRank()];
        unravel(position % g.outputVolume(), g.outputSizes(), o);
        StringBuilder sb = new StringBuilder("[").append(position / g.outputVolume());
        for (int v : o) {
            sb.append(',').append(v);
        }
        return sb.append(',').append(channel).append(']').toString();
    }
}
