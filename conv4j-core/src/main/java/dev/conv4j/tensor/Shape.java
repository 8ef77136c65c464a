package dev.conv4j.tensor;

import java.util.Arrays;

/**
 * An immutable list of non-negative dimension sizes, outermost first (C order).
 *
 * <p>A shape knows nothing about what its axes mean; {@link dev.conv4j.spec.DataFormat} and
 * {@link dev.conv4j.spec.FilterFormat} give them names.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given sizes; each must be {@code >= 0}. */
    public static Shape of(int... dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(dims) + " has a negative size at axis " + i);
            }
        }
        return new Shape(dims.clone());
    }

    /** Parses {@code "1,224,224,3"}, {@code "[1, 224, 224, 3]"} or {@code "1x224x224x3"}. */
    public static Shape parse(String text) {
        String body = text.strip();
        if (body.startsWith("[") && body.endsWith("]")) {
            body = body.substring(1, body.length() - 1);
        }
        if (body.isBlank()) {
            return of();
        }
        String[] parts = body.split("[,x×\\s]+");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "shape '" + text + "': '" + parts[i] + "' is not a whole number");
            }
        }
        return of(dims);
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** A copy of the sizes. */
    public int[] dims() {
        return dims.clone();
    }

    /** The product of all sizes, exact (no {@code int} overflow); 1 for a scalar. */
    public long elementCount() {
        long count = 1;
        for (int d : dims) {
            count = Math.multiplyExact(count, (long) d);
        }
        return count;
    }

    /**
     * The product of all sizes as an {@code int}, for a shape that backs a {@code float[]}.
     *
     * @throws IllegalArgumentException naming {@code what} when the count exceeds what a Java
     *     array can hold
     */
    public int checkedElementCount(String what) {
        long count = elementCount();
        if (count > Tensor.MAX_ELEMENTS) {
            throw new IllegalArgumentException(what + " " + this + " has " + count
                    + " elements, more than a Java float array holds (" + Tensor.MAX_ELEMENTS + ")");
        }
        return (int) count;
    }

    /** Row-major strides in elements: the distance between neighbours along each axis. */
    public long[] strides() {
        long[] strides = new long[dims.length];
        long step = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = step;
            step *= dims[i];
        }
        return strides;
    }

    /** This shape with the axes reordered: result axis {@code i} is this shape's axis {@code order[i]}. */
    public Shape permute(int... order) {
        if (order.length != dims.length) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(order)
                    + " does not fit shape " + this);
        }
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = dims[order[i]];
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [1,5,5,32]}: the form every conv4j message uses. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }
}
