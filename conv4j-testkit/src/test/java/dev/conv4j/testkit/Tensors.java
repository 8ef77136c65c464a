package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/** Small tensors written out by hand, and the exact comparison the hand-computed tests use. */
final class Tensors {
    private Tensors() {
    }

    static Tensor of(Shape shape, float... values) {
        return Tensor.wrap(shape, values);
    }

    static Tensor ones(int... dims) {
        return Tensor.filled(Shape.of(dims), 1f);
    }

    /** {@code 1, 2, 3, ...} in row-major order. */
    static Tensor counting(int... dims) {
        Shape shape = Shape.of(dims);
        float[] values = new float[shape.checkedElementCount("tensor")];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return Tensor.wrap(shape, values);
    }

    /**
     * Every element holds its index along the last axis plus one: in an HWIO filter, filter
     * {@code n} is {@code n + 1} everywhere, so output map {@code n} is {@code n + 1} times map 0.
     */
    static Tensor numberedByLastAxis(int... dims) {
        Shape shape = Shape.of(dims);
        int last = dims[dims.length - 1];
        float[] values = new float[shape.checkedElementCount("tensor")];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % last + 1;
        }
        return Tensor.wrap(shape, values);
    }

    /** Runs the reference and expects exactly these values: hand-computed answers are exact in float64. */
    static void assertReference(Shape expectedShape, double[] expected, ConvSpec spec, Tensor input, Tensor filter) {
        ReferenceConv.Result result = ReferenceConv.forward(spec, input, filter, null);
        assertEquals(expectedShape, result.shape(), spec.toString());
        assertArrayEquals(expected, result.values(), 0.0, spec.toString());
    }
}
