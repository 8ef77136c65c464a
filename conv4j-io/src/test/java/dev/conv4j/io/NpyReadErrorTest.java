package dev.conv4j.io;

import static dev.conv4j.io.NpyBytes.concat;
import static dev.conv4j.io.NpyBytes.dict;
import static dev.conv4j.io.NpyBytes.f4;
import static dev.conv4j.io.NpyBytes.lengthField;
import static dev.conv4j.io.NpyBytes.npy;
import static dev.conv4j.io.NpyBytes.preamble;
import static dev.conv4j.io.NpyErrorAssertions.readFails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way an {@code .npy} can be unreadable, each with the message it must produce. */
class NpyReadErrorTest {
    private static final String SUPPORTED = "conv4j reads <f2, <f4, <f8, |i1, |u1, <i2, <u2, <i4, <u4, <i8";

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesFortranOrder(ReadVia via) {
        readFails(via, npy(dict("<f4", true, "(2, 3)"), f4(new float[6])), directory,
                "fortran_order True is not supported: save with np.ascontiguousarray");
    }

    @ParameterizedTest
    @CsvSource({">f4, <f4", ">f8, <f8", ">i8, <i8", ">u2, <u2"})
    void refusesBigEndian(String descr, String littleEndian) {
        for (ReadVia via : ReadVia.values()) {
            readFails(via, npy(dict(descr, "(1,)"), new byte[8]), directory, "big-endian dtype '" + descr
                    + "' is not supported: save little-endian with arr.astype('" + littleEndian + "')");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "|b1; dtype '|b1' (bool) is not supported; " + SUPPORTED,
        "<c8; dtype '<c8' (complex) is not supported; " + SUPPORTED,
        "<U3; dtype '<U3' (string) is not supported; " + SUPPORTED,
        "|O; dtype '|O' (Python object) is not supported; " + SUPPORTED,
        "<M8[ns]; dtype '<M8[ns]' (date/time) is not supported",
        "<f16; dtype '<f16' is not supported; " + SUPPORTED,
        "<u8; dtype '<u8' is not supported; " + SUPPORTED,
        "f4; dtype 'f4' is not supported",
        "\"\"; dtype '' is not supported",
        "|f4; dtype '|f4' has byte order '|'; .npy files use '<' (little-endian) or '|' (single bytes)",
        "=f4; dtype '=f4' has byte order '='",
    })
    void refusesOtherDtypesListingTheSupportedOnes(String descr, String expected) {
        for (ReadVia via : ReadVia.values()) {
            readFails(via, npy(dict(descr, "(1,)"), new byte[16]), directory, expected);
        }
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesStructuredDtype(ReadVia via) {
        String dict = "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,)}";
        readFails(via, npy(dict, new byte[8]), directory,
                "structured dtype [('x', '<f4'), ('y', '<i4')] is not supported");
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesOtherFilesByTheirMagic(ReadVia via) {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0};
        readFails(via, zip, directory, "not a NumPy .npy file: it starts with bytes 50 4b 03 04 14 00 "
                + "instead of the magic \\x93NUMPY");
        readFails(via, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'B'}, directory, "it starts with bytes 93 4e 55 4d 42 ");
        readFails(via, new byte[0], directory, "is empty, not a NumPy .npy file");
    }

