package dev.conv4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("conv2d/kernel", Tensor.wrap(Shape.of(1, 2, 1, 3), new float[] {1, -2, 3.5f, 4, 5, Float.MIN_VALUE}));
        t.put("conv2d/bias", Tensor.wrap(Shape.of(3), new float[] {0.25f, -0f, 7}));
        t.put("scalar", Tensor.wrap(Shape.of(), new float[] {42}));
        t.put("empty", Tensor.zeros(Shape.of(0, 4)));
        return t;
    }

    @Test
    void roundTrip() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, tensors(), Map.of("format", "conv4j"));
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(List.of("conv2d/kernel", "conv2d/bias", "scalar", "empty"), List.copyOf(c.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : tensors().entrySet()) {
            assertEquals(e.getValue().shape(), c.tensors().get(e.getKey()).shape());
            assertArrayEquals(e.getValue().data(), c.tensors().get(e.getKey()).data());
        }
        assertEquals(Map.of("format", "conv4j"), c.metadata());
    }

    @Test
    void layoutIsTheSpecs() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Map.of("a", Tensor.wrap(Shape.of(2), new float[] {1, -1})), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.strip());
        assertEquals(8 + n + 8, bytes.length);
        // float 1.0 little-endian: 00 00 80 3f
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, Arrays.copyOfRange(bytes, 8 + (int) n, 12 + (int) n));
    }

    /** A file with the given header JSON and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static String error(byte[] bytes) {
        return assertThrows(SafetensorsFormatException.class, () -> Safetensors.decode(bytes, "t.safetensors"))
                .getMessage();
    }

    @Test
    void strictReaderRefusesBrokenFiles() throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertEquals(2, Safetensors.decode(file(ok, 12), "ok").tensors().size());

        assertTrue(error(new byte[5]).contains("truncated"));
        byte[] full = file(ok, 12);
        assertTrue(error(Arrays.copyOf(full, full.length - 1)).contains("'b' ends at data byte 12 but the data has 11"));
        assertTrue(error(Arrays.copyOf(full, 20)).contains("truncated: the header says"));
        assertTrue(error(file(ok, 16)).contains("data bytes [12, 16) belong to no tensor"));
        assertTrue(error(file(ok.replace("[8,12]", "[4,8]").replace("\"shape\":[1]", "\"shape\":[1]"), 12))
                .contains("overlap"));
        assertTrue(error(file(ok.replace("[8,12]", "[12,16]"), 16)).contains("data bytes [8, 12) belong to no tensor"));
        assertTrue(error(file(ok.replace("[8,12]", "[8,24]"), 12)).contains("ends at data byte 24"));
        assertTrue(error(file(ok.replace("[8,12]", "[8,16]"), 16)).contains("needs 4 bytes of F32"));
        assertTrue(error(file(ok.replace("[8,12]", "[12,8]"), 12)).contains("begin <= end"));
        assertTrue(error(file(ok.replace("\"F32\",\"shape\":[1]", "\"F16\",\"shape\":[1]"), 12))
                .contains("has dtype F16; conv4j reads F32 only"));
        assertTrue(error(file(ok.replace("\"F32\",\"shape\":[1]", "\"F33\",\"shape\":[1]"), 12))
                .contains("not a safetensors dtype"));
        assertTrue(error(file(ok.replace("\"b\"", "\"a\""), 12)).contains("not valid JSON"), "duplicate names");
        assertTrue(error(file("{\"__metadata__\":{\"n\":1}}", 0)).contains("must be a string"));
        assertTrue(error(file("[1,2]", 0)).contains("JSON object"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0)).contains(">= 0"));
        byte[] huge = file(ok, 12);
        huge[7] = 0x7f;
        assertTrue(error(huge).contains("header length"));
    }

    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, tensors(), Map.of("format", "conv4j"));
        // a reader written from the spec with json, struct and numpy only
        String script = String.join("\n",
                "import json, struct, sys, numpy as np",
                "b = open(sys.argv[1], 'rb').read()",
                "n = struct.unpack('<Q', b[:8])[0]",
                "h = json.loads(b[8:8 + n])",
                "d = b[8 + n:]",
                "k = np.frombuffer(d[h['conv2d/kernel']['data_offsets'][0]:h['conv2d/kernel']['data_offsets'][1]], '<f4')",
                "k = k.reshape(h['conv2d/kernel']['shape'])",
                "print(h['__metadata__']['format'], k.shape, float(k[0, 1, 0, 0]), float(k.sum()))");
        String out = python(List.of("-c", script, file.toString()), "numpy");
        assertEquals("conv4j (1, 2, 1, 3) 4.0 11.5", out.strip());
    }

    @Test
    void theSafetensorsPackageReadsWhatWeWrite() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, tensors(), Map.of("format", "conv4j"));
        String script = "import sys\nfrom safetensors.numpy import load_file\nt = load_file(sys.argv[1])\n"
                + "print(t['conv2d/bias'].tolist(), t['scalar'].shape, t['empty'].shape)";
        String out = python(List.of("-c", script, file.toString()), "safetensors");
        assertEquals("[0.25, -0.0, 7.0] () (0, 4)", out.strip());
    }

    /** Runs python3, skipping the test when it or {@code module} is missing. */
    static String python(List<String> args, String module) throws Exception {
        ProcessBuilder probe = new ProcessBuilder("python3", "-c", "import " + module).redirectErrorStream(true);
        Process p;
        try {
            p = probe.start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not found");
            return "";
        }
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 module " + module + " missing");
        List<String> cmd = new java.util.ArrayList<>(List.of("python3"));
        cmd.addAll(args);
        Process run = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), out);
        return out;
    }
}
