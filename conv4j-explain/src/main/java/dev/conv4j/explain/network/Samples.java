package dev.conv4j.explain.network;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.io.image.ImageFormatException;
import dev.conv4j.io.image.Images;
import dev.conv4j.nn.data.ImagePreprocessing;
import java.awt.image.BufferedImage;

/** A picture made into one sample of a model's input, as {@code conv4j predict} makes it. */
public final class Samples {
    private Samples() {
    }

    /**
     * {@code image} made into the model's {@code [H, W, C]} by {@link ImagePreprocessing} (grey by
     * luma or RGB, resized, {@code pixel / 255}): the scaling conv4j trains Fashion-MNIST with.
     * Fashion-MNIST shows light garments on black; a photo on a light background must be inverted
     * first ({@code invert}: {@code 1 - pixel / 255}).
     */
    public static Tensor fromImage(BufferedImage image, Shape input, boolean invert) {
        if (input.rank() != 3 || (input.dim(2) != 1 && input.dim(2) != 3)) {
            throw new IllegalArgumentException("an image fits a model of input [H, W, 1] or [H, W, 3], not " + input);
        }
        ImagePreprocessing preprocessing = new ImagePreprocessing(input.dim(0), input.dim(1), input.dim(2),
                invert ? -1.0 / 255 : 1.0 / 255, invert ? 1 : 0);
        try {
            return Tensor.wrap(input, preprocessing.apply(Images.fromBufferedImage(image, "the image")));
        } catch (ImageFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
