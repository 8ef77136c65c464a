package dev.conv4j.filters;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Objects;

/**
 * One dense kernel of weights {@code [k_1, ..., k_r]} applied as a cross-correlation, centred
 * as {@code scipy.ndimage.correlate} and OpenCV's {@code filter2D} centre it: tap {@code k_i / 2}
 * lies over the output position (for odd sizes the middle; for even sizes the later of the two
 * middle taps).
 *
 * @param name how outputs and messages name it
 * @param weights the weights, rank r
 */
public record Stencil(String name, Tensor weights) {
    public Stencil {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weights, "weights");
        if (weights.rank() < 1) {
            throw new IllegalArgumentException("kernel " + name + " has rank 0; it needs one axis per direction it slides");
        }
        for (int d : weights.shape().dims()) {
            if (d < 1) {
                throw new IllegalArgumentException("kernel " + name + " " + weights.shape() + " has an empty axis");
            }
        }
    }

    public static Stencil of(String name, Shape shape, float... values) {
        return new Stencil(name, Tensor.wrap(shape, values));
    }

    public int rank() {
        return weights.rank();
    }

    public Shape shape() {
        return weights.shape();
    }

    public int size(int axis) {
        return weights.shape().dim(axis);
    }

    /**
     * Taps before the centre along {@code axis}: {@code k/2} for correlation; for a flipped
     * (true) convolution {@code (k-1)/2}, as {@code scipy.ndimage.convolve} shifts even kernels.
     */
    public int before(int axis, boolean flipped) {
        int k = size(axis);
        return flipped ? (k - 1) / 2 : k / 2;
    }

    /** Taps after the centre along {@code axis}. */
    public int after(int axis, boolean flipped) {
        return size(axis) - 1 - before(axis, flipped);
    }

    /** The sum of the weights, in double. */
    public double sum() {
        double s = 0;
        for (float w : weights.data()) {
            s += w;
        }
        return s;
    }

    /** The sum of the absolute weights, in double. */
    public double absSum() {
        double s = 0;
        for (float w : weights.data()) {
            s += Math.abs(w);
        }
        return s;
    }

    public boolean nonNegative() {
        for (float w : weights.data()) {
            if (w < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " " + shape();
    }
}
