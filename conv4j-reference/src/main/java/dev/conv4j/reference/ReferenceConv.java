package dev.conv4j.reference;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;

/**
 * The oracle: convolution exactly as {@code semantics.md} states it, in plain nested loops with
 * float64 accumulation, for any spatial rank. Every fast path, the CLI's {@code --check} and the
 * benchmark's self-check compare against this.
 *
 * <p>It takes only the output shape and the pads from {@link ConvGeometry} (shape arithmetic,
 * tested on its own against the formulas) and the padded-position rule from
 * {@link dev.conv4j.spec.Boundary#sourceIndex}; the layouts and the sum are written here from
 * the semantics, not from any production kernel.
 *
 * <p>For output position {@code o} (per spatial axis), output channel {@code co} in group
 * {@code g} and kernel tap {@code t}, the input position along axis {@code i} is
 * {@code o_i * stride_i + t_i * dilation_i - padBefore_i}, and
 * <pre>
 *   y[n, o, co] = bias[co] + sum over t, ci of x[n, position(o, t), g * inPerGroup + ci] * w[tap(t), ci, co]
 * </pre>
 * where {@code tap(t) = t}, or {@code k - 1 - t} per axis for a flipped (true) convolution.
 */
public final class ReferenceConv {
    private ReferenceConv() {
    }

    /**
     * The reference output in float64, with the error scale of each element.
     *
     * @param shape  the output shape, in the input's data format
     * @param values the outputs, row-major in {@code shape}
     * @param absSum per output, {@code Σ|x·w|} over the products that make it up (and {@code |bias|}):
     *               the scale of float32 rounding error the accuracy rule allows ({@link Accuracy})
     */
    public record Result(Shape shape, double[] values, double[] absSum) {
        /** The output rounded to float32, as a production path returns it. */
        public Tensor toFloat() {
            float[] rounded = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                rounded[i] = (float) values[i];
            }
            return Tensor.wrap(shape, rounded);
        }

