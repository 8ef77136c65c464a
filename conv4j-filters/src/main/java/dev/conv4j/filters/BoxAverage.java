package dev.conv4j.filters;

/**
 * Shrinking a picture by a whole factor, each output pixel the mean of the {@code factor x factor}
 * block it covers (a partial block at the right and bottom edges of what it holds): what the
 * contact sheets and montages keep of a large image, so that thin lines fade rather than vanish.
 */
final class BoxAverage {
    private BoxAverage() {
    }

    /** The shrunk side for {@code side} pixels and {@code factor}. */
    static int shrunk(int side, int factor) {
        return (side + factor - 1) / factor;
    }

    /**
     * {@code values} from {@code offset}: {@code height x width} pixels of {@code channels}
     * interleaved samples, C order; the result has the same layout at the shrunk size.
     */
    static float[] shrink(float[] values, int offset, int height, int width, int channels, int factor) {
        int h = shrunk(height, factor);
        int w = shrunk(width, factor);
        float[] out = new float[h * w * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    int n = 0;
                    for (int dy = 0; dy < factor && y * factor + dy < height; dy++) {
                        for (int dx = 0; dx < factor && x * factor + dx < width; dx++) {
                            sum += values[offset + ((y * factor + dy) * width + x * factor + dx) * channels + c];
                            n++;
                        }
                    }
                    out[(y * w + x) * channels + c] = (float) (sum / n);
                }
            }
        }
        return out;
    }
}