    @ParameterizedTest
    @CsvSource({"4, 0, 4.0", "1, 1, 1.1", "0, 0, 0.0", "255, 0, 255.0", "2, 5, 2.5"})
    void refusesUnsupportedVersions(int major, int minor, String version) {
        for (ReadVia via : ReadVia.values()) {
            byte[] file = concat(preamble(major, minor), lengthField(1, 0), new byte[64]);
            readFails(via, file, directory,
                    "unsupported .npy format version " + version + " (conv4j reads 1.0, 2.0 and 3.0)");
        }
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesTruncatedHeaders(ReadVia via) {
        byte[] whole = npy(dict("<f4", "(2,)"), f4(1, 2));
        int headerLength = whole.length - 10 - 8;

        readFails(via, Arrays.copyOf(whole, 4), directory,
                "truncated header: the file ends after 4 bytes, inside the 8-byte magic and version");
        readFails(via, Arrays.copyOf(whole, 9), directory,
                "truncated header: the file ends inside the header length field");
        readFails(via, Arrays.copyOf(whole, 40), directory,
                "truncated header: it declares " + headerLength + " bytes but the file ends after 30");
        readFails(via, concat(preamble(2, 0), lengthField(2, 100), new byte[20]), directory,
                "truncated header: it declares 100 bytes but the file ends after 20");
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesImplausiblyLongHeaders(ReadVia via) throws IOException {
        byte[] file = concat(preamble(2, 0), lengthField(2, 0xFFFF_FFF0L), new byte[16]);
        String expected = via == ReadVia.PATH
                ? "truncated header: it declares 4294967280 bytes but the file ends after 16"
                : "header length 4294967280 is larger than 16777216 bytes; the file is corrupt";
        readFails(via, file, directory, expected);
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesTruncatedData(ReadVia via) {
        readFails(via, npy(dict("<f4", "(2, 3)"), f4(1, 2, 3, 4, 5)), directory,
                "truncated data: the header's shape [2,3] of '<f4' needs 24 bytes of data, but 20 follow the header");
        readFails(via, npy(dict("<f8", "()"), new byte[7]), directory,
                "truncated data: the header's shape [] of '<f8' needs 8 bytes of data, but 7 follow the header");
        readFails(via, npy(dict("<i2", "(1000000,)"), new byte[1_999_999]), directory,
                "needs 2000000 bytes of data, but 1999999 follow the header");
    }

    /** Only a file has a size to disagree with; a stream read stops after the array (see NpyReadTest). */
    @Test
    void refusesTrailingDataInAFile() {
        readFails(ReadVia.PATH, npy(dict("<f4", "(2, 3)"), f4(1, 2, 3, 4, 5, 6, 7)), directory,
                "trailing data: the header's shape [2,3] of '<f4' needs 24 bytes of data, but 28 follow the header");
    }

    static Stream<Arguments> badShapes() {
        return Stream.of(
                Arguments.of("(-1, 3)", "shape (-1, 3) has a negative size at axis 0"),
                Arguments.of("(2, - 3)", "shape (2, -3) has a negative size at axis 1"),
                Arguments.of("(3000000000,)", "shape (3000000000,) has size 3000000000 at axis 0, more than 2147483647"),
                Arguments.of("(99999999999999999999,)", "malformed header dict: number too large at character"),
                Arguments.of("(65536, 65536)",
                        "shape [65536,65536] has 4294967296 elements, more than a conv4j tensor holds (2147483639)"),
                Arguments.of("(2147483647, 2147483647, 2147483647)",
                        "has more than 9223372036854775807 elements, more than a conv4j tensor holds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badShapes")
    void refusesNegativeAndOverflowingShapes(String shape, String expected) {
        for (ReadVia via : ReadVia.values()) {
            readFails(via, npy(dict("<f4", shape), new byte[4]), directory, expected);
        }
    }

    static Stream<Arguments> malformedDicts() {
        String good = dict("<f4", "(1,)");
        return Stream.of(
                Arguments.of("", "expected the header to start with '{' at character 0 of "),
                Arguments.of("'descr': '<f4'", "expected the header to start with '{'"),
                Arguments.of(good.replace(", }", ", "), "expected a value but the header ends"),
                Arguments.of(good.replace("'descr':", "'descr'"), "expected ':' after key 'descr' at character 9 of {'descr' '<f4'"),
                Arguments.of("{'descr': '<f4", "unterminated string"),
                Arguments.of(good.replace("'<f4'", "'<f4\\n'"), "unsupported escape in a string"),
                Arguments.of(good.replace("'<f4',", "'<f4'"), "expected ',' or '}' after the value of 'descr'"),
                Arguments.of(good.replace("(1,)", "(1 2)"), "expected ',' or ')'"),
                Arguments.of(good.replace("(1,)", "(1, -)"), "expected digits"),
                Arguments.of(good.replace("False", "false"), "unexpected 'false'"),
                Arguments.of(good.replace("False", "None"), "unexpected 'None'"),
                Arguments.of(good.replace("(1,)", "{1: 2}"), "unexpected '{'"),
                Arguments.of("{1: '<f4'}", "expected a quoted key at character 1"),
                Arguments.of(good + " x", "unexpected text after the dict"),
                Arguments.of(good.replace(", }", ", 'shape': (1,)}"), "key 'shape' appears twice"),
                Arguments.of(good.replace(", }", ", 'extra': 1}"),
                        "unexpected key 'extra' (an .npy header has exactly 'descr', 'fortran_order' and 'shape')"),
                Arguments.of("{'descr': '<f4', 'shape': (1,)}", "malformed header dict: no 'fortran_order' key"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False}", "malformed header dict: no 'shape' key"),
                Arguments.of("{'fortran_order': False, 'shape': (1,)}", "malformed header dict: no 'descr' key"),
                Arguments.of(good.replace("(1,)", "[1]"), "'shape' must be a tuple of sizes, not [1]"),
                Arguments.of(good.replace("(1,)", "(1)"), "'shape' must be a tuple of sizes, not 1"),
                Arguments.of(good.replace("(1,)", "(1, '2')"), "'shape' must be a tuple of whole numbers, not (1, '2')"),
                Arguments.of(good.replace("False", "'False'"), "'fortran_order' must be True or False, not 'False'"),
                Arguments.of(good.replace("'<f4'", "4"), "'descr' must be a string, not 4"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformedDicts")
    void refusesMalformedDicts(String dict, String expected) {
        for (ReadVia via : ReadVia.values()) {
            readFails(via, npy(dict, new byte[4]), directory, expected);
        }
    }

    @ParameterizedTest
    @EnumSource(ReadVia.class)
    void refusesVersion3HeaderThatIsNotUtf8(ReadVia via) {
        byte[] latin1 = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'é': 1}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        readFails(via, npy(3, latin1, new byte[4]), directory, "malformed header: not valid UTF-8 text");
    }

    @Test
    void readHeaderRefusesMalformedHeadersToo() throws IOException {
        Path file = Files.write(directory.resolve("bad.npy"), npy("{'descr': '<f4'", new byte[0]));
        NpyErrorAssertions.fails(() -> Npy.readHeader(file), file.toString(), "malformed header dict");
    }
}
