package dev.conv4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The operations a benchmark suite names, with TensorFlow's meaning: {@code tf.nn.conv1d},
 * {@code conv2d}, {@code conv3d}, {@code depthwise_conv2d} and the two gradients of
 * {@code conv2d} ({@code tf.nn.conv2d_backprop_input} and {@code conv2d_backprop_filter}), whose
 * cases give the shapes of the forward convolution they differentiate. conv4j computes them all.
 */
public enum BenchOp {
    CONV1D("conv1d", 1, false, Result.OUTPUT),
    CONV2D("conv2d", 2, false, Result.OUTPUT),
    CONV3D("conv3d", 3, false, Result.OUTPUT),
    DEPTHWISE2D("depthwise2d", 2, true, Result.OUTPUT),
    CONV2D_GRAD_INPUT("conv2d_grad_input", 2, false, Result.INPUT_GRADIENT),
    CONV2D_GRAD_FILTER("conv2d_grad_filter", 2, false, Result.FILTER_GRADIENT);

    /** What an op computes: the forward output, {@code dL/dx} (input-shaped) or {@code dL/dW} (filter-shaped). */
    public enum Result { OUTPUT, INPUT_GRADIENT, FILTER_GRADIENT }

    private final String code;
    private final int spatialRank;
    private final boolean depthwise;
    private final Result result;

    BenchOp(String code, int spatialRank, boolean depthwise, Result result) {
        this.code = code;
        this.spatialRank = spatialRank;
        this.depthwise = depthwise;
        this.result = result;
    }

    /** The name used in suite files, e.g. {@code depthwise2d}. */
    public String code() {
        return code;
    }

    /** Directions the kernel slides in. */
    public int spatialRank() {
        return spatialRank;
    }

    /** The filter is {@code [k..., C, multiplier]}. */
    public boolean depthwise() {
        return depthwise;
    }

    /** What the op computes. */
    public Result result() {
        return result;
    }

    /** Whether the op is one of the gradients (it then needs an output gradient {@code dy}). */
    public boolean gradient() {
        return result != Result.OUTPUT;
    }

    /** The op named {@code code} in a suite file (exactly as written there). */
    public static BenchOp parse(String code) {
        for (BenchOp op : values()) {
            if (op.code.equals(code.strip().toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown op '" + code + "': expected one of " + codes());
    }

    static String codes() {
        return Arrays.stream(values()).map(BenchOp::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
