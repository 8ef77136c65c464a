package dev.conv4j.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path dir;

    private static float[] ramp(int n, int max) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 7919L) % (max + 1);
        }
        return v;
    }

    @Test
    void bytesInMemoryDecodeAsTheFileReads() throws IOException {
        ImageData img = new ImageData(5, 4, 3, 8, ramp(5 * 4 * 3, 255), null);
        Path p = dir.resolve("rgb.png");
        Images.write(p, img);
        ImageData decoded = Images.decode(Files.readAllBytes(p), "upload");
        assertArrayEquals(Images.read(p).samples(), decoded.samples());
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Images.decode("not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "upload"));
        assertEquals("upload: not an image conv4j reads (PNG or JPEG expected; the file starts with bytes"
                + " 6e 6f 74 20 61 6e 20 69)", e.getMessage());
    }

    @Test
    void pngRoundTripsEveryDepthAndLayout() throws IOException {
        int w = 13;
        int h = 7;
        for (int depth : new int[] {8, 16}) {
            int max = (1 << depth) - 1;
            for (int channels : new int[] {1, 3}) {
                for (boolean alpha : new boolean[] {false, true}) {
                    ImageData img = new ImageData(w, h, channels, depth, ramp(w * h * channels, max),
                            alpha ? ramp(w * h, max) : null);
                    Path p = dir.resolve("i" + depth + channels + alpha + ".png");
                    Images.write(p, img);
                    ImageData back = Images.read(p);
                    assertEquals(depth, back.bitDepth(), img.toString());
                    assertEquals(channels, back.channels(), img.toString());
                    assertArrayEquals(img.samples(), back.samples(), img.toString());
                    assertArrayEquals(img.alpha(), back.alpha(), img.toString());
                }
            }
        }
    }

    @Test
    void writingRoundsHalfToEvenAndClips() throws IOException {
        ImageData img = new ImageData(4, 1, 1, 8, new float[] {-3, 2.5f, 3.5f, 300}, null);
        Path p = dir.resolve("clip.png");
        Images.write(p, img);
        assertArrayEquals(new float[] {0, 2, 4, 255}, Images.read(p).samples());
    }

    @Test
    void paletteImagesBecomeGreyOrRgb() throws IOException {
        byte[] grey = {0, (byte) 128, (byte) 255};
        IndexColorModel greyPalette = new IndexColorModel(8, 3, grey, grey, grey);
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, greyPalette);
        g.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 1, 0});
        Path p = dir.resolve("pal.png");
        ImageIO.write(g, "png", p.toFile());
        ImageData gi = Images.read(p);
        assertEquals(1, gi.channels());
        assertArrayEquals(new float[] {255, 128, 0}, gi.samples());
        byte[] r = {(byte) 255, 0};
        byte[] gg = {0, (byte) 255};
        byte[] b = {0, 0};
        BufferedImage c = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 2, r, gg, b));
        c.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 0});
        ImageIO.write(c, "png", p.toFile());
        ImageData ci = Images.read(p);
        assertEquals(3, ci.channels());
        assertArrayEquals(new float[] {0, 255, 0, 255, 0, 0}, ci.samples());
    }

    @Test
    void jpegIsReadAsRgbCloseToWhatWasWritten() throws IOException {
        float[] flat = new float[16 * 16 * 3];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i % 3 == 0 ? 200 : i % 3 == 1 ? 100 : 50;
        }
        Path p = dir.resolve("x.jpg");
        Images.write(p, new ImageData(16, 16, 3, 8, flat, null));
        ImageData back = Images.read(p);
        assertEquals(3, back.channels());
        assertEquals(8, back.bitDepth());
        for (int i = 0; i < flat.length; i++) {
            assertEquals(flat[i], back.samples()[i], 4, "pixel component " + i);
        }
    }

    @Test
    void clearErrorsForFilesThatAreNotImages() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "hello, not a picture");
        String m = assertThrows(ImageFormatException.class, () -> Images.read(text)).getMessage();
        assertTrue(m.contains("not an image conv4j reads") && m.contains("68 65 6c 6c"), m);
        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(ImageFormatException.class, () -> Images.read(empty)).getMessage().contains("empty file"));
        Path png = dir.resolve("ok.png");
        Images.write(png, new ImageData(64, 64, 3, 8, ramp(64 * 64 * 3, 255), null));
        byte[] bytes = Files.readAllBytes(png);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        String truncated = assertThrows(ImageFormatException.class, () -> Images.read(cut)).getMessage();
        assertTrue(truncated.contains("corrupt or truncated PNG"), truncated);
        String ext = assertThrows(ImageFormatException.class,
                () -> Images.write(dir.resolve("x.bmp"), new ImageData(1, 1, 1, 8, new float[1], null))).getMessage();
        assertTrue(ext.contains(".png, .jpg or .jpeg"), ext);
        assertFalse(Files.exists(dir.resolve("x.bmp")));
    }

    /** A PNG chunk: length, type, data, CRC-32 of type and data. */
    private static byte[] chunk(String type, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        return b.putInt((int) crc.getValue()).array();
    }

    @Test
    void aHugePngIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        // the attack: 20000^2 RGBA16 in a small file; its IHDR alone says how much it would take
        for (int side : new int[] {20000, 46341}) {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            byte[] ihdr = java.nio.ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 16).put((byte) 6)
                    .array();
            png.write(chunk("IHDR", ihdr));
            png.write(chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00}));
            png.write(chunk("IEND", new byte[0]));
            Path p = dir.resolve("huge.png");
            Files.write(p, png.toByteArray());
            long start = System.nanoTime();
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> Images.read(p));
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            String expected = side == 20000 ? "truncated or forged: 20000x20000 pixels cannot come from " : "PNG image of";
            assertTrue(e.getMessage().startsWith(p + ": " + expected), e.getMessage());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused without decoding");
        }
    }

    @Test
    void truncatedJpegAndPngAreErrors() throws IOException {
        ImageData img = new ImageData(64, 48, 3, 8, ramp(64 * 48 * 3, 255), null);
        for (String name : new String[] {"cut.jpg", "cut.png"}) {
            Path p = dir.resolve(name);
            Images.write(p, img);
            byte[] whole = Files.readAllBytes(p);
            Files.write(p, Arrays.copyOf(whole, whole.length * 2 / 3));
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> Images.read(p));
            assertTrue(e.getMessage().startsWith(p + ": corrupt or truncated "), e.getMessage());
        }
    }
}
