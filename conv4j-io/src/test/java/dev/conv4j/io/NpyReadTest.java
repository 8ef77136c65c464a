package dev.conv4j.io;

import static dev.conv4j.io.NpyBytes.dict;
import static dev.conv4j.io.NpyBytes.f4;
import static dev.conv4j.io.NpyBytes.f8;
import static dev.conv4j.io.NpyBytes.littleEndian;
import static dev.conv4j.io.NpyBytes.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading hand-made files whose every byte the test chose. */
class NpyReadTest {
    @TempDir
    Path directory;

    @Test
    void rowsAreReadWithoutTheRestAndConvertedAsTheWholeFile() throws IOException {
        Path file = directory.resolve("rows.npy");
        // 4 rows of [2, 3] as little-endian int16
        Files.write(file, NpyBytes.npy(NpyBytes.dict("<i2", "(4, 2, 3)"),
                NpyBytes.littleEndian(2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, -23)));
        Tensor whole = Npy.read(file);
        Tensor middle = Npy.readRows(file, 1, 2);
        assertEquals(Shape.of(2, 2, 3), middle.shape());
        assertArrayEquals(java.util.Arrays.copyOfRange(whole.data(), 6, 18), middle.data());
        assertArrayEquals(new float[] {18, 19, 20, 21, 22, -23}, Npy.readRows(file, 3, 1).data());
        assertThrows(IllegalArgumentException.class, () -> Npy.readRows(file, 3, 2));
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void readsVersion1(ReadVia via) throws IOException {
        Tensor tensor = via.read(npy(dict("<f4", "(2, 3)"), f4(1, 2, 3, 4, 5, 6)), directory);

        assertEquals(Shape.of(2, 3), tensor.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tensor.data());
        assertEquals(6f, tensor.get(1, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsEveryVersionAlike(int major) throws IOException {
        for (ReadVia via : ReadVia.values()) {
            Tensor tensor = via.read(npy(major, dict("<f4", "(3,)"), f4(-1.5f, 0, 2.25f)), directory);

            assertEquals(Shape.of(3), tensor.shape());
            assertArrayEquals(new float[] {-1.5f, 0, 2.25f}, tensor.data());
        }
    }

    /** A non-ASCII key (which the reader then rejects) shows how each version decodes the dict. */
    @Test
    void version3HeaderIsUtf8AndOlderVersionsLatin1() {
        byte[] utf8Dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'é': 1}"
                .getBytes(StandardCharsets.UTF_8);

        NpyErrorAssertions.readFails(ReadVia.STREAM, npy(3, utf8Dict, f4(1)), directory, "unexpected key 'é'");
        NpyErrorAssertions.readFails(ReadVia.STREAM, npy(2, utf8Dict, f4(1)), directory, "unexpected key 'Ã©'");
    }

    /** Each supported dtype, with the float32 each stored value must become. */
    static Stream<Arguments> dtypes() {
        float twoTo60 = 0x1p60f;
        return Stream.of(
                Arguments.of("<f4", f4(1.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE),
                        new float[] {1.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE}),
                // 1 + 2^-24 lies halfway between two floats and rounds to even (down); 1 + 3 * 2^-24 to even (up)
                Arguments.of("<f8", f8(0.1, 1e300, -1e-50, 1 + 0x1p-24, 1 + 0x3p-24, Double.NaN),
                        new float[] {0.1f, Float.POSITIVE_INFINITY, -0f, 1f, 1 + 0x1p-22f, Float.NaN}),
                Arguments.of("<f2", littleEndian(2, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x7E00),
                        new float[] {1, -2, 65504, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NaN}),
                Arguments.of("|i1", littleEndian(1, 0x80, 0xFF, 0, 0x7F), new float[] {-128, -1, 0, 127}),
                Arguments.of("|u1", littleEndian(1, 0, 1, 0x80, 0xFF), new float[] {0, 1, 128, 255}),
                Arguments.of("<u1", littleEndian(1, 0, 1, 0x80, 0xFF), new float[] {0, 1, 128, 255}),
                Arguments.of("<i2", littleEndian(2, 0x8000, 0xFFFF, 0x7FFF), new float[] {-32768, -1, 32767}),
                Arguments.of("<u2", littleEndian(2, 0, 0x8000, 0xFFFF), new float[] {0, 32768, 65535}),
                // 16777217 = 2^24 + 1 is the first integer float32 cannot hold; it rounds to even
                Arguments.of("<i4", littleEndian(4, Integer.MIN_VALUE, -1, 16_777_217, Integer.MAX_VALUE),
                        new float[] {-0x1p31f, -1, 16_777_216, 0x1p31f}),
                Arguments.of("<u4", littleEndian(4, 0, 0x8000_0000L, 0xFFFF_FFFFL, 16_777_219),
                        new float[] {0, 0x1p31f, 0x1p32f, 16_777_220}),
                // 2^60 + 2^36 + 1 rounds up when converted directly, but to 2^60 if it went through double
                Arguments.of("<i8", littleEndian(8, Long.MIN_VALUE, -1, (1L << 60) + (1L << 36) + 1, Long.MAX_VALUE),
                        new float[] {-0x1p63f, -1, twoTo60 + 0x1p37f, 0x1p63f}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void convertsEveryDtypeToFloat32(String descr, byte[] data, float[] expected) throws IOException {
        for (ReadVia via : ReadVia.values()) {
            String shape = "(" + expected.length + ",)";
            Tensor tensor = via.read(npy(dict(descr, shape), data), directory);

            assertEquals(Shape.of(expected.length), tensor.shape());
            assertBitsEqual(expected, tensor.data());
        }
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void readsScalarAsRankZeroTensorOfOneElement(ReadVia via) throws IOException {
        Tensor scalar = via.read(npy(dict("<f8", "()"), f8(2.5)), directory);

        assertEquals(0, scalar.rank());
        assertEquals(Shape.of(), scalar.shape());
        assertArrayEquals(new float[] {2.5f}, scalar.data());
        assertEquals(2.5f, scalar.get());
    }

    static Stream<Arguments> emptyShapes() {
        return Stream.of(
                Arguments.of("(0,)", Shape.of(0)),
                Arguments.of("(2, 0, 3)", Shape.of(2, 0, 3)),
                Arguments.of("(2147483647, 0)", Shape.of(Integer.MAX_VALUE, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyShapes")
    void readsEmptyArrays(String shape, Shape expected) throws IOException {
        for (ReadVia via : ReadVia.values()) {
            Tensor empty = via.read(npy(dict("<f4", shape), new byte[0]), directory);

            assertEquals(expected, empty.shape());
            assertEquals(0, empty.data().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }",
        "{'shape': (1, 2, 3), 'descr': '<f4', 'fortran_order': False}",
        "{'fortran_order': False, 'shape': (1,2,3,), 'descr': '<f4'}",
        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1, 2, 3)}",
        "{ 'descr' : '<f4' ,\n\t'fortran_order' :False , 'shape' : ( 1 , 2 , 3 ) , }        \n",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L, 3L), }                                        \n",
        "\n {'descr':'<f4','fortran_order':False,'shape':(1,2,3)}\r\n",
    })
    void parsesHeaderDictWrittenAnyWay(String dict) throws IOException {
        for (ReadVia via : ReadVia.values()) {
            Tensor tensor = via.read(npy(dict, f4(1, 2, 3, 4, 5, 6)), directory);

            assertEquals(Shape.of(1, 2, 3), tensor.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tensor.data());
        }
    }

    @Test
    void readHeaderReportsWhatTheFileSays() throws IOException {
        String dict = dict("<f4", "(4, 5)");
        Path version1 = write("v1.npy", npy(dict, f4(new float[20])));
        Path version2 = write("v2.npy", npy(2, dict, f4(new float[20])));

        assertEquals(new NpyHeader("<f4", false, Shape.of(4, 5), 1, 10 + dict.length()), Npy.readHeader(version1));
        assertEquals(new NpyHeader("<f4", false, Shape.of(4, 5), 2, 12 + dict.length()), Npy.readHeader(version2));
    }

    @Test
    void readHeaderDescribesArraysThatCannotBeLoaded() throws IOException {
        Path fortran = write("fortran.npy", npy(3, dict(">i8", true, "(2, 3)"), new byte[48]));
        Path huge = write("huge.npy", npy(dict("<f4", "(65536, 65536)"), new byte[0]));

        NpyHeader header = Npy.readHeader(fortran);
        assertEquals(">i8", header.dtype());
        assertEquals(true, header.fortranOrder());
        assertEquals(Shape.of(2, 3), header.shape());
        assertEquals(3, header.version());
        assertEquals(Shape.of(65536, 65536), Npy.readHeader(huge).shape());
    }

    @Test
    void streamReadStopsAfterTheArraySoArraysCanBeReadInTurn() throws IOException {
        byte[] first = npy(dict("<f4", "(2,)"), f4(1, 2));
        byte[] second = npy(dict("|u1", "(3,)"), littleEndian(1, 7, 8, 9));
        InputStream in = new ByteArrayInputStream(NpyBytes.concat(first, second));

        assertArrayEquals(new float[] {1, 2}, Npy.read(in, "pair").data());
        assertArrayEquals(new float[] {7, 8, 9}, Npy.read(in, "pair").data());
        assertEquals(-1, in.read());
    }

    /** More data than one read chunk (1 MiB), in a type converted element by element and in f4. */
    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void readsDataLargerThanOneChunk(ReadVia via) throws IOException {
        Random random = new Random(42);
        float[] floats = new float[7 * 100_001];
        long[] shorts = new long[floats.length];
        float[] shortsAsFloats = new float[floats.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) random.nextGaussian();
            shorts[i] = (short) random.nextInt();
            shortsAsFloats[i] = shorts[i];
        }

        Tensor f4 = via.read(npy(dict("<f4", "(7, 100001)"), f4(floats)), directory);
        Tensor i2 = via.read(npy(dict("<i2", "(" + shorts.length + ",)"), littleEndian(2, shorts)), directory);

        assertEquals(Shape.of(7, 100_001), f4.shape());
        assertArrayEquals(floats, f4.data());
        assertArrayEquals(shortsAsFloats, i2.data());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    /** Compares bit patterns, so -0 differs from 0 and NaN equals NaN. */
    static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    "element " + i + ": expected " + expected[i] + " but was " + actual[i]);
        }
    }
}
