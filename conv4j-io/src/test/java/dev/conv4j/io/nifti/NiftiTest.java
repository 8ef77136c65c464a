package dev.conv4j.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiTest {
    @TempDir
    Path dir;

    /** A hand-made little- or big-endian single-file header, as the standard lays it out. */
    private static ByteBuffer header(ByteOrder order, int[] dim, int datatype, int bitpix, float voxOffset,
                                     float slope, float inter) {
        ByteBuffer b = ByteBuffer.allocate(352).order(order);
        b.putInt(0, 348);
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, (short) (i < dim.length ? dim[i] : 1));
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) bitpix);
        float[] pixdim = {1, 0.5f, 0.75f, 2.5f, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, pixdim[i]);
        }
        b.putFloat(108, voxOffset);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        b.put(123, (byte) 10);
        b.put(148, (byte) 'h').put(149, (byte) 'i');
        b.putShort(252, (short) 1);
        b.putShort(254, (short) 4);
        b.putFloat(256, 0.25f);
        b.putFloat(280, 0.5f).putFloat(284, 0).putFloat(288, 0).putFloat(292, -90);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        return b;
    }

    private Path file(String name, ByteBuffer header, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(header.array());
            out.write(data);
        }
        return p;
    }

    @Test
    void int16ScaledBigEndianIsReadAsNumbers() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 3 * 4 * 2).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 24; i++) {
            data.putShort((short) (i * 100 - 1000));
        }
        Path p = file("be.nii", header(ByteOrder.BIG_ENDIAN, new int[] {3, 4, 3, 2}, 4, 16, 352, 0.5f, 10), data.array());
        NiftiVolume v = Nifti.read(p);
        assertEquals(ByteOrder.BIG_ENDIAN, v.header().sourceOrder());
        assertEquals(Shape.of(2, 3, 4), v.data().shape(), "C order [nz, ny, nx]");
        assertEquals(-1000 * 0.5f + 10, v.data().data()[0]);
        assertEquals((23 * 100 - 1000) * 0.5f + 10, v.data().data()[23]);
        assertArrayEquals(new float[] {1, 0.5f, 0.75f, 2.5f, 1, 1, 1, 1}, v.header().pixdim());
    }

    @Test
    void slopeZeroMeansNoScaling() throws IOException {
        byte[] u8 = {0, 1, 2, (byte) 255};
        NiftiVolume v = Nifti.read(file("u8.nii", header(ByteOrder.LITTLE_ENDIAN, new int[] {1, 4}, 2, 8, 352, 0, 7), u8));
        assertArrayEquals(new float[] {0, 1, 2, 255}, v.data().data());
        assertFalse(v.header().scaled());
    }

    @Test
    void voxOffsetZeroInASingleFileMeansRightAfterTheHeader() throws IOException {
        ByteBuffer f32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
        NiftiVolume v = Nifti.read(file("zero.nii.gz", header(ByteOrder.LITTLE_ENDIAN, new int[] {2, 2, 1}, 16, 32, 0,
                Float.NaN, Float.NaN), f32.array()));
        assertArrayEquals(new float[] {1.5f, -2f}, v.data().data());
    }

    @Test
    void writeKeepsHeaderFieldsAndExtensionsAndRoundTrips() throws IOException {
        ByteBuffer h = header(ByteOrder.BIG_ENDIAN, new int[] {3, 2, 2, 2}, 64, 64, 352, 2, 0);
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 8; i++) {
            data.putDouble(i / 3.0);
        }
        NiftiVolume in = Nifti.read(file("f64.nii", h, data.array()));
        NiftiExtension comment = new NiftiExtension(6, "filtered by conv4j".getBytes());
        Tensor out = Tensor.wrap(Shape.of(2, 2, 2), new float[] {1, 2, 3, 4, 5, 6, 7, 8.5f});
        for (String name : List.of("out.nii", "out.nii.gz")) {
            Path p = dir.resolve(name);
            Nifti.write(p, in.header(), List.of(comment), out);
            NiftiVolume back = Nifti.read(p);
            assertArrayEquals(out.data(), back.data().data(), name);
            assertEquals(ByteOrder.LITTLE_ENDIAN, back.header().sourceOrder(), "written little-endian");
            assertEquals(16, back.header().datatypeCode());
            assertEquals(32, back.header().bitpix());
            assertEquals(352 + 32, back.header().voxOffset(), "header + flag + one 32-byte extension");
            assertEquals(List.of(comment), back.extensions());
            assertArrayEquals(in.header().pixdim(), back.header().pixdim());
            assertArrayEquals(in.header().srow(), back.header().srow());
            assertArrayEquals(in.header().quaternion(), back.header().quaternion());
            assertEquals(1, back.header().qformCode());
            assertEquals(4, back.header().sformCode());
            assertEquals("hi", back.header().descrip());
            assertEquals(10, back.header().xyztUnits());
            assertFalse(back.header().scaled(), "float output is unscaled");
        }
        assertTrue(Nifti.gzipped(dir.resolve("out.nii.gz")));
    }

    @Test
    void createMakesAValidUnitHeader() throws IOException {
        Path p = dir.resolve("new.nii");
        Nifti.write(p, NiftiHeader.create(3, 4, 5), List.of(), Tensor.filled(Shape.of(3, 4, 5), 2f));
        NiftiVolume v = Nifti.read(p);
        assertArrayEquals(new int[] {3, 5, 4, 3, 1, 1, 1, 1}, v.header().dim());
        assertEquals(1f, v.header().pixdim()[1]);
        assertEquals("n+1", v.header().magic());
        assertEquals(352 + 60 * 4, Files.size(p));
    }

    private String error(ByteBuffer header, byte[] data) {
        return assertThrows(NiftiFormatException.class, () -> Nifti.read(file("bad.nii", header, data))).getMessage();
    }

    @Test
    void clearErrorsForBadFiles() throws IOException {
        ByteBuffer h = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 4, 4, 4}, 16, 32, 352, 1, 0);
        String truncated = error(h, new byte[100]);
        assertTrue(truncated.contains("truncated data") && truncated.contains("needs 256 bytes") && truncated.contains("only 100"),
                truncated);
        ByteBuffer rgb = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2, 2}, 128, 24, 352, 1, 0);
        assertTrue(error(rgb, new byte[24]).contains("datatype RGB24 (128) is not supported"));
        ByteBuffer bitpix = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2, 2}, 16, 16, 352, 1, 0);
        assertTrue(error(bitpix, new byte[32]).contains("bitpix 16 does not match datatype float32"));
        ByteBuffer size = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2, 2}, 16, 32, 352, 1, 0).putInt(0, 123);
        assertTrue(error(size, new byte[32]).contains("sizeof_hdr is 123"));
        ByteBuffer two = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2, 2}, 16, 32, 352, 1, 0).putInt(0, 540);
        assertTrue(error(two, new byte[32]).contains("NIfTI-2"));
        ByteBuffer dims = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 0, 2}, 16, 32, 352, 1, 0);
        assertTrue(error(dims, new byte[32]).contains("dim[2] is 0"));
        ByteBuffer pair = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2, 2}, 16, 32, 0, 1, 0);
        pair.put(345, (byte) 'i');
        assertTrue(error(pair, new byte[32]).contains("two-file NIfTI"));
        ByteBuffer analyze = header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2, 2}, 16, 32, 352, 1, 0);
        analyze.put(344, (byte) 0).put(345, (byte) 0).put(346, (byte) 0);
        assertTrue(error(analyze, new byte[32]).contains("ANALYZE"));
        String shortFile = assertThrows(NiftiFormatException.class, () -> {
            Path p = dir.resolve("short.nii");
            Files.write(p, new byte[40]);
            Nifti.read(p);
        }).getMessage();
        assertTrue(shortFile.contains("shorter than a NIfTI-1 header"), shortFile);
    }

    @Test
    void sevenDimensionsOf32767OverflowNoCounter() throws IOException {
        int[] dim = {7, 32767, 32767, 32767, 32767, 32767, 32767, 32767};
        for (String name : new String[] {"huge.nii", "huge.nii.gz"}) {
            String message = error(name, header(ByteOrder.LITTLE_ENDIAN, dim, 16, 32, 352, 1, 0), new byte[64]);
            assertTrue(message.contains("describes more than 9223372036854775807 bytes"), message);
        }
    }

    @Test
    void aSmallGzipClaimingAHugeVolumeIsRefusedBeforeAllocating() throws IOException {
        // 1.9 KB of gzip claiming 700^3 float32 (1.37 GB): the reader allocated it all first
        String message = error("claims.nii.gz", header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 700, 700, 700}, 16, 32,
                352, 1, 0), new byte[1500]);
        assertTrue(message.contains("truncated or forged") && message.contains("more than"), message);
        // a megabyte of incompressible data claiming 1024^3 float32 (4 GiB): more than any gzip of its size holds
        byte[] noise = new byte[1 << 20];
        new java.util.Random(7).nextBytes(noise);
        String big = error("noise.nii.gz", header(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1024, 1024, 1024}, 16, 32,
                352, 1, 0), noise);
        assertTrue(big.contains("truncated or forged"), big);
    }

    @Test
    void aBadGzipChecksumIsAnError() throws IOException {
        ByteBuffer f32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
        Path p = file("crc.nii.gz", header(ByteOrder.LITTLE_ENDIAN, new int[] {2, 2, 1}, 16, 32, 352, 1, 0), f32.array());
        byte[] bytes = Files.readAllBytes(p);
        bytes[bytes.length - 8] ^= 0x55; // the CRC-32 in the gzip trailer
        Files.write(p, bytes);
        String message = assertThrows(NiftiFormatException.class, () -> Nifti.read(p)).getMessage();
        assertTrue(message.startsWith(p + ": corrupt or truncated gzip data"), message);
    }

    private String error(String name, ByteBuffer header, byte[] data) throws IOException {
        Path p = file(name, header, data);
        NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> Nifti.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage();
    }
}
