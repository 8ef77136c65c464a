package dev.conv4j.cli.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The operations a benchmark suite names, with TensorFlow's meaning: {@code tf.nn.conv1d},
 * {@code conv2d}, {@code conv3d}, {@code depthwise_conv2d} and the two gradients of
 * {@code conv2d}. The gradients are known (the suite lists them) but conv4j does not compute
 * them yet, so their cases are reported as skipped.
 */
public enum BenchOp {
    CONV1D("conv1d", 1, false, true),
    CONV2D("conv2d", 2, false, true),
    CONV3D("conv3d", 3, false, true),
    DEPTHWISE2D("depthwise2d", 2, true, true),
    CONV2D_GRAD_INPUT("conv2d_grad_input", 2, false, false),
    CONV2D_GRAD_FILTER("conv2d_grad_filter", 2, false, false);

    /** Why a case of an op conv4j lacks is skipped rather than failed. */
    public static final String NOT_IMPLEMENTED = "not implemented (backward passes are a later issue)";

    private final String code;
    private final int spatialRank;
    private final boolean depthwise;
    private final boolean implemented;

    BenchOp(String code, int spatialRank, boolean depthwise, boolean implemented) {
        this.code = code;
        this.spatialRank = spatialRank;
        this.depthwise = depthwise;
        this.implemented = implemented;
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

    /** Whether conv4j computes this op (the forward passes do; the gradients not yet). */
    public boolean implemented() {
        return implemented;
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
