package dev.conv4j.io;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes NumPy {@code .npy} files as float32 {@link Tensor}s.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0 in C order, with the little-endian dtypes
 * {@code <f2 <f4 <f8 |i1 |u1 <i2 <u2 <i4 <u4 <i8}, converted to float32 as
 * {@code astype(np.float32)} would. A scalar (shape {@code ()}) becomes a rank-0 tensor of one
 * element. Anything else fails with an {@link NpyFormatException} that names the file and,
 * where there is one, the NumPy call that fixes it.
 *
 * <p>Writing produces exactly the bytes {@code np.save} writes for a float32 C-order array.
 */
public final class Npy {
    /**
     * Data moves through a buffer of this size: large enough that per-read costs vanish, small
     * enough that a file of several gigabytes never needs a second copy of itself in memory.
     */
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {
    }

    /**
     * Reads the array in {@code file}, checking that the file is exactly as long as its header
     * says.
     */
    public static Tensor read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            NpyHeader header = NpyHeaderCodec.read(channel, source, fileSize);
            DataLayout layout = DataLayout.of(header, source);
            long presentBytes = fileSize - header.dataOffset();
            if (presentBytes != layout.bytes()) {
                throw dataSizeMismatch(header, layout, presentBytes, source);
            }
            return readData(channel, header, layout, source);
        }
    }

    /**
     * Reads {@code count} entries of the array in {@code file} along its first axis, starting at
     * entry {@code from}, without reading the rest: a batch of samples from a file that may be
     * larger than memory. The result has the file's shape with {@code count} as the first size.
     * The whole file's length is checked against its header, as {@link #read(Path)} does.
     */
    public static Tensor readRows(Path file, long from, int count) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            NpyHeader header = NpyHeaderCodec.read(channel, source, fileSize);
            int[] dims = header.shape().dims();
            if (dims.length == 0) {
                throw new NpyFormatException(source, "a scalar has no rows to read");
            }
            if (from < 0 || count < 0 || from + count > dims[0]) {
                throw new IllegalArgumentException(source + ": rows [" + from + ", " + (from + count)
                        + ") are outside the array's " + dims[0]);
            }
            NpyDtype dtype = NpyDtype.forDescr(header.dtype(), source);
            if (header.fortranOrder()) {
                throw new NpyFormatException(source, "fortran_order True is not supported: save with np.ascontiguousarray");
            }
            long rowBytes = dtype.itemSize();
            for (int i = 1; i < dims.length; i++) {
                rowBytes = Math.multiplyExact(rowBytes, dims[i]);
            }
            long expected = Math.multiplyExact(rowBytes, dims[0]);
            dims[0] = count;
            Shape slice = Shape.of(dims);
            DataLayout layout = new DataLayout(dtype, DataLayout.checkedElementCount(slice, source));
            if (fileSize - header.dataOffset() != expected) {
                throw new NpyFormatException(source, (fileSize - header.dataOffset() < expected ? "truncated data"
                        : "trailing data") + ": the header's shape " + header.shape() + " of '" + header.dtype()
                        + "' needs " + expected + " bytes of data, but " + (fileSize - header.dataOffset())
                        + " follow the header");
            }
            channel.position(header.dataOffset() + from * rowBytes);
            NpyHeader sliceHeader = new NpyHeader(header.dtype(), false, slice, header.version(), header.dataOffset());
            return readData(channel, sliceHeader, layout, source);
        }
    }

    /**
     * Reads one array from {@code in}, leaving the stream open and just past the array's last
     * byte, as {@code np.load} does with an open file; arrays saved one after another can be read
     * in turn. Whatever follows the array is therefore not checked.
     *
     * @param source how messages name the stream, e.g. {@code weights.npz!conv1.npy}
     */
    public static Tensor read(InputStream in, String source) throws IOException {
        ReadableByteChannel channel = Channels.newChannel(in);
        NpyHeader header = NpyHeaderCodec.read(channel, source, NpyHeaderCodec.UNKNOWN_SIZE);
        return readData(channel, header, DataLayout.of(header, source), source);
    }

    /**
     * Reads only the header of {@code file}. It must be well formed, but may describe an array
     * {@link #read(Path)} refuses (another dtype, Fortran order, too many elements), and the data
     * is not checked.
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return NpyHeaderCodec.read(channel, file.toString(), channel.size());
        }
    }

    /**
     * Writes {@code tensor} to {@code file} as {@code np.save} would, atomically: the file is
     * either replaced completely or, on failure, left as it was (see {@link AtomicFiles}).
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensor));
    }

    /**
     * The header {@code np.save} writes before the data of a float32 C-order array of
     * {@code shape}, for writers that stream the data themselves (arrays larger than a
     * {@link Tensor}, written slab by slab): the header, then {@code shape.elementCount()}
     * little-endian floats.
     */
    public static byte[] float32Header(Shape shape) {
        return NpyHeaderCodec.encodeFloat32(shape);
    }

    /** Writes {@code tensor} to {@code out} as {@code np.save} would; flushes but does not close it. */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        out.write(NpyHeaderCodec.encodeFloat32(tensor.shape()));
        float[] values = tensor.data();
        int elementsPerChunk = Math.min(values.length, CHUNK_BYTES / Float.BYTES);
        ByteBuffer chunk = ByteBuffer.allocate(elementsPerChunk * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0, count; done < values.length; done += count) {
            count = Math.min(elementsPerChunk, values.length - done);
            chunk.clear();
            chunk.asFloatBuffer().put(values, done, count);
            out.write(chunk.array(), 0, count * Float.BYTES);
        }
        out.flush();
    }

    /** The dtype and element count of an array that {@link #read} can load. */
    private record DataLayout(NpyDtype dtype, int elementCount) {
        /** @throws NpyFormatException if the header describes an array conv4j cannot load */
        static DataLayout of(NpyHeader header, String source) throws NpyFormatException {
            NpyDtype dtype = NpyDtype.forDescr(header.dtype(), source);
            if (header.fortranOrder()) {
                throw new NpyFormatException(source,
                        "fortran_order True is not supported: save with np.ascontiguousarray");
            }
            return new DataLayout(dtype, checkedElementCount(header.shape(), source));
        }

        long bytes() {
            return (long) elementCount * dtype.itemSize();
        }

        private static int checkedElementCount(Shape shape, String source) throws NpyFormatException {
            long count;
            try {
                count = shape.elementCount();
            } catch (ArithmeticException overflow) {
                throw tooManyElements(shape, "more than " + Long.MAX_VALUE, source);
            }
            if (count > Tensor.MAX_ELEMENTS) {
                throw tooManyElements(shape, String.valueOf(count), source);
            }
            return (int) count;
        }

        private static NpyFormatException tooManyElements(Shape shape, String count, String source) {
            return new NpyFormatException(source, "shape " + shape + " has " + count
                    + " elements, more than a conv4j tensor holds (" + Tensor.MAX_ELEMENTS + ")");
        }
    }

    /** Reads the data that follows the header, in chunks, converting each to float32. */
    private static Tensor readData(ReadableByteChannel channel, NpyHeader header, DataLayout layout, String source)
            throws IOException {
        NpyDtype dtype = layout.dtype();
        HeapBudget.require((long) layout.elementCount() * Float.BYTES, source, "the " + header.shape() + " array as float32");
        float[] values = new float[layout.elementCount()];
        int elementsPerChunk = Math.min(values.length, CHUNK_BYTES / dtype.itemSize());
        // direct, so that a FileChannel reads straight into it without an intermediate copy
        ByteBuffer chunk = ByteBuffer.allocateDirect(elementsPerChunk * dtype.itemSize())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0, count; done < values.length; done += count) {
            count = Math.min(elementsPerChunk, values.length - done);
            chunk.clear().limit(count * dtype.itemSize());
            if (!ChannelReads.fill(channel, chunk)) {
                long presentBytes = (long) done * dtype.itemSize() + chunk.position();
                throw dataSizeMismatch(header, layout, presentBytes, source);
            }
            dtype.decode(chunk.flip(), values, done, count);
        }
        return Tensor.wrap(header.shape(), values);
    }

    private static NpyFormatException dataSizeMismatch(
            NpyHeader header, DataLayout layout, long presentBytes, String source) {
        String problem = presentBytes < layout.bytes() ? "truncated data" : "trailing data";
        return new NpyFormatException(source, problem + ": the header's shape " + header.shape()
                + " of '" + header.dtype() + "' needs " + layout.bytes() + " bytes of data, but "
                + presentBytes + " follow the header");
    }
}
