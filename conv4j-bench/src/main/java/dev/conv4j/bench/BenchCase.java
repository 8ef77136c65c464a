package dev.conv4j.bench;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * One case of a benchmark suite, in TensorFlow's terms: channels-last input, filter
 * {@code [k..., in/groups, out]} (depthwise {@code [k..., in, multiplier]}), strides and
 * dilations per spatial axis. For the two gradient ops, {@code input} and {@code filter} are the
 * shapes of the forward convolution whose gradient is taken (as in {@code shapes.json}).
 *
 * <p>Immutable; the geometry is derived (and so validated) when the case is made.
 *
 * @param name      unique within its suite, e.g. {@code s5_vgg}
 * @param op        what to compute
 * @param input     input shape {@code [N, spatial..., C]}
 * @param filter    filter shape
 * @param strides   one per spatial axis
 * @param dilations one per spatial axis
 * @param padding   {@code SAME}, {@code VALID} or explicit pads
 */
public record BenchCase(String name, BenchOp op, Shape input, Shape filter, int[] strides, int[] dilations,
                        Padding padding) {

    public BenchCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(padding, "padding");
        strides = strides.clone();
        dilations = dilations.clone();
        try {
            forwardSpec(op, strides, dilations, padding).geometry(input, filter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("case " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public int[] dilations() {
        return dilations.clone();
    }

    /** The shape of what the op computes: the forward output, the input (dx) or the filter (dW). */
    public Shape resultShape() {
        return switch (op.result()) {
            case OUTPUT -> geometry().outputShape();
            case INPUT_GRADIENT -> input;
            case FILTER_GRADIENT -> filter;
        };
    }

    /**
     * The one-line problem string: the (forward) convolution's, prefixed for a gradient, e.g.
     * {@code grad-filter of conv2d n1 in224x224x64 ...}.
     */
    public String problem() {
        String forward = geometry().problem();
        return switch (op.result()) {
            case OUTPUT -> forward;
            case INPUT_GRADIENT -> "grad-input of " + forward;
            case FILTER_GRADIENT -> "grad-filter of " + forward;
        };
    }

    /**
     * The forward convolution as a conv4j descriptor; for a gradient op, the forward
     * convolution it differentiates.
     */
    public ConvSpec spec() {
        return forwardSpec(op, strides, dilations, padding);
    }

    /** Shapes, pads and output of the (forward) convolution. */
    public ConvGeometry geometry() {
        return spec().geometry(input, filter);
    }

    /**
     * {@code shapes.json}'s FLOPs: two per multiply-add of the forward convolution, padded taps
     * included ({@link ConvGeometry#flops()}); the gradients are counted with the forward FLOPs.
     */
    public long flops() {
        return geometry().flops();
    }

    /**
     * The bytes a run must move at the least: every operand read once and the result written
     * once, float32: input, filter and output for the forward convolution, dy, filter and dx for
     * the input gradient, x, dy and dW for the filter gradient; all three are the same three
     * tensors' elements.
     */
    public long bytes() {
        return (long) Float.BYTES * (input.elementCount() + filter.elementCount() + geometry().outputShape().elementCount());
    }

    private static ConvSpec forwardSpec(BenchOp op, int[] strides, int[] dilations, Padding padding) {
        ConvSpec.Builder b = ConvSpec.builder(op.spatialRank()).strides(strides).dilations(dilations).padding(padding);
        if (op.depthwise()) {
            b.depthwise();
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BenchCase c && name.equals(c.name) && op == c.op && input.equals(c.input)
                && filter.equals(c.filter) && Arrays.equals(strides, c.strides)
                && Arrays.equals(dilations, c.dilations) && padding.equals(c.padding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, input, filter, Arrays.hashCode(strides),
                Arrays.hashCode(dilations), padding);
    }

    /** e.g. {@code s5_vgg conv2d [1,224,224,64] * [3,3,64,64] strides [1,1] SAME}. */
    @Override
    public String toString() {
        return name + " " + op + " " + input + " * " + filter + " strides " + Arrays.toString(strides)
                .replace(" ", "") + " " + padding;
    }
}
