package dev.conv4j.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zarr v3: the specification's own example array, its chunk layout, and round trips of every type and codec. */
class ZarrV3Test {
    @TempDir
    Path dir;

    /** The example array metadata of the Zarr v3 core specification ("Array metadata", example). */
    private static final String SPEC_EXAMPLE = """
            {
                "zarr_format": 3,
                "node_type": "array",
                "shape": [10000, 1000],
                "dimension_names": ["rows", "columns"],
                "data_type": "float64",
                "chunk_grid": {
                    "name": "regular",
                    "configuration": {
                        "chunk_shape": [1000, 100]
                    }
                },
                "chunk_key_encoding": {
                    "name": "default",
                    "configuration": {
                        "separator": "/"
                    }
                },
                "codecs": [{
                    "name": "bytes",
                    "configuration": {
                        "endian": "little"
                    }
                }],
                "fill_value": "NaN",
                "attributes": {
                    "foo": 42,
                    "bar": "apples",
                    "baz": [1, 2, 3, 4]
                }
            }
            """;

    @Test
    void readsTheSpecificationsExample() throws Exception {
        Files.writeString(dir.resolve("zarr.json"), SPEC_EXAMPLE);
        ZarrArray z = ZarrArray.open(dir);
        ZarrMetadata m = z.metadata();
        assertEquals(3, m.zarrFormat());
        assertArrayEquals(new long[] {10000, 1000}, m.shape());
        assertArrayEquals(new int[] {1000, 100}, m.chunks());
        assertEquals(ZarrDataType.FLOAT64, m.dataType());
        assertTrue(Double.isNaN(m.fillValue()));
        assertEquals(Map.of("foo", 42, "bar", "apples", "baz", List.of(1, 2, 3, 4)), m.attributes());
        // the spec: chunk (1, 23) of the default encoding with "/" is at c/1/23
        assertEquals(dir.resolve("c/1/23"), z.chunkPath(new long[] {1, 23}));
        // no chunk written: everything reads as the fill value
        assertTrue(Float.isNaN(z.read(new long[] {9999, 999}, new int[] {1, 1})[0]));
        // a chunk stored as the spec describes: raw little-endian float64, C order
        ByteBuffer raw = ByteBuffer.allocate(1000 * 100 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1000 * 100; i++) {
            raw.putDouble(i * 8, i * 0.5);
        }
        Files.createDirectories(dir.resolve("c/1"));
        Files.write(dir.resolve("c/1/3"), raw.array());
        float[] got = z.read(new long[] {1000 + 7, 3 * 100 + 5}, new int[] {1, 2});
        assertArrayEquals(new float[] {(7 * 100 + 5) * 0.5f, (7 * 100 + 6) * 0.5f}, got);
    }

    @Test
    void aMustUnderstandFalseExtensionIsIgnoredAndAnyOtherUnknownKeyRefused() throws Exception {
        String ignorable = SPEC_EXAMPLE.replace("\"node_type\"", "\"my_extension\": {\"must_understand\": false}, \"node_type\"");
        Files.writeString(dir.resolve("zarr.json"), ignorable);
        assertEquals(2, ZarrArray.open(dir).metadata().rank());
        Files.writeString(dir.resolve("zarr.json"), SPEC_EXAMPLE.replace("\"node_type\"", "\"my_extension\": 1, \"node_type\""));
        ZarrFormatException e = assertThrows(ZarrFormatException.class, () -> ZarrArray.open(dir));
        assertTrue(e.getMessage().contains("zarr.json") && e.getMessage().contains("\"my_extension\""), e.getMessage());
    }

    @Test
    void codecsOtherThanBytesGzipZstdAreRefusedByName() throws Exception {
        for (String codec : List.of("blosc", "transpose", "sharding_indexed", "crc32c")) {
            Files.writeString(dir.resolve("zarr.json"), SPEC_EXAMPLE.replace("\"codecs\": [{",
                    "\"codecs\": [{\"name\": \"" + codec + "\", \"configuration\": {}}, {"));
            ZarrFormatException e = assertThrows(ZarrFormatException.class, () -> ZarrArray.open(dir));
            assertTrue(e.getMessage().contains("codec '" + codec + "' is not supported"), e.getMessage());
            assertTrue(e.getMessage().contains("\"codecs[0]\""), e.getMessage());
        }
    }

    @Test
    void writesChunksAsTheSpecLaysThemOut() throws Exception {
        ZarrArray z = ZarrArray.create(dir.resolve("a"), ZarrMetadata.v3(new long[] {3, 5}, new int[] {2, 4},
                ZarrDataType.INT16, ZarrCodec.parse("gzip")).withFillValue(-1));
        float[] values = new float[15];
        for (int i = 0; i < 15; i++) {
            values[i] = i - 7;
        }
        z.write(new long[2], new int[] {3, 5}, values);
        // chunk (1, 1) holds element (2, 4) only; the rest of the edge chunk is the fill value
        byte[] stored = Files.readAllBytes(dir.resolve("a/c/1/1"));
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(stored)).readAllBytes();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2 * 4 * 2, raw.length);
        assertEquals(14 - 7, b.getShort(0));
        for (int i = 1; i < 8; i++) {
            assertEquals(-1, b.getShort(2 * i));
        }
        String json = Files.readString(dir.resolve("a/zarr.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"data_type\" : \"int16\"") && json.contains("\"name\" : \"gzip\""), json);
        assertArrayEquals(values, ZarrArray.open(dir.resolve("a")).read(new long[2], new int[] {3, 5}));
    }

    @Test
    void roundTripsEveryTypeAndCodec() throws Exception {
        for (ZarrDataType type : ZarrDataType.values()) {
            for (String codec : List.of("none", "gzip:9", "zstd:1")) {
                for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                    Path p = dir.resolve(type + codec.replace(':', '_') + order);
                    ZarrMetadata m = new ZarrMetadata(3, new long[] {4, 7}, new int[] {3, 3}, type, order, 5,
                            ZarrCodec.parse(codec), ZarrMetadata.KeyEncoding.V3, Map.of("k", "v"));
                    ZarrArray z = ZarrArray.create(p, m);
                    float[] values = new float[28];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = type.floating() ? i * 0.25f - 3 : i + (type.v3Name().startsWith("u") ? 0 : -10);
                    }
                    z.write(new long[2], new int[] {4, 7}, values);
                    ZarrArray back = ZarrArray.open(p);
                    assertEquals(m, back.metadata());
                    assertArrayEquals(values, back.read(new long[2], new int[] {4, 7}), p.toString());
                }
            }
        }
    }
}
