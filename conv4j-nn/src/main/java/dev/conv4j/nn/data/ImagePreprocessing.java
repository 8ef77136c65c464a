package dev.conv4j.nn.data;

import dev.conv4j.io.image.ImageData;
import dev.conv4j.tensor.Shape;
import java.util.Locale;

/**
 * How an image becomes one sample of a model's input, in this order: colour to the model's
 * channels (RGB to grey by the ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}, as PIL's
 * {@code convert("L")} and OpenCV's {@code COLOR_RGB2GRAY}; grey to RGB by repeating it; alpha is
 * ignored), resized to {@code height × width} (bilinear with half-pixel centres, widened to an
 * area average when shrinking, as {@code tf.image.resize(..., antialias=True)}), then every value
 * {@code v} on the 8-bit scale (16-bit images are divided by 257) becomes {@code v * scale + offset}
 * (Keras' {@code Rescaling(scale, offset)}).
 *
 * @param height rows of a sample
 * @param width  columns of a sample
 * @param channels 1 (grey) or 3 (RGB)
 * @param scale  multiplies a 0..255 value
 * @param offset added after scaling
 */
public record ImagePreprocessing(int height, int width, int channels, double scale, double offset) {
    private static final double[] LUMA = {0.299, 0.587, 0.114};

    public ImagePreprocessing {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size " + height + "x" + width + " must be at least 1x1");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images become 1 (grey) or 3 (RGB) channels, not " + channels);
        }
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("scale " + scale + " and offset " + offset + " must be finite");
        }
    }

    /** The sample shape this makes, {@code [height, width, channels]}. */
    public Shape sampleShape() {
        return Shape.of(height, width, channels);
    }

    /** A 0..255 value on the model's scale. */
    public float value(double eightBit) {
        return (float) (eightBit * scale + offset);
    }

    /** The image as one sample {@code [height, width, channels]}, C order. */
    public float[] apply(ImageData image) {
        double toEightBit = image.bitDepth() == 16 ? 1 / 257.0 : 1;
        float[] colour = convertChannels(image);
        float[] sized = resize(colour, image.height(), image.width(), channels, height, width);
        float[] out = new float[sized.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(sized[i] * toEightBit);
        }
        return out;
    }

    private float[] convertChannels(ImageData image) {
        int pixels = image.width() * image.height();
        float[] in = image.samples();
        if (image.channels() == channels) {
            return in;
        }
        float[] out = new float[pixels * channels];
        for (int p = 0; p < pixels; p++) {
            if (channels == 1) {
                out[p] = (float) (LUMA[0] * in[3 * p] + LUMA[1] * in[3 * p + 1] + LUMA[2] * in[3 * p + 2]);
            } else {
                out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = in[p];
            }
        }
        return out;
    }

    /** Separable resampling: rows first, then columns, each a triangle filter widened by the shrink factor. */
    static float[] resize(float[] in, int inH, int inW, int c, int outH, int outW) {
        if (inH == outH && inW == outW) {
            return in;
        }
        float[] rows = new float[inH * outW * c];
        Weights across = Weights.of(inW, outW);
        for (int y = 0; y < inH; y++) {
            for (int ch = 0; ch < c; ch++) {
                across.apply(in, y * inW * c + ch, c, rows, y * outW * c + ch, c);
            }
        }
        float[] out = new float[outH * outW * c];
        Weights down = Weights.of(inH, outH);
        for (int x = 0; x < outW; x++) {
            for (int ch = 0; ch < c; ch++) {
                down.apply(rows, x * c + ch, outW * c, out, x * c + ch, outW * c);
            }
        }
        return out;
    }

    /** For each output position along one axis: the first input it reads and the weights, summing to 1. */
    private record Weights(int[] first, double[][] weights) {
        static Weights of(int in, int out) {
            double ratio = (double) in / out;
            double support = Math.max(1, ratio);
            int[] first = new int[out];
            double[][] weights = new double[out][];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * ratio;
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(in - 1, (int) Math.ceil(centre + support));
                double[] w = new double[hi - lo + 1];
                double sum = 0;
                for (int i = lo; i <= hi; i++) {
                    w[i - lo] = Math.max(0, 1 - Math.abs(i + 0.5 - centre) / support);
                    sum += w[i - lo];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] /= sum;
                }
                first[o] = lo;
                weights[o] = w;
            }
            return new Weights(first, weights);
        }

        void apply(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride) {
            for (int o = 0; o < first.length; o++) {
                double[] w = weights[o];
                double acc = 0;
                for (int i = 0; i < w.length; i++) {
                    acc += w[i] * src[srcStart + (first[o] + i) * srcStride];
                }
                dst[dstStart + o * dstStride] = (float) acc;
            }
        }
    }

    /** For messages: what an image goes through. */
    public String describe() {
        return String.format(Locale.ROOT, "images are made %s, resized to %dx%d and scaled by %s%s",
                channels == 1 ? "grey" : "RGB", width, height, scaleText(), offset == 0 ? "" : " plus " + offset);
    }

    private String scaleText() {
        double inverse = 1 / scale;
        return Math.abs(inverse - Math.rint(inverse)) < 1e-9 ? "1/" + (long) Math.rint(inverse) : Double.toString(scale);
    }
}
