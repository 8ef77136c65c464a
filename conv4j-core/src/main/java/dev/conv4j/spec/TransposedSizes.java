package dev.conv4j.spec;

import dev.conv4j.tensor.Shape;

/**
 * The inverse of the output-size rule, for transposed convolutions and input gradients: with
 * stride {@code s > 1} several input sizes give the same output size, so a transposed
 * convolution needs its output shape given (TensorFlow) or pinned by {@code output_padding}
 * (PyTorch).
 */
public final class TransposedSizes {
    private TransposedSizes() {
    }

    /** The input sizes {@code [first, last]} along {@code axis} whose forward output size is {@code out}. */
    public static int[] legalInputSizes(ConvSpec spec, int axis, int kernel, int out) {
        int s = spec.stride(axis);
        long e = (long) (kernel - 1) * spec.dilation(axis) + 1;
        Padding p = spec.padding();
        long first;
        long last;
        if (p == Padding.SAME || p == Padding.CAUSAL) {
            // SAME: ceil(n / s) = out; CAUSAL: (n - 1) / s + 1 = out -- the same set
            first = (long) (out - 1) * s + 1;
            last = (long) out * s;
        } else {
            long pads = 0;
            if (p instanceof Padding.Explicit ex) {
                int j = ex.before().length == 1 ? 0 : axis;
                pads = (long) ex.before()[j] + ex.after()[j];
            }
            first = (long) (out - 1) * s + e - pads;
            last = first + s - 1;
        }
        first = Math.max(first, 1);
        if (last < first || last > Integer.MAX_VALUE) {
            return new int[0];
        }
        return new int[] {(int) first, (int) last};
    }

    /**
     * The transposed convolution's output shape from its input shape (the forward output) and
     * PyTorch's {@code output_padding}: per axis {@code (m - 1)*s - pads + e + output_padding}.
     * Needs VALID or explicit padding, whose pads do not depend on the size being sought.
     */
    public static Shape outputShape(ConvSpec spec, Shape transposedInput, Shape filter, int[] outputPadding) {
        int r = spec.spatialRank();
        if (spec.padding() == Padding.SAME || spec.padding() == Padding.CAUSAL) {
            throw new ConvShapeException("output-padding", "output_padding needs VALID or explicit padding (as in"
                    + " PyTorch); with " + spec.padding() + " give the output shape instead");
        }
        if (transposedInput.rank() != r + 2) {
            throw new ConvShapeException("input", "input rank " + transposedInput.rank() + " does not fit a " + r
                    + "D transposed convolution: expected rank " + (r + 2) + ", got " + transposedInput);
        }
        int[] pads = outputPadding.length == 1 ? filled(r, outputPadding[0]) : outputPadding;
        if (pads.length != r) {
            throw new ConvShapeException("output-padding", "output_padding has " + outputPadding.length
                    + " values; a " + r + "D transposed convolution takes 1 or " + r);
        }
        DataFormat df = spec.dataFormat();
        FilterFormat ff = spec.filterFormat();
        int[] dims = transposedInput.dims();
        dims[df.channelAxis(r)] = filter.dim(ff.inChannelAxis(r)) * (spec.depthwise() ? 1 : spec.groups());
        for (int i = 0; i < r; i++) {
            int k = filter.dim(ff.kernelAxis(r, i));
            int[] legal = legalInputSizes(spec, i, k, transposedInput.dim(df.spatialAxis(r, i)));
            if (pads[i] < 0 || legal.length == 0 || pads[i] > legal[1] - legal[0]) {
                String range = legal.length == 0 ? "none" : "0.." + (legal[1] - legal[0]);
                throw new ConvShapeException("output-padding", "output_padding " + pads[i] + " along "
                        + AxisNames.axisName(r, i) + " is not in the legal range " + range
                        + " (stride " + spec.stride(i) + ")");
            }
            dims[df.spatialAxis(r, i)] = legal[0] + pads[i];
        }
        return Shape.of(dims);
    }

    /**
     * Checks that {@code gradOutput} is what the forward convolution of {@code spec} gives for
     * {@code inputShape}; otherwise an error listing the input sizes that would give it.
     */
    public static void checkProducible(ConvSpec spec, Shape inputShape, Shape filter, Shape gradOutput, String argument) {
        ConvGeometry g;
        try {
            g = spec.geometry(inputShape, filter);
        } catch (ConvShapeException e) {
            throw new ConvShapeException(argument, argument + " " + inputShape + " cannot be produced: " + e.getMessage());
        }
        if (g.outputShape().equals(gradOutput)) {
            return;
        }
        int r = spec.spatialRank();
        DataFormat df = spec.dataFormat();
        StringBuilder legal = new StringBuilder();
        for (int i = 0; i < r; i++) {
            int want = gradOutput.rank() == r + 2 ? gradOutput.dim(df.spatialAxis(r, i)) : -1;
            int[] sizes = want < 1 ? new int[0] : legalInputSizes(spec, i, g.axis(i).kernel(), want);
            legal.append(i == 0 ? "" : "; ").append(g.axis(i).name()).append(' ')
                    .append(sizes.length == 0 ? "none" : sizes[0] == sizes[1] ? sizes[0] + "" : sizes[0] + ".." + sizes[1]);
        }
        throw new ConvShapeException(argument, argument + " " + inputShape + " gives a forward output "
                + g.outputShape() + ", not " + gradOutput + " (" + g.problem() + "); sizes that give " + gradOutput
                + ": " + legal);
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
