package dev.conv4j.kernel;

/**
 * The filter of the forward convolution that computes a gradient with respect to the input:
 * taps reversed, and within each group input and output channels swapped.
 */
public final class TransposedFilter {
    private TransposedFilter() {
    }

    /**
     * From canonical {@code w[k][ci][g*outPerGroup + co]} ({@code [taps, inPerGroup, out]}) to
     * {@code w'[taps-1-k][co][g*inPerGroup + ci]} ({@code [taps, outPerGroup, in]}).
     */
    public static float[] of(float[] canonical, int taps, int inPerGroup, int outPerGroup, int groups) {
        int in = inPerGroup * groups;
        int out = outPerGroup * groups;
        float[] transposed = new float[canonical.length];
        for (int k = 0; k < taps; k++) {
            int src = k * inPerGroup * out;
            int dst = (taps - 1 - k) * outPerGroup * in;
            for (int g = 0; g < groups; g++) {
                for (int ci = 0; ci < inPerGroup; ci++) {
                    for (int co = 0; co < outPerGroup; co++) {
                        transposed[dst + co * in + g * inPerGroup + ci] = canonical[src + ci * out + g * outPerGroup + co];
                    }
                }
            }
        }
        return transposed;
    }
}
