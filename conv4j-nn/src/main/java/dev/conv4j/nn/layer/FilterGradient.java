package dev.conv4j.nn.layer;

import dev.conv4j.nn.Compute;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.DataFormat;
import java.util.Arrays;

/**
 * The filter gradient of a convolution as one matrix product (im2col), which runs on the
 * planner's pointwise kernel: {@code dW [taps·C_in, C_out] = Pᵀ [taps·C_in, M] · dY [M, C_out]},
 * where {@code M} counts the (sample, output position) pairs and row {@code (tap, c)} of
 * {@code Pᵀ} holds, for every pair, the input element that tap multiplies (zero in the padding).
 * The result is {@code [k..., C_in, C_out]} flattened, the HWIO kernel itself.
 *
 * <p>It covers what a network layer uses (channels-last, zero padding, one group, no flip);
 * {@link #covers} says when, and the layer falls back to the core's direct
 * {@code planGradFilter} otherwise. Samples are taken in chunks so that {@code Pᵀ} stays below
 * {@value #MAX_PATCH_FLOATS} floats.
 */
final class FilterGradient {
    static final int MAX_PATCH_FLOATS = 1 << 22;

    private FilterGradient() {
    }

    static boolean covers(ConvGeometry g) {
        return g.groups() == 1 && g.spec().dataFormat() == DataFormat.CHANNELS_LAST
                && g.spec().boundary() == Boundary.ZERO && !g.spec().flipKernel() && !g.spec().depthwise();
    }

    /** {@code dL/dW} for input {@code x} and output gradient {@code dy} of the forward convolution {@code g}. */
    static float[] compute(Compute compute, ConvGeometry g, float[] x, float[] dy) {
        int taps = Math.toIntExact(g.kernelVolume());
        int channels = g.inChannels();
        int outChannels = g.outChannels();
        int rows = taps * channels;
        int positions = Math.toIntExact(g.outputVolume());
        int samplesPerChunk = (int) Math.max(1, Math.min(g.batch(), MAX_PATCH_FLOATS / ((long) rows * positions)));
        float[] dw = new float[rows * outChannels];
        for (int n0 = 0; n0 < g.batch(); n0 += samplesPerChunk) {
            int n1 = Math.min(g.batch(), n0 + samplesPerChunk);
            int m = (n1 - n0) * positions;
            float[] patches = transposedPatches(compute, g, x, n0, n1);
            float[] grad = n0 == 0 && n1 == g.batch() ? dy
                    : Arrays.copyOfRange(dy, n0 * positions * outChannels, n1 * positions * outChannels);
            float[] part = Matrices.multiply(compute, patches, rows, m, grad, outChannels, null);
            for (int i = 0; i < dw.length; i++) {
                dw[i] += part[i];
            }
        }
        return dw;
    }

    /**
     * {@code Pᵀ} for samples {@code [n0, n1)}: row {@code tap·C + c}, column {@code (n - n0)·positions + o}.
     * The input is first made planar ({@code [C][n, positions]}), so that along the last axis a
     * row is a shifted copy of its channel's plane: one {@code arraycopy} per output line at
     * stride 1.
     */
    private static float[] transposedPatches(Compute compute, ConvGeometry g, float[] x, int n0, int n1) {
        int r = g.spatialRank();
        int channels = g.inChannels();
        int samples = n1 - n0;
        int positions = Math.toIntExact(g.outputVolume());
        int m = samples * positions;
        int taps = Math.toIntExact(g.kernelVolume());
        int[] inSizes = g.inputSizes();
        int[] kernel = g.kernelSizes();
        int[] outSizes = g.outputSizes();
        int[] strides = g.spec().strides();
        int inVolume = Math.toIntExact(g.inputShape().elementCount() / Math.max(1, (long) g.batch() * channels));
        int planeLength = samples * inVolume;
        float[] planes = Matrices.transpose(x, n0 * inVolume * channels, planeLength, channels);
        float[] patches = new float[Math.multiplyExact(taps * channels, m)];
        int last = r - 1;
        int lines = positions / outSizes[last];
        compute.parallel(taps * channels, (from, to) -> {
            int[] shift = new int[r];
            int[] o = new int[r];
            for (int row = from; row < to; row++) {
                int c = row % channels;
                for (int a = r - 1, rest = row / channels; a >= 0; a--) {
                    AxisGeometry axis = g.axis(a);
                    shift[a] = (rest % kernel[a]) * axis.dilation() - axis.padBefore();
                    rest /= kernel[a];
                }
                // output positions along the last axis whose input lies inside: [lo, hi)
                int s = strides[last];
                int lo = shift[last] >= 0 ? 0 : (-shift[last] + s - 1) / s;
                int hi = Math.min(outSizes[last], inSizes[last] - 1 - shift[last] < 0 ? 0
                        : (inSizes[last] - 1 - shift[last]) / s + 1);
                int dst = row * m;
                for (int n = 0; n < samples; n++) {
                    java.util.Arrays.fill(o, 0);
                    for (int line = 0; line < lines; line++, dst += outSizes[last]) {
                        int base = n;
                        boolean inside = true;
                        for (int a = 0; a < last; a++) {
                            int i = o[a] * strides[a] + shift[a];
                            inside &= i >= 0 && i < inSizes[a];
                            base = base * inSizes[a] + i;
                        }
                        for (int a = last - 1; a >= 0 && ++o[a] == outSizes[a]; a--) {
                            o[a] = 0;
                        }
                        if (!inside || lo >= hi) {
                            continue;
                        }
                        int src = c * planeLength + base * inSizes[last] + shift[last];
                        if (s == 1) {
                            System.arraycopy(planes, src + lo, patches, dst + lo, hi - lo);
                        } else {
                            for (int j = lo; j < hi; j++) {
                                patches[dst + j] = planes[src + j * s];
                            }
                        }
                    }
                }
            }
        });
        return patches;
    }
}
