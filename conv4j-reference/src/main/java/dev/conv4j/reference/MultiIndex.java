package dev.conv4j.reference;

import dev.conv4j.tensor.Shape;
import java.util.Arrays;

/**
 * Row-major multi-indices: the odometer that lets the reference loop over any number of
 * spatial axes, and the inverse of a flat offset for readable failure messages.
 */
public final class MultiIndex {
    private MultiIndex() {
    }

    /**
     * Advances {@code index} to the next position inside {@code sizes} in row-major order (last
     * axis fastest), like an odometer.
     *
     * @return false after the last position, with {@code index} back at all zeros
     */
    public static boolean next(int[] index, int[] sizes) {
        for (int axis = index.length - 1; axis >= 0; axis--) {
            if (++index[axis] < sizes[axis]) {
                return true;
            }
            index[axis] = 0;
        }
        return false;
    }

    /** The multi-index of row-major offset {@code offset} in {@code shape}. */
    public static int[] unravel(long offset, Shape shape) {
        int[] index = new int[shape.rank()];
        long rest = offset;
        for (int axis = shape.rank() - 1; axis >= 0; axis--) {
            index[axis] = (int) (rest % shape.dim(axis));
            rest /= shape.dim(axis);
        }
        return index;
    }

    /** {@code [0,2,1,3]}, the form {@link Shape#toString()} uses. */
    public static String format(int[] index) {
        return Arrays.toString(index).replace(" ", "");
    }
}
