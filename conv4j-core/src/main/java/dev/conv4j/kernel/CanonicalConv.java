package dev.conv4j.kernel;

import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;

/**
 * A convolution in the one form every kernel computes: channels-last input {@code [N, s..., C]},
 * filter packed as {@code [k..., C/groups, C_out]} (already flipped if the spec asked for it),
 * output {@code [N, o..., C_out]}, positions outside the input reading zero.
 *
 * <p>The plan brings every problem into this form: channels-first data is transposed around
 * the kernel, and a non-zero boundary is materialised as a padded input, so {@code inSizes}
 * then include the pads and {@code padBefore} is 0.
 *
 * @param batch     N
 * @param inChannels C
 * @param outChannels C_out
 * @param groups    channel groups (C for depthwise)
 * @param inSizes   input sizes per spatial axis
 * @param kernel    kernel sizes
 * @param strides   strides
 * @param dilations dilations
 * @param padBefore zeros before each axis (those after follow from the output size)
 * @param outSizes  output sizes
 * @param hasBias   whether a bias per output channel is added
 */
public record CanonicalConv(int batch, int inChannels, int outChannels, int groups, int[] inSizes, int[] kernel,
                            int[] strides, int[] dilations, int[] padBefore, int[] outSizes, boolean hasBias) {

    /** The canonical form of a validated geometry. */
    public static CanonicalConv of(ConvGeometry g, boolean hasBias) {
        int[] in = g.inputSizes();
        int[] before = g.padsBefore();
        if (g.spec().boundary() != Boundary.ZERO) {
            int[] after = g.padsAfter();
            for (int i = 0; i < in.length; i++) {
                in[i] += before[i] + after[i];
                before[i] = 0;
            }
        }
        return new CanonicalConv(g.batch(), g.inChannels(), g.outChannels(), g.groups(), in, g.kernelSizes(),
                g.spec().strides(), g.spec().dilations(), before, g.outputSizes(), hasBias);
    }

    public int spatialRank() {
        return inSizes.length;
    }

    /** Spatial axis {@code a}. */
    public CanonicalAxis axis(int a) {
        return new CanonicalAxis(inSizes[a], outSizes[a], kernel[a], strides[a], dilations[a], padBefore[a]);
    }

    /** Spatial axes {@code fromAxis} (inclusive) to {@code toAxis} (exclusive). */
    public CanonicalAxis[] axes(int fromAxis, int toAxis) {
        CanonicalAxis[] axes = new CanonicalAxis[toAxis - fromAxis];
        for (int a = fromAxis; a < toAxis; a++) {
            axes[a - fromAxis] = axis(a);
        }
        return axes;
    }

    /** Spatial axis {@code a}, or {@link CanonicalAxis#POINT} when {@code a} is negative: an axis a lower rank lacks. */
    public CanonicalAxis axisOrPoint(int a) {
        return a >= 0 ? axis(a) : CanonicalAxis.POINT;
    }

    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    public boolean depthwiseLike() {
        return groups == inChannels && groups > 1;
    }

    public long inputVolume() {
        return product(inSizes);
    }

    public long outputVolume() {
        return product(outSizes);
    }

    public long kernelVolume() {
        return product(kernel);
    }

    public int inputLength() {
        return Math.toIntExact(batch * inputVolume() * inChannels);
    }

    public int outputLength() {
        return Math.toIntExact(batch * outputVolume() * outChannels);
    }

    public int filterLength() {
        return Math.toIntExact(kernelVolume() * inChannelsPerGroup() * outChannels);
    }

    /** True when every stride and dilation is 1. */
    public boolean unitStrideAndDilation() {
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] != 1 || dilations[i] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when some output's window reaches past the input on some axis, so that a kernel may
     * meet zero padding: a pad before the input, or the last window ending after it.
     */
    public boolean readsZeroPadding() {
        for (int a = 0; a < inSizes.length; a++) {
            long lastRead = (long) (outSizes[a] - 1) * strides[a] + (long) (kernel[a] - 1) * dilations[a] - padBefore[a];
            if (padBefore[a] > 0 || lastRead >= inSizes[a]) {
                return true;
            }
        }
        return false;
    }

    private static long product(int[] values) {
        long p = 1;
        for (int v : values) {
            p *= v;
        }
        return p;
    }
}
