package dev.conv4j.spec;

/**
 * The shape arithmetic of one spatial axis: what goes in, how the kernel steps, what comes out.
 *
 * @param name      {@code width}, {@code height}, {@code depth} (or {@code s4}, ... beyond 3D)
 * @param input     input size {@code n}
 * @param kernel    kernel size {@code k}
 * @param stride    stride {@code s}
 * @param dilation  dilation {@code d}
 * @param padBefore zeros (or boundary values) added before the first input element
 * @param padAfter  added after the last
 * @param output    output size
 * @param rule      the padding rule that produced the pads
 */
public record AxisGeometry(String name, int input, int kernel, int stride, int dilation,
                           int padBefore, int padAfter, int output, Padding rule) {

    /** The span the kernel covers: {@code (k - 1) * d + 1}. */
    public int effectiveKernel() {
        return (kernel - 1) * dilation + 1;
    }

    /**
     * The output size's derivation with this axis's numbers, e.g.
     * {@code SAME: out = ceil(224 / 2) = 112; pad_total = max((112 - 1)*2 + 7 - 224, 0) = 5 -> before 2, after 3}.
     */
    public String formula() {
        int e = effectiveKernel();
        String eText = dilation == 1 ? Integer.toString(kernel) : "((" + kernel + "-1)*" + dilation + "+1 = " + e + ")";
        if (rule == Padding.SAME) {
            int total = padBefore + padAfter;
            return "SAME: out = ceil(" + input + " / " + stride + ") = " + output
                    + "; pad_total = max((" + output + " - 1)*" + stride + " + " + eText + " - " + input + ", 0) = "
                    + total + " -> before " + padBefore + ", after " + padAfter
                    + (padAfter > padBefore ? " (the odd one goes after, as in TensorFlow)" : "");
        }
        if (rule == Padding.VALID) {
            return "VALID: out = floor((" + input + " - " + eText + ") / " + stride + ") + 1 = " + output;
        }
        String padded = "floor((" + input + " + " + padBefore + " + " + padAfter + " - " + eText + ") / " + stride + ") + 1 = " + output;
        if (rule == Padding.CAUSAL) {
            return "CAUSAL: before = " + eText + " - 1 = " + padBefore + ", after 0; out = " + padded;
        }
        return "explicit: out = " + padded;
    }
}
