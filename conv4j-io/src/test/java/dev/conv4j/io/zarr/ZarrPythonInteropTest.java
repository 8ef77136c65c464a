package dev.conv4j.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conv4j and zarr-python (2.x, Zarr v2) read each other's arrays: every dtype, every codec,
 * partial edge chunks, missing chunks, both chunk key separators. Skipped only where Debian's
 * python3-zarr is not installed (CI installs it).
 */
class ZarrPythonInteropTest {
    private static boolean available;

    @TempDir
    Path dir;

    @BeforeAll
    static void probe() {
        available = ZarrPython.available();
    }

    @BeforeEach
    void requireZarr() {
        assumeTrue(available, "/usr/bin/python3 with zarr and numcodecs (python3-zarr) is not installed");
    }

    private static final List<String> DTYPES = List.of("<f4", "<f8", "|i1", "<i2", ">i4", "<i8", "|u1", "<u2", "<u4", "<u8");

    /** Python writes: one array per dtype x compressor, shape (7, 10, 5) in (3, 4, 5) chunks, part of it never written. */
    private static final String WRITE = """
            import sys, numpy as np, zarr, numcodecs
            dtypes = sys.argv[1].split(',')
            comps = {'none': None, 'zlib': numcodecs.Zlib(level=3), 'gzip': numcodecs.GZip(level=6), 'zstd': numcodecs.Zstd(level=4)}
            for d in dtypes:
                for name, comp in comps.items():
                    sep = '/' if name == 'zstd' else '.'
                    z = zarr.open(f'{name}-{d[1:]}.zarr', mode='w', shape=(7, 10, 5), chunks=(3, 4, 5), dtype=d,
                                  compressor=comp, fill_value=7, dimension_separator=sep)
                    a = (np.arange(7 * 10 * 5).reshape(7, 10, 5) % 101).astype(d)
                    if d[1] == 'i':
                        a = (a.astype(np.int64) - 50).astype(d)
                    if d[1] == 'f':
                        a = a / np.asarray(8, dtype=d)
                    z[0:6, :, :] = a[0:6]
                    full = np.array(z[...])
                    np.save(f'{name}-{d[1:]}.npy', full.astype(np.float32))
            z = zarr.open('blosc.zarr', mode='w', shape=(4,), chunks=(2,), dtype='<f4', compressor=numcodecs.Blosc())
            z[:] = 1
            """;

    @Test
    void readsWhatZarrPythonWrites() throws Exception {
        ZarrPython.run(WRITE, dir, String.join(",", DTYPES));
        for (String d : DTYPES) {
            for (String codec : List.of("none", "zlib", "gzip", "zstd")) {
                String name = codec + "-" + d.substring(1);
                ZarrArray z = ZarrArray.open(dir.resolve(name + ".zarr"));
                assertEquals(d.substring(1), z.metadata().dataType().v2Code(), name);
                assertEquals(codec, z.metadata().codec().kind().zarrName(), name);
                Tensor expected = Npy.read(dir.resolve(name + ".npy"));
                float[] all = z.read(new long[3], new int[] {7, 10, 5});
                assertArrayEquals(expected.data(), all, name);
                // row 6 was never written: its chunks (index 2 along axis 0) are missing and read as the fill value
                assertEquals(7f, all[6 * 50 + 3], name);
                float[] region = z.read(new long[] {2, 3, 1}, new int[] {3, 5, 3});
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 5; j++) {
                        for (int k = 0; k < 3; k++) {
                            assertEquals(expected.data()[((2 + i) * 10 + 3 + j) * 5 + 1 + k], region[(i * 5 + j) * 3 + k], name);
                        }
                    }
                }
            }
        }
        ZarrFormatException blosc = assertThrows(ZarrFormatException.class, () -> ZarrArray.open(dir.resolve("blosc.zarr")));
        assertTrue(blosc.getMessage().contains("'blosc' is not supported") && blosc.getMessage().contains(".zarray"),
                blosc.getMessage());
    }

    /** Python reads what conv4j writes and compares it, value for value, with the .npy conv4j wrote beside it. */
    private static final String CHECK = """
            import sys, json, numpy as np, zarr
            for name in sys.argv[1:]:
                z = zarr.open(name + '.zarr', mode='r')
                expected = np.load(name + '.npy')
                got = np.array(z[...]).astype(np.float32)
                assert got.shape == expected.shape, (name, got.shape, expected.shape)
                assert np.array_equal(got, expected), name
                print(name, z.dtype, z.compressor.codec_id if z.compressor else 'none', dict(z.attrs))
            """;

    @Test
    void zarrPythonReadsWhatConv4jWrites() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (ZarrDataType type : ZarrDataType.values()) {
            for (String codec : List.of("none", "zlib", "gzip", "zstd")) {
                String name = codec + "-" + type.v3Name();
                long[] shape = {5, 9, 6};
                ZarrMetadata m = ZarrMetadata.v2(shape, new int[] {2, 4, 6}, type, ZarrCodec.parse(codec))
                        .withAttributes(Map.of("source", name, "spacing", List.of(1.5, 2, 3)));
                ZarrArray z = ZarrArray.create(dir.resolve(name + ".zarr"), m);
                float[] values = new float[5 * 9 * 6];
                for (int i = 0; i < values.length; i++) {
                    values[i] = type.floating() ? (i - 100) / 4f : (i % 120) - (type.v3Name().startsWith("u") ? 0 : 60);
                }
                // whole chunks along axis 0 (2 + 2 + a partial 1), written in two boxes
                z.write(new long[] {0, 0, 0}, new int[] {4, 9, 6}, java.util.Arrays.copyOfRange(values, 0, 4 * 54));
                z.write(new long[] {4, 0, 0}, new int[] {1, 9, 6}, java.util.Arrays.copyOfRange(values, 4 * 54, 5 * 54));
                Npy.write(dir.resolve(name + ".npy"), Tensor.wrap(Shape.of(5, 9, 6), values));
                names.add(name);
            }
        }
        String out = ZarrPython.run(CHECK, dir, names.toArray(String[]::new));
        assertTrue(out.contains("zstd-uint64 uint64 zstd {") && out.contains("'spacing': [1.5, 2, 3]"), out);
        assertEquals(names.size(), out.lines().count(), out);
    }
}
