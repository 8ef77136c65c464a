package dev.conv4j.io;

import dev.conv4j.tensor.Shape;
import java.util.Objects;

/**
 * What an {@code .npy} file's header says, as written: {@link Npy#readHeader} returns it even
 * for arrays conv4j cannot load (Fortran order, other dtypes), so tools can report on them.
 *
 * @param dtype the NumPy type descriptor, e.g. {@code <f4}, {@code |u1}, {@code >i8}
 * @param fortranOrder whether the data is stored column-major
 * @param shape the array's shape; {@code []} for a scalar
 * @param version the format's major version: 1, 2 or 3
 * @param dataOffset where the data starts, in bytes from the start of the file
 */
public record NpyHeader(String dtype, boolean fortranOrder, Shape shape, int version, long dataOffset) {
    public NpyHeader {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
    }
}