        @Override
        public String toString() {
            return "ReferenceConv.Result" + shape;
        }
    }

    /**
     * Computes the convolution {@code spec} describes.
     *
     * @param biasOrNull one value per output channel, or null
     * @throws dev.conv4j.spec.ConvShapeException when the shapes do not fit the spec
     */
    public static Result forward(ConvSpec spec, Tensor input, Tensor filter, Tensor biasOrNull) {
        ConvGeometry geometry = spec.geometry(input.shape(), filter.shape());
        if (biasOrNull != null) {
            geometry.checkBias(biasOrNull.shape());
        }
        return new Evaluation(spec, geometry, input, filter, biasOrNull).run();
    }

    /** {@link #forward} rounded to float32: the reference as a {@link ConvFunction}. */
    public static Tensor forwardFloat(ConvSpec spec, Tensor input, Tensor filter, Tensor biasOrNull) {
        return forward(spec, input, filter, biasOrNull).toFloat();
    }

    /** Receives the flat offsets of one product of the convolution's sum. */
    @FunctionalInterface
    interface ProductVisitor {
        void visit(int output, int input, int weight);
    }

    /**
     * Visits every product the convolution sums, as flat offsets into the output, input and filter
     * (in the spec's layouts): the one loop nest that defines the forward pass, and whose
     * transposes define the gradients ({@link ReferenceGradients}).
     */
    static void forEachProduct(ConvSpec spec, Tensor input, Tensor filter, ProductVisitor visitor) {
        ConvGeometry geometry = spec.geometry(input.shape(), filter.shape());
        new Evaluation(spec, geometry, input, filter, null).forEachProduct(visitor);
    }

    /** One convolution's loops, with the per-axis numbers taken out of the spec and geometry once. */
    private static final class Evaluation {
        private final ConvSpec spec;
        private final ConvGeometry geometry;
        private final int[] inputSizes;
        private final int[] kernelSizes;
        private final int[] outputSizes;
        private final int[] padsBefore;
        private final int[] strides;
        private final int[] dilations;
        private final Layout inputLayout;
        private final Layout outputLayout;
        private final Layout filterLayout;
        /**
         * A depthwise HWIO filter is {@code [k..., C, multiplier]}: output channel {@code c*M + m}
         * reads {@code w[..., c, m]}. Every other filter (a depthwise OIHW one is {@code [C*M, 1, k...]})
         * is indexed by in-channel-within-group and output channel.
         */
        private final boolean depthwiseHwio;
        private final float[] x;
        private final float[] w;
        private final float[] bias;

        Evaluation(ConvSpec spec, ConvGeometry geometry, Tensor input, Tensor filter, Tensor biasOrNull) {
            this.spec = spec;
            this.geometry = geometry;
            this.inputSizes = geometry.inputSizes();
            this.kernelSizes = geometry.kernelSizes();
            this.outputSizes = geometry.outputSizes();
            this.padsBefore = geometry.padsBefore();
            this.strides = spec.strides();
            this.dilations = spec.dilations();
            this.inputLayout = Layout.activation(input.shape(), spec.dataFormat());
            this.outputLayout = Layout.activation(geometry.outputShape(), spec.dataFormat());
            this.filterLayout = Layout.filter(filter.shape(), spec.filterFormat());
            this.depthwiseHwio = spec.depthwise() && spec.filterFormat() == FilterFormat.HWIO;
            this.x = input.data();
            this.w = filter.data();
            this.bias = biasOrNull == null ? null : biasOrNull.data();
        }

        Result run() {
            int outputCount = geometry.outputShape().checkedElementCount("output");
            double[] values = new double[outputCount];
            double[] absSum = new double[outputCount];
            forEachProduct((output, input, weight) -> {
                double product = (double) x[input] * w[weight];
                values[output] += product;
                absSum[output] += Math.abs(product);
            });
            if (bias != null) {
                for (int o = 0; o < outputCount; o++) {
                    int co = channelOfOutput(o);
                    // the bias is one more term of the sum, so it counts towards the error scale
                    values[o] += bias[co];
                    absSum[o] += Math.abs(bias[co]);
                }
            }
            return new Result(geometry.outputShape(), values, absSum);
        }

        private int channelOfOutput(int offset) {
            int r = spec.spatialRank();
            Shape out = geometry.outputShape();
            long[] strides = out.strides();
            int axis = spec.dataFormat().channelAxis(r);
            return (int) (offset / strides[axis] % out.dim(axis));
        }

        /** Visits every product {@code x[input] * w[weight]} that output {@code output} sums. */
        void forEachProduct(ProductVisitor visitor) {
            int rank = spec.spatialRank();
            int inPerGroup = geometry.inChannelsPerGroup();
            int outPerGroup = geometry.outChannelsPerGroup();
            int[] outputPosition = new int[rank];
            int[] tap = new int[rank];
            int[] weightTap = new int[rank];
            int[] inputPosition = new int[rank];
            for (int n = 0; n < geometry.batch(); n++) {
                do {
                    for (int co = 0; co < geometry.outChannels(); co++) {
                        int group = co / outPerGroup;
                        int o = (int) outputLayout.offset(n, co, outputPosition);
                        do {
                            if (readsInput(outputPosition, tap, inputPosition)) {
                                weightTap(tap, weightTap);
                                for (int ci = 0; ci < inPerGroup; ci++) {
                                    long xOffset = inputLayout.offset(n, group * inPerGroup + ci, inputPosition);
                                    long wOffset = depthwiseHwio
                                            ? filterLayout.offset(group, co % outPerGroup, weightTap)
                                            : filterLayout.offset(ci, co, weightTap);
                                    visitor.visit(o, (int) xOffset, (int) wOffset);
                                }
                            }
                        } while (MultiIndex.next(tap, kernelSizes));
                    }
                } while (MultiIndex.next(outputPosition, outputSizes));
            }
        }

        /**
         * Finds the input element that kernel tap {@code tap} of output {@code outputPosition}
         * reads; a padded position reads through the boundary mode.
         *
         * @return false when it reads a zero pad; otherwise true with {@code inputPosition} filled in
         */
        private boolean readsInput(int[] outputPosition, int[] tap, int[] inputPosition) {
            for (int i = 0; i < tap.length; i++) {
                int padded = outputPosition[i] * strides[i] + tap[i] * dilations[i] - padsBefore[i];
                int source = spec.boundary().sourceIndex(padded, inputSizes[i]);
                if (source < 0) {
                    return false;
                }
                inputPosition[i] = source;
            }
            return true;
        }

        /** The filter element tap {@code tap} multiplies: the same, or reversed for a true convolution. */
        private void weightTap(int[] tap, int[] weightTap) {
            for (int i = 0; i < tap.length; i++) {
                weightTap[i] = spec.flipKernel() ? kernelSizes[i] - 1 - tap[i] : tap[i];
            }
        }
    }

    /**
     * Where an element lives in a tensor of two non-spatial axes and r spatial ones: batch and
     * channel of an activation ({@code [N, spatial..., C]} or {@code [N, C, spatial...]}), or input
     * and output channel of a filter (HWIO {@code [k..., in, out]} or OIHW {@code [out, in, k...]}).
     */
    private record Layout(long firstStride, long secondStride, long[] spatialStrides) {
        static Layout activation(Shape shape, DataFormat format) {
            long[] strides = shape.strides();
            int rank = shape.rank() - 2;
            return format == DataFormat.CHANNELS_LAST
                    ? new Layout(strides[0], strides[rank + 1], Arrays.copyOfRange(strides, 1, rank + 1))
                    : new Layout(strides[0], strides[1], Arrays.copyOfRange(strides, 2, rank + 2));
        }

        static Layout filter(Shape shape, FilterFormat format) {
            long[] strides = shape.strides();
            int rank = shape.rank() - 2;
            return format == FilterFormat.HWIO
                    ? new Layout(strides[rank], strides[rank + 1], Arrays.copyOfRange(strides, 0, rank))
                    : new Layout(strides[1], strides[0], Arrays.copyOfRange(strides, 2, rank + 2));
        }

        /** The offset of (batch, channel, position) in an activation, or (in, out, tap) in a filter. */
        long offset(int first, int second, int[] position) {
            long offset = first * firstStride + second * secondStride;
            for (int i = 0; i < position.length; i++) {
                offset += position[i] * spatialStrides[i];
            }
            return offset;
        }
    }
}
