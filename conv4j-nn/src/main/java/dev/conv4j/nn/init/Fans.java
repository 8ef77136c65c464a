package dev.conv4j.nn.init;

import dev.conv4j.tensor.Shape;

/**
 * The fan-in and fan-out of a weight tensor as Keras computes them ({@code compute_fans}): a
 * dense kernel {@code [in, out]} has fans {@code in} and {@code out}; a convolution kernel
 * {@code [k..., in_channels, out_channels]} multiplies both by its receptive field
 * {@code prod(k)}; a vector of {@code n} has {@code n} and {@code n}.
 *
 * @param in  inputs feeding one output unit
 * @param out outputs one input unit feeds
 */
public record Fans(long in, long out) {
    public static Fans of(Shape shape) {
        int r = shape.rank();
        if (r == 0) {
            return new Fans(1, 1);
        }
        if (r == 1) {
            return new Fans(shape.dim(0), shape.dim(0));
        }
        long receptiveField = 1;
        for (int i = 0; i < r - 2; i++) {
            receptiveField *= shape.dim(i);
        }
        return new Fans(shape.dim(r - 2) * receptiveField, shape.dim(r - 1) * receptiveField);
    }
}
