package dev.conv4j.kernel.spatial;

/** {@link DepthwiseOps} in plain float arithmetic: the twin of {@link DepthwiseSimd}. */
final class DepthwiseScalar implements DepthwiseOps {
    static final DepthwiseScalar INSTANCE = new DepthwiseScalar();
    /** The same shape of work as the SIMD kernel's on 512-bit vectors. */
    private static final int LANES = 16;
    private static final int POSITIONS = 8;

    private DepthwiseScalar() {
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public int positions() {
        return POSITIONS;
    }

    @Override
    public void copyVectors(float[] src, int from, int srcStride, int width, int count, float[] dst, int to) {
        for (int j = 0; j < count; j++) {
            for (int l = 0; l < LANES; l++) {
                dst[to + j * LANES + l] = l < width ? src[from + j * srcStride + l] : 0f;
            }
        }
    }

    @Override
    public void gatherVectors(float[] src, int from, int srcStride, int[] channels, int width, int count,
                              float[] dst, int to) {
        for (int j = 0; j < count; j++) {
            for (int l = 0; l < LANES; l++) {
                dst[to + j * LANES + l] = l < width ? src[from + j * srcStride + channels[l]] : 0f;
            }
        }
    }

    @Override
    public void block(float[] rows, int[] src, int[] tapWeight, int entries, int kernelWidth, int weightStride,
                      int base, int positionStride, float[] weights, float[] bias, int lane0, float[] out,
                      int outOffset, int outStride, int count, int channels) {
        for (int i = 0; i < count; i++) {
            for (int l = 0; l < channels; l++) {
                float acc = bias[lane0 + l];
                for (int r = 0; r < entries; r++) {
                    for (int t = 0; t < kernelWidth; t++) {
                        acc = Math.fma(rows[src[r] + base + (i + t) * positionStride + l],
                                weights[tapWeight[r] + t * weightStride + lane0 + l], acc);
                    }
                }
                out[outOffset + i * outStride + l] = acc;
            }
        }
    }

    @Override
    public void position(float[] input, int[] src, int[] tapWeight, int taps, float[] weights, float[] bias, int lane0,
                         float[] out, int outOffset, int channels) {
        for (int l = 0; l < channels; l++) {
            float acc = bias[lane0 + l];
            for (int j = 0; j < taps; j++) {
                acc = Math.fma(input[src[j] + lane0 + l], weights[tapWeight[j] + lane0 + l], acc);
            }
            out[outOffset + l] = acc;
        }
    }
}
