package dev.conv4j.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Png} against the JDK's ImageIO, the reader it stands in for: whatever it reads must be
 * what ImageIO reads, and whatever it leaves must still be read, by ImageIO.
 */
class PngTest {
    private static final Png.SizeCheck ANY_SIZE = (w, h, bands, sampleBytes) -> { };

    @TempDir
    Path dir;

    /** Every common form: grey, grey + alpha, RGB, RGBA at 8 and 16 bits, random samples. */
    static List<ImageData> everyForm(Random random, int width, int height) {
        List<ImageData> forms = new ArrayList<>();
        for (int depth : new int[] {8, 16}) {
            for (int channels : new int[] {1, 3}) {
                for (boolean alpha : new boolean[] {false, true}) {
                    int max = (1 << depth) - 1;
                    float[] samples = new float[width * height * channels];
                    for (int i = 0; i < samples.length; i++) {
                        // smooth runs with noise: every filter type wins somewhere when ImageIO picks per row
                        samples[i] = random.nextInt(4) == 0 ? random.nextInt(max + 1) : (i * 37 / channels) % (max + 1);
                    }
                    float[] alphaPlane = null;
                    if (alpha) {
                        alphaPlane = new float[width * height];
                        for (int i = 0; i < alphaPlane.length; i++) {
                            alphaPlane[i] = random.nextInt(max + 1);
                        }
                    }
                    forms.add(new ImageData(width, height, channels, depth, samples, alphaPlane));
                }
            }
        }
        return forms;
    }

    private static ImageData byImageIo(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
        return Images.fromBufferedImage(image, "test");
    }

    private static byte[] byImageIoWriter(ImageData img, boolean interlaced) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(Images.toBufferedImage(img), null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] byPng(ImageData img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Png.write(img, out);
        return out.toByteArray();
    }

    private static void assertSame(ImageData expected, ImageData actual, String what) {
        assertEquals(expected.width(), actual.width(), what);
        assertEquals(expected.height(), actual.height(), what);
        assertEquals(expected.channels(), actual.channels(), what);
        assertEquals(expected.bitDepth(), actual.bitDepth(), what);
        assertArrayEquals(expected.samples(), actual.samples(), what);
        assertArrayEquals(expected.alpha(), actual.alpha(), what);
    }

    @Test
    void readsWhatImageIoWritesAsImageIoReadsIt() throws IOException {
        Random random = new Random(5);
        for (int[] size : new int[][] {{1, 1}, {17, 9}, {64, 33}}) {
            for (ImageData img : everyForm(random, size[0], size[1])) {
                byte[] png = byImageIoWriter(img, false);
                Optional<ImageData> direct = Png.read(png, ANY_SIZE);
                assertTrue(direct.isPresent(), img.toString());
                assertSame(byImageIo(png), direct.get(), img.toString());
                assertSame(img, direct.get(), img.toString());
            }
        }
    }

    @Test
    void imageIoReadsWhatItWritesAsWritten() throws IOException {
        Random random = new Random(6);
        for (ImageData img : everyForm(random, 31, 12)) {
            byte[] png = byPng(img);
            assertSame(img, byImageIo(png), img.toString());
            assertSame(img, Png.read(png, ANY_SIZE).orElseThrow(), img.toString());
        }
    }

