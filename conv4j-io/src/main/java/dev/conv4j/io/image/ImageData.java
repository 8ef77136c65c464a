package dev.conv4j.io.image;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Objects;

/**
 * A decoded image: its colour samples as floats in the file's own scale ({@code 0..255} for
 * 8-bit, {@code 0..65535} for 16-bit), channels-last {@code [height, width, channels]}, and
 * its alpha, kept apart so that filtering leaves it untouched.
 *
 * @param width pixels per row
 * @param height rows
 * @param channels colour channels: 1 (grey) or 3 (RGB)
 * @param bitDepth 8 or 16
 * @param samples {@code [height, width, channels]}, C order
 * @param alpha {@code [height, width]} in the same scale, or null when the image has none
 */
public record ImageData(int width, int height, int channels, int bitDepth, float[] samples, float[] alpha) {
    public ImageData {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " must be at least 1x1");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("an image has 1 (grey) or 3 (RGB) colour channels, not " + channels);
        }
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth " + bitDepth + " must be 8 or 16");
        }
        Objects.requireNonNull(samples, "samples");
        if (samples.length != (long) width * height * channels) {
            throw new IllegalArgumentException("samples of length " + samples.length + " do not fill "
                    + height + "x" + width + "x" + channels);
        }
        if (alpha != null && alpha.length != (long) width * height) {
            throw new IllegalArgumentException("alpha of length " + alpha.length + " does not fill " + height + "x" + width);
        }
    }

    /** The largest sample value: 255 or 65535. */
    public int maxValue() {
        return (1 << bitDepth) - 1;
    }

    public boolean hasAlpha() {
        return alpha != null;
    }

    /** The colour samples as a batch of one, {@code [1, height, width, channels]} (NHWC), sharing the array. */
    public Tensor tensor() {
        return Tensor.wrap(Shape.of(1, height, width, channels), samples);
    }

    /** The same image with other colour samples (same size and channels), alpha and depth kept. */
    public ImageData withSamples(float[] newSamples) {
        return new ImageData(width, height, channels, bitDepth, newSamples, alpha);
    }

    /** The sample at row {@code y}, column {@code x}, channel {@code c}. */
    public float sample(int y, int x, int c) {
        return samples[(y * width + x) * channels + c];
    }

    @Override
    public String toString() {
        return "ImageData[" + width + "x" + height + ", " + (channels == 1 ? "grey" : "RGB") + (alpha != null ? "A" : "")
                + ", " + bitDepth + "-bit]";
    }
}
