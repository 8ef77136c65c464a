package dev.conv4j.explain.network;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** A picture made into one sample of a model's input: resized, grey or RGB, scaled to [0, 1]. */
public final class Samples {
    private Samples() {
    }

    /**
     * {@code image} resized (bilinear) to the model's {@code [H, W, C]}, C = 1 (grey, the mean of
     * red, green and blue) or 3, each value {@code pixel / 255}: the scaling conv4j trains
     * Fashion-MNIST with. Fashion-MNIST shows light garments on black; a photo on a light
     * background must be inverted first ({@code invert}).
     */
    public static Tensor fromImage(BufferedImage image, Shape input, boolean invert) {
        if (input.rank() != 3 || (input.dim(2) != 1 && input.dim(2) != 3)) {
            throw new IllegalArgumentException("an image fits a model of input [H, W, 1] or [H, W, 3], not " + input);
        }
        int h = input.dim(0);
        int w = input.dim(1);
        int c = input.dim(2);
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        float[] data = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = resized.getRGB(x, y);
                int[] channel = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
                for (int k = 0; k < c; k++) {
                    float v = (c == 1 ? (channel[0] + channel[1] + channel[2]) / 3f : channel[k]) / 255f;
                    data[(y * w + x) * c + k] = invert ? 1 - v : v;
                }
            }
        }
        return Tensor.wrap(input, data);
    }
}