    /** Each of PNG's five row filters, built by hand: ImageIO's writer chooses its own. */
    @Test
    void undoesEveryRowFilter() throws IOException {
        Random random = new Random(7);
        for (int depth : new int[] {8, 16}) {
            int width = 9;
            int height = 6;
            int pixelBytes = 4 * depth / 8;
            int rowBytes = width * pixelBytes;
            byte[][] rows = new byte[height][rowBytes];
            for (byte[] row : rows) {
                random.nextBytes(row);
            }
            for (int filter = 0; filter <= 4; filter++) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                for (int y = 0; y < height; y++) {
                    raw.write(filter);
                    for (int i = 0; i < rowBytes; i++) {
                        int left = i >= pixelBytes ? rows[y][i - pixelBytes] & 0xff : 0;
                        int up = y > 0 ? rows[y - 1][i] & 0xff : 0;
                        int upLeft = y > 0 && i >= pixelBytes ? rows[y - 1][i - pixelBytes] & 0xff : 0;
                        int predicted = switch (filter) {
                            case 0 -> 0;
                            case 1 -> left;
                            case 2 -> up;
                            case 3 -> (left + up) / 2;
                            default -> Png.paeth(left, up, upLeft);
                        };
                        raw.write((rows[y][i] - predicted) & 0xff);
                    }
                }
                byte[] png = png(width, height, depth, 6, deflate(raw.toByteArray()));
                ImageData direct = Png.read(png, ANY_SIZE).orElseThrow();
                assertSame(byImageIo(png), direct, "filter " + filter + ", " + depth + "-bit");
                int sampleBytes = depth / 8;
                for (int y = 0; y < height; y++) {
                    int x = width - 1;
                    int at = x * pixelBytes;
                    int red = sampleBytes == 1 ? rows[y][at] & 0xff : (rows[y][at] & 0xff) << 8 | rows[y][at + 1] & 0xff;
                    assertEquals(red, direct.sample(y, x, 0), "filter " + filter + " row " + y);
                }
            }
        }
    }

    /** Forms and files it does not read itself go to ImageIO, and read as ImageIO reads them. */
    @Test
    void leavesOtherFormsAndDamagedFilesToImageIo() throws IOException {
        ImageData rgb = everyForm(new Random(8), 12, 10).get(2);
        byte[] interlaced = byImageIoWriter(rgb, true);
        assertFalse(Png.read(interlaced, ANY_SIZE).isPresent(), "interlaced");
        Path file = dir.resolve("interlaced.png");
        Files.write(file, interlaced);
        assertSame(rgb, Images.read(file), "interlaced, through ImageIO");

        byte[] plain = byPng(rgb);
        byte[] transparentColour = withChunkAfterHeader(plain, "tRNS", new byte[] {0, 1, 0, 2, 0, 3});
        assertFalse(Png.read(transparentColour, ANY_SIZE).isPresent(), "tRNS");
        Files.write(file, transparentColour);
        assertTrue(Images.read(file).hasAlpha(), "ImageIO turns RGB with a transparent colour into RGBA");

        byte[] badChecksum = plain.clone();
        badChecksum[40] ^= 1;
        assertFalse(Png.read(badChecksum, ANY_SIZE).isPresent(), "a bad CRC");
        byte[] unknownFilter = png(1, 1, 8, 0, deflate(new byte[] {9, 42}));
        assertFalse(Png.read(unknownFilter, ANY_SIZE).isPresent(), "filter type 9");
        byte[] shortData = png(4, 4, 8, 0, deflate(new byte[] {0, 1, 2, 3, 4}));
        assertFalse(Png.read(shortData, ANY_SIZE).isPresent(), "too few rows");
        // the rows are whole, but the zlib stream goes on into an invalid back-reference (a fuzzer's find)
        byte[] corruptAfterTheRows = java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAYAAAAECAAAAACIbxGfAAAAAklEQVR4XhfOMrcAAAAjSURBVGNhUF15jEGV5ZZmlOquCSyP3ov0Md9juXfuC3/jSRCPRAvjh6E7qwAAAABJRU5ErkJggg==");
        assertFalse(Png.read(corruptAfterTheRows, ANY_SIZE).isPresent(), "a stream corrupt after the rows");
        byte[] extraRow = png(1, 1, 8, 0, deflate(new byte[] {0, 42, 0, 43}));
        assertFalse(Png.read(extraRow, ANY_SIZE).isPresent(), "more rows than the header says");
        byte[] privateChunk = withChunkAfterHeader(plain, "prVt", new byte[] {1});
        assertFalse(Png.read(privateChunk, ANY_SIZE).isPresent(), "an unknown chunk");
        byte[] withText = withChunkAfterHeader(plain, "tEXt", "Comment\0hi".getBytes(StandardCharsets.ISO_8859_1));
        assertSame(rgb, Png.read(withText, ANY_SIZE).orElseThrow(), "text does not change the samples");
    }

    @Test
    void theHeaderIsCheckedBeforeInflating() {
        byte[] huge = png(30000, 30000, 16, 6, deflate(new byte[0]));
        ImageFormatException refused = org.junit.jupiter.api.Assertions.assertThrows(ImageFormatException.class,
                () -> Png.read(huge, (w, h, bands, sampleBytes) -> {
                    assertEquals(30000, w);
                    assertEquals(4, bands);
                    assertEquals(2, sampleBytes);
                    throw new ImageFormatException("huge.png", "too large");
                }));
        assertEquals("huge.png: too large", refused.getMessage());
    }

    /** Python's PIL (Debian's python3-pil, which python3-skimage brings) reads what conv4j writes. */
    @Test
    void pilReadsWhatItWrites() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is not installed");
        List<ImageData> forms = everyForm(new Random(9), 7, 5);
        StringBuilder expected = new StringBuilder();
        List<String> args = new ArrayList<>(List.of("/usr/bin/python3", "-c", """
                import sys
                try:
                    from PIL import Image
                except ImportError:
                    print("no PIL"); sys.exit(0)
                for name in sys.argv[1:]:
                    im = Image.open(name)
                    print(im.mode, im.size[0], im.size[1], sum(im.getdata() if len(im.getbands()) == 1 else im.getdata(0)))
                """));
        for (int i = 0; i < forms.size(); i++) {
            ImageData img = forms.get(i);
            Path p = dir.resolve("f" + i + ".png");
            Images.write(p, img);
            args.add(p.toString());
            // PIL keeps 16 bits for grey alone; 16-bit colour or alpha it reads as 8 bits, the high byte
            int shift = img.bitDepth() == 16 && (img.channels() == 3 || img.hasAlpha()) ? 8 : 0;
            long first = 0;
            for (int pixel = 0; pixel < img.width() * img.height(); pixel++) {
                first += (long) img.samples()[pixel * img.channels()] >> shift;
            }
            expected.append(first).append('\n');
        }
        Process python = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!out.startsWith("no PIL"), "python3-pil is not installed");
        assertEquals(0, python.exitValue(), out);
        StringBuilder sums = new StringBuilder();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            assertEquals("7 5", f[1] + " " + f[2], line);
            sums.append(f[3]).append('\n');
        }
        assertEquals(expected.toString(), sums.toString(), out);
    }

    private static byte[] deflate(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] png(int width, int height, int depth, int colourType, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Png.SIGNATURE);
        out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) depth)
                .put((byte) colourType).put(new byte[3]).array()));
        out.writeBytes(chunk("IDAT", idat));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        return b.putInt((int) crc.getValue()).array();
    }

    /** {@code png} with one more chunk right after its 25-byte IHDR. */
    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.writeBytes(chunk(type, data));
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }
}
