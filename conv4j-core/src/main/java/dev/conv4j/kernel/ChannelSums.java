package dev.conv4j.kernel;

/** Sums over every axis but the channels: the gradient of a per-channel bias. */
public final class ChannelSums {
    private ChannelSums() {
    }

    /**
     * Per channel, the sum over batch and positions of {@code data} laid out as
     * {@code [N, volume, C]} (channels-last) or {@code [N, C, volume]} (channels-first),
     * accumulated in double so long sums keep float32 precision.
     */
    public static float[] of(float[] data, int batch, int channels, int volume, boolean channelsFirst) {
        double[] sums = new double[channels];
        int i = 0;
        for (int n = 0; n < batch; n++) {
            if (channelsFirst) {
                for (int c = 0; c < channels; c++) {
                    for (int p = 0; p < volume; p++) {
                        sums[c] += data[i++];
                    }
                }
            } else {
                for (int p = 0; p < volume; p++) {
                    for (int c = 0; c < channels; c++) {
                        sums[c] += data[i++];
                    }
                }
            }
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = (float) sums[c];
        }
        return out;
    }
}
