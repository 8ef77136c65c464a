package dev.conv4j.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 array in C (row-major) order with its {@link Shape}.
 *
 * <p>The tensor owns its array and hands it out without copying ({@link #data()}), because
 * convolution inputs and outputs are large and the kernels work on {@code float[]} directly.
 */
public final class Tensor {
    /** The largest array the JVMs conv4j runs on allocate reliably. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** Wraps {@code data} (not copied); its length must equal the shape's element count. */
    public static Tensor wrap(Shape shape, float[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (shape.elementCount() != data.length) {
            throw new IllegalArgumentException("data of length " + data.length
                    + " does not fill shape " + shape + " (" + shape.elementCount() + " elements)");
        }
        return new Tensor(shape, data);
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.checkedElementCount("tensor")]);
    }

    /** A tensor of the given shape with every element equal to {@code value}. */
    public static Tensor filled(Shape shape, float value) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    /** The backing array, not a copy. */
    public float[] data() {
        return data;
    }

    /** The element at the given index, one coordinate per axis. */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** The same data seen with another shape of the same element count. */
    public Tensor reshape(Shape newShape) {
        return wrap(newShape, data);
    }

    /** A copy with the axes reordered: result axis {@code i} is this tensor's axis {@code order[i]}. */
    public Tensor permute(int... order) {
        Shape outShape = shape.permute(order);
        float[] out = new float[data.length];
        int rank = shape.rank();
        long[] inStrides = shape.strides();
        long[] strideOfOutAxis = new long[rank];
        int[] outDims = outShape.dims();
        for (int i = 0; i < rank; i++) {
            strideOfOutAxis[i] = inStrides[order[i]];
        }
        int[] counter = new int[rank];
        long src = 0;
        for (int dst = 0; dst < out.length; dst++) {
            out[dst] = data[(int) src];
            for (int axis = rank - 1; axis >= 0; axis--) {
                src += strideOfOutAxis[axis];
                if (++counter[axis] < outDims[axis]) {
                    break;
                }
                src -= strideOfOutAxis[axis] * outDims[axis];
                counter[axis] = 0;
            }
        }
        return new Tensor(outShape, out);
    }

    private int offset(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index)
                    + " has " + index.length + " coordinates; tensor " + shape + " needs " + shape.rank());
        }
        long[] strides = shape.strides();
        long offset = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index)
                        + " is outside tensor " + shape + " at axis " + i);
            }
            offset += index[i] * strides[i];
        }
        return (int) offset;
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }
}
