package dev.conv4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyWriteTest {
    @TempDir
    Path directory;

    /** The dicts np.save writes (NumPy 2.4), before padding. */
    static Stream<Arguments> numpyHeaders() {
        return Stream.of(
                Arguments.of(Shape.of(), "{'descr': '<f4', 'fortran_order': False, 'shape': (), }"),
                Arguments.of(Shape.of(5), "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"),
                Arguments.of(Shape.of(2, 3), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"),
                Arguments.of(Shape.of(1, 2, 3, 4, 5),
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3, 4, 5), }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyHeaders")
    void writesTheHeaderNumpyWrites(Shape shape, String dict) throws IOException {
        Tensor tensor = Tensor.filled(shape, 1.25f);

        byte[] file = toBytes(tensor);

        // 10-byte preamble and padded dict make 128 bytes for all these shapes, as np.save's do
        int headerEnd = 128;
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0},
                Arrays.copyOf(file, 10));
        String header = new String(file, 10, headerEnd - 10, StandardCharsets.ISO_8859_1);
        assertEquals(dict + " ".repeat(117 - dict.length()) + "\n", header);
        assertEquals(headerEnd + 4 * tensor.data().length, file.length);
        ByteBuffer data = ByteBuffer.wrap(file, headerEnd, file.length - headerEnd).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tensor.data().length; i++) {
            assertEquals(1.25f, data.getFloat());
        }
    }

    /** Whatever the shape, the data starts at a multiple of 64 right after a newline. */
    @Test
    void padsEveryHeaderToAMultipleOf64() {
        for (int rank = 0; rank <= 64; rank++) {
            for (int firstDim : new int[] {0, 7, 12345, Integer.MAX_VALUE}) {
                int[] dims = new int[rank];
                Arrays.fill(dims, 1);
                if (rank > 0) {
                    dims[0] = firstDim;
                }
                Shape shape = Shape.of(dims);

                byte[] header = NpyHeaderCodec.encodeFloat32(shape);

                int headerLength = Short.toUnsignedInt(ByteBuffer.wrap(header, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
                assertEquals(10 + headerLength, header.length);
                assertEquals(0, header.length % 64, () -> "shape " + shape);
                assertEquals('\n', header[header.length - 1]);
            }
        }
    }

    @Test
    void usesVersion2OnlyWhenTheHeaderOutgrowsVersion1() throws IOException {
        int[] ones = new int[30_000];
        Arrays.fill(ones, 1);
        Tensor manyAxes = Tensor.filled(Shape.of(ones), 7f);

        byte[] file = toBytes(manyAxes);

        assertEquals(2, file[6]);
        assertEquals(0, file[7]);
        long headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(file, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertTrue(headerLength > 0xFFFF);
        assertEquals(0, (12 + headerLength) % 64);
        assertEquals(12 + headerLength + 4, file.length);
        Tensor back = Npy.read(new ByteArrayInputStream(file), "many axes");
        assertEquals(manyAxes.shape(), back.shape());
        assertArrayEquals(new float[] {7f}, back.data());
        Path path = directory.resolve("many.npy");
        Npy.write(path, manyAxes);
        assertEquals(new NpyHeader("<f4", false, manyAxes.shape(), 2, 12 + headerLength), Npy.readHeader(path));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void roundTripsRandomTensorsThroughFiles(int rank) throws IOException {
        Random random = new Random(rank);
        int[] dims = random.ints(rank, 1, 7).toArray();
        Tensor original = Tensor.wrap(Shape.of(dims), randomFloats(random, (int) Shape.of(dims).elementCount()));
        Path file = directory.resolve("rank" + rank + ".npy");

        Npy.write(file, original);
        Tensor back = Npy.read(file);

        assertEquals(original.shape(), back.shape());
        assertArrayEquals(rawBits(original.data()), rawBits(back.data()));
        assertEquals(List.of(file), filesIn(directory), "no temporary file is left");
    }

    @Test
    void roundTripsDataLargerThanOneChunk() throws IOException {
        Random random = new Random(7);
        Tensor original = Tensor.wrap(Shape.of(3, 1000, 1001), randomFloats(random, 3_003_000));
        Path file = directory.resolve("large.npy");

        Npy.write(file, original);

        assertEquals(128 + 4L * 3_003_000, Files.size(file));
        assertArrayEquals(original.data(), Npy.read(file).data());
        assertArrayEquals(original.data(), Npy.read(Files.newInputStream(file), "large").data());
    }

    @Test
    void streamWriteFlushesButDoesNotClose() throws IOException {
        class RecordingStream extends ByteArrayOutputStream {
            boolean flushed;
            boolean closed;

            @Override
            public void flush() {
                flushed = true;
            }

            @Override
            public void close() {
                closed = true;
            }
        }
        RecordingStream out = new RecordingStream();
        Tensor first = Tensor.wrap(Shape.of(2), new float[] {1, 2});
        Tensor second = Tensor.wrap(Shape.of(), new float[] {3});

        Npy.write(out, first);
        Npy.write(out, second);

        assertTrue(out.flushed);
        assertFalse(out.closed);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertArrayEquals(first.data(), Npy.read(in, "two").data());
        assertEquals(Shape.of(), Npy.read(in, "two").shape());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = Files.writeString(directory.resolve("old.npy"), "previous content, much longer than the new");

        Npy.write(file, Tensor.wrap(Shape.of(1), new float[] {4}));

        assertArrayEquals(new float[] {4}, Npy.read(file).data());
        assertEquals(List.of(file), filesIn(directory));
    }

    @Test
    void failedWriteLeavesNoFileBehind() throws IOException {
        Path occupied = Files.createDirectory(directory.resolve("occupied.npy"));
        Files.writeString(occupied.resolve("inside.txt"), "keep me");

        assertThrows(IOException.class, () -> Npy.write(occupied, Tensor.zeros(Shape.of(3))));

        assertEquals(List.of(occupied), filesIn(directory), "no temporary file is left");
        assertEquals("keep me", Files.readString(occupied.resolve("inside.txt")));
    }

    private static byte[] toBytes(Tensor tensor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, tensor);
        return out.toByteArray();
    }

    /** Any bit pattern, NaN payloads and negative zero included. */
    static float[] randomFloats(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        return values;
    }

    /** The exact bit patterns, so NaN payloads count too. */
    static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
