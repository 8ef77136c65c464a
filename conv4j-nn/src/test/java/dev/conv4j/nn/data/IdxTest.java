package dev.conv4j.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** Two 2×3 images of bytes 0..11 (with 255 at the end). */
    private static byte[] images() {
        byte[] b = new byte[4 + 12 + 12];
        b[2] = 0x08;
        b[3] = 3;
        b[7] = 2;
        b[11] = 2;
        b[15] = 3;
        for (int i = 0; i < 12; i++) {
            b[16 + i] = (byte) i;
        }
        b[27] = (byte) 255;
        return b;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsPlainAndGzipped() throws IOException {
        for (byte[] bytes : new byte[][] {images(), gzip(images())}) {
            Idx.Array a = Idx.decode(bytes, "images");
            assertArrayEquals(new int[] {2, 2, 3}, a.dims());
            assertEquals(10, a.data()[10]);
            assertEquals(255, a.data()[11] & 0xff);
        }
        Path file = dir.resolve("x-idx3-ubyte.gz");
        Files.write(file, gzip(images()));
        assertEquals(12, Idx.read(file).data().length);
    }

    private static String error(byte[] bytes) {
        return assertThrows(IdxFormatException.class, () -> Idx.decode(bytes, "f.idx")).getMessage();
    }

    @Test
    void clearErrors() throws IOException {
        byte[] ok = images();
        assertTrue(error(new byte[] {0, 0}).contains("truncated"));
        byte[] magic = ok.clone();
        magic[0] = 1;
        assertTrue(error(magic).contains("bad magic 01 00 08 03"));
        byte[] type = ok.clone();
        type[2] = 0x0D;
        assertTrue(error(type).contains("type 0x0d (float) is not supported"));
        assertTrue(error(Arrays.copyOf(ok, 10)).contains("3 dimensions need a 16-byte header"));
        assertTrue(error(Arrays.copyOf(ok, 20)).contains("need 12 bytes of data, the file has 4"));
        assertTrue(error(Arrays.copyOf(ok, 30)).contains("2 bytes follow"));
        byte[] zero = ok.clone();
        zero[3] = 0;
        assertTrue(error(zero).contains("0 dimensions"));
        byte[] gz = gzip(ok);
        assertTrue(error(Arrays.copyOf(gz, gz.length - 10)).contains("corrupt or truncated gzip data"));
    }

    @Test
    void fashionMnistFromItsDebianPackage() throws IOException {
        assumeTrue(FashionMnist.available(), "dataset-fashion-mnist is not installed");
        Dataset test = FashionMnist.test(FashionMnist.defaultDirectory());
        assertEquals(10_000, test.size());
        assertEquals(Shape.of(28, 28, 1), test.sampleShape());
        int[] counts = new int[10];
        for (int label : test.labels()) {
            counts[label]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
        // the first test image is an ankle boot (label 9)
        assertEquals(9, test.labels()[0]);
        float max = 0;
        for (float v : test.inputs().data()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }

    @Test
    void missingFilesSayHowToGetThem() {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void generatedSetsAreBalancedAndSeeded() {
        Dataset a = Signals.generate(40, 3, "s");
        Dataset b = Signals.generate(40, 3, "s");
        assertArrayEquals(a.inputs().data(), b.inputs().data());
        assertEquals(10, Arrays.stream(a.labels()).filter(l -> l == 3).count());
        Dataset v = Volumes.generate(6, 1, "v");
        assertEquals(Shape.of(16, 16, 16, 1), v.sampleShape());
        assertEquals(2, Arrays.stream(v.labels()).filter(l -> l == 2).count());
    }

    @Test
    void aGzipBombIsRefusedWithoutInflatingIt() throws IOException {
        // the attack: gzip claiming 60000x28x28 images whose content is 64 MiB of zeros past the data
        byte[] header = {0, 0, 8, 3, 0, 0, (byte) 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(header);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        String m = error(out.toByteArray());
        assertTrue(m.startsWith("f.idx: at least 65536 bytes follow the 47040000 bytes of data"), m);
        // and one whose sizes are more than its compressed length could ever inflate to
        byte[] small = gzip(new byte[] {0, 0, 8, 1, 0x7f, 0, 0, 0});
        m = error(small);
        assertTrue(m.contains("need 2130706432 bytes of data, the file has room for at most"), m);
    }
}
