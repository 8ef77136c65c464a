package dev.conv4j.io.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Malformed metadata is a {@link ZarrFormatException} naming the file and the field, whatever is
 * wrong with it: fixed cases, and random corruptions of valid v2 and v3 documents (a field
 * dropped, or replaced with another JSON value, or the text cut short), which must either parse
 * to valid metadata or fail that way, never with another exception.
 */
class ZarrMetadataErrorsTest {
    private static final String V2 = """
            {"chunks": [3, 4], "compressor": {"id": "zstd", "level": 1}, "dtype": "<f4", "fill_value": 0.0,
             "filters": null, "order": "C", "shape": [7, 10], "zarr_format": 2}""";
    private static final String V3 = """
            {"zarr_format": 3, "node_type": "array", "shape": [7, 10], "data_type": "float32",
             "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [3, 4]}},
             "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
             "fill_value": 0, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 0, "checksum": false}}]}""";

    private static ZarrFormatException v2Error(String json) {
        return assertThrows(ZarrFormatException.class,
                () -> ZarrJson.parseV2(json.getBytes(StandardCharsets.UTF_8), null, "x/.zarray", "x/.zattrs"));
    }

    private static void assertNames(ZarrFormatException e, String file, String field) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + field + "\""), e.getMessage());
    }

    @Example
    void fixedV2Errors() {
        assertNames(v2Error(V2.replace("[3, 4]", "[3]")), "x/.zarray", "chunks");
        assertNames(v2Error(V2.replace("[7, 10]", "[7, -10]")), "x/.zarray", "shape");
        assertNames(v2Error(V2.replace("[3, 4]", "[0, 4]")), "x/.zarray", "chunks");
        assertNames(v2Error(V2.replace("<f4", "<c8")), "x/.zarray", "dtype");
        assertNames(v2Error(V2.replace("\"C\"", "\"F\"")), "x/.zarray", "order");
        assertNames(v2Error(V2.replace("\"filters\": null", "\"filters\": [{\"id\": \"delta\"}]")), "x/.zarray", "filters");
        assertNames(v2Error(V2.replace("\"zstd\"", "\"lz4\"")), "x/.zarray", "compressor");
        assertNames(v2Error(V2.replace("\"fill_value\": 0.0", "\"fill_value\": \"zero\"")), "x/.zarray", "fill_value");
        ZarrFormatException huge = v2Error(V2.replace("[3, 4]", "[300000, 40000]"));
        assertTrue(huge.getMessage().contains("more than one chunk conv4j can hold"), huge.getMessage());
    }

    /** Found by the {@code zarr} fuzz target: the file was named twice, and raw bytes of the document reached the message. */
    @Example
    void notJsonNamesTheFileOnceInOnePrintableLine() {
        assertEquals("x/.zarray: metadata is not a JSON object", v2Error("[1, 2]").getMessage());
        String message = v2Error("U\u001b[2J").getMessage();
        assertTrue(message.startsWith("x/.zarray: not valid JSON: "), message);
        assertEquals(1, message.split("x/.zarray", -1).length - 1, message);
        assertTrue(message.chars().noneMatch(c -> c < 0x20), message);
    }

    @Example
    void metadataFileErrorsNameTheFile() throws IOException {
        Path dir = Files.createTempDirectory("zarr-errors");
        Files.writeString(dir.resolve("zarr.json"), V3.replace("\"array\"", "\"group\""));
        ZarrFormatException e = assertThrows(ZarrFormatException.class, () -> ZarrArray.open(dir));
        assertNames(e, dir.resolve("zarr.json").toString(), "node_type");
        Files.delete(dir.resolve("zarr.json"));
        Files.delete(dir);
    }

    @Property(tries = 400)
    void corruptedDocumentsFailCleanly(@ForAll("documents") String base, @ForAll("corruptions") Corruption c) throws IOException {
        JsonNode root = ZarrJson.MAPPER.readTree(base);
        String corrupted = c.apply((ObjectNode) root.deepCopy(), base);
        boolean v3 = base.contains("\"zarr_format\": 3");
        try {
            byte[] bytes = corrupted.getBytes(StandardCharsets.UTF_8);
            if (v3) {
                ZarrJson.parseV3(bytes, "zarr.json");
            } else {
                ZarrJson.parseV2(bytes, null, ".zarray", ".zattrs");
            }
        } catch (ZarrFormatException expected) {
            assertTrue(expected.getMessage().startsWith(v3 ? "zarr.json: " : ".zarray: "), expected.getMessage());
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.of(V2, V3);
    }

    /** One corruption of a document. */
    record Corruption(int kind, int field, String replacement, int cut) {
        String apply(ObjectNode root, String text) throws IOException {
            List<String> names = new java.util.ArrayList<>();
            root.fieldNames().forEachRemaining(names::add);
            String name = names.get(field % names.size());
            return switch (kind) {
                case 0 -> {
                    root.remove(name);
                    yield root.toString();
                }
                case 1 -> {
                    root.set(name, ZarrJson.MAPPER.readTree(replacement));
                    yield root.toString();
                }
                default -> text.substring(0, cut % text.length());
            };
        }
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        Arbitrary<String> values = Arbitraries.of("null", "-1", "0", "1e30", "\"NaN\"", "\"x\"", "[]", "[-3, 2]",
                "[1, 2, 3]", "[0]", "{}", "{\"name\": \"regular\"}", "{\"id\": \"blosc\"}", "true", "[[1]]",
                "9223372036854775807", "[9223372036854775807, 1]", "{\"name\": \"v2\", \"configuration\": {\"separator\": \"-\"}}",
                "[{\"name\": \"bytes\"}]", "\"<u8\"", "\"|f4\"", "\"uint64\"", "2", "3");
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 20),
                values, Arbitraries.integers().between(0, 400)).as(Corruption::new);
    }
}
