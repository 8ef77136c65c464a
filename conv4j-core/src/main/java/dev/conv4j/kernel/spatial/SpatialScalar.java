package dev.conv4j.kernel.spatial;

/** {@link SpatialOps} in plain float arithmetic: the twin of {@link SpatialSimd}, for JVMs without the Vector API. */
final class SpatialScalar implements SpatialOps {
    static final SpatialScalar INSTANCE = new SpatialScalar();
    /** The same block and span as the SIMD kernel's on 512-bit vectors, so both walk the problem alike. */
    private static final int BLOCK = 4 * 16;
    private static final int SPAN = 4 * BLOCK;

    private SpatialScalar() {
    }

    @Override
    public int block() {
        return BLOCK;
    }

    @Override
    public int span() {
        return SPAN;
    }

    @Override
    public void tile(int channels, float[] rows, int[] src, int[] tapWeight, int taps, int start, int blocks,
                     float[] weights, int weightBase, float[] bias, int biasOffset, float[] planes, int planeOffset,
                     Output direct) {
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < blocks * BLOCK; p++) {
                int group = p / GROUP;
                if (direct != null && p % GROUP >= direct.valid[group]) {
                    continue;
                }
                float acc = bias[biasOffset + c];
                for (int j = 0; j < taps; j++) {
                    acc = Math.fma(rows[src[j] + start + p], weights[weightBase + tapWeight[j] * channels + c], acc);
                }
                if (direct != null) {
                    direct.out[direct.offset[group] + p % GROUP * channels + c] = acc;
                } else {
                    planes[planeOffset + c * SPAN + p] = acc;
                }
            }
        }
    }

    @Override
    public void interleave(float[] planes, int from, int channels, int positions, float[] out, int outOffset) {
        for (int p = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++) {
                out[outOffset + p * channels + c] = planes[c * SPAN + from + p];
            }
        }
    }
}
