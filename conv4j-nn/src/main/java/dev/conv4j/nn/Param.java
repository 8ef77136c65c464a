package dev.conv4j.nn;

import dev.conv4j.io.HeapBudget;
import dev.conv4j.io.InsufficientHeapException;
import dev.conv4j.nn.init.Initializer;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A trainable weight tensor and its gradient, of the same shape. The layer that owns it writes
 * {@link #grad()} in its backward pass; the optimizer reads it and updates {@link #value()}.
 */
public final class Param {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final Initializer initializer;

    /** A zero parameter named {@code name} (e.g. {@code kernel}) of {@code shape}. */
    public Param(String name, Shape shape, Initializer initializer) {
        this.name = Objects.requireNonNull(name, "name");
        requireHeap(name, shape);
        this.value = Tensor.zeros(shape);
        this.grad = Tensor.zeros(shape);
        this.initializer = Objects.requireNonNull(initializer, "initializer");
    }

    /**
     * Refuses a parameter whose value and gradient do not fit in the heap left, so that a model
     * described by a file (model.json) is refused in one line rather than ending in an
     * {@link OutOfMemoryError}.
     */
    private static void requireHeap(String name, Shape shape) {
        long bytes;
        try {
            bytes = Math.multiplyExact(shape.elementCount(), 2L * Float.BYTES);
        } catch (ArithmeticException tooMany) {
            bytes = Long.MAX_VALUE;
        }
        try {
            HeapBudget.require(bytes, "parameter " + name + " " + shape, "its value and gradient");
        } catch (InsufficientHeapException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The name within its layer: {@code kernel} or {@code bias}. */
    public String name() {
        return name;
    }

    public Shape shape() {
        return value.shape();
    }

    /** The weights; updated in place by the optimizer. */
    public Tensor value() {
        return value;
    }

    /** The gradient of the loss with respect to the weights, from the last backward pass. */
    public Tensor grad() {
        return grad;
    }

    public Initializer initializer() {
        return initializer;
    }

    /** Fills the weights with fresh values from the initializer. */
    public void initialize(RandomGenerator random) {
        initializer.fill(value.data(), value.shape(), random);
    }

    /** Replaces the weights with {@code values} (same shape), e.g. read from a file. */
    public void set(Tensor values) {
        if (!values.shape().equals(value.shape())) {
            throw new IllegalArgumentException("parameter " + name + " has shape " + value.shape()
                    + ", cannot take values of shape " + values.shape());
        }
        System.arraycopy(values.data(), 0, value.data(), 0, value.data().length);
    }

    public long size() {
        return value.data().length;
    }
}
