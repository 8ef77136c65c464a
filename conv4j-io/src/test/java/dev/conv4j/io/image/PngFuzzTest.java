package dev.conv4j.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link Png} differentially: any bytes it reads as an image, ImageIO must read as the same
 * samples. (That nothing crashes, hangs or over-allocates on any bytes is {@code
 * ReadersFuzzTest#image}'s, which reads through {@link Images}.) {@code bin/test} replays the
 * corpus; {@code bin/fuzz conv4j-io PngFuzzTest#readsAsImageIoReads 10} fuzzes it.
 */
class PngFuzzTest {
    /** Headers beyond this many pixels are refused, as {@link Images} refuses what the heap cannot hold. */
    private static final long MAX_PIXELS = 1 << 20;

    /** Seeds: every common form, written by conv4j and by ImageIO (whose rows use all five filters). */
    @BeforeAll
    static void seedCorpus() throws IOException {
        if (System.getenv("JAZZER_FUZZ") == null) {
            return;
        }
        Path corpus = Path.of(".cifuzz-corpus", PngFuzzTest.class.getName(), "readsAsImageIoReads");
        Files.createDirectories(corpus);
        int n = 0;
        for (ImageData img : PngTest.everyForm(new Random(3), 6, 4)) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            Png.write(img, png);
            Files.write(corpus.resolve("seed-conv4j-" + n), png.toByteArray());
            ByteArrayOutputStream byImageIo = new ByteArrayOutputStream();
            ImageIO.write(Images.toBufferedImage(img), "png", byImageIo);
            Files.write(corpus.resolve("seed-imageio-" + n++), byImageIo.toByteArray());
        }
    }

    /**
     * Every chunk's CRC made right first: a mutation inside a chunk would otherwise only ever
     * reach the checksum test, and the reader's code behind it would go unfuzzed.
     */
    @FuzzTest(maxDuration = "10s")
    void readsAsImageIoReads(byte[] data) throws IOException {
        fixChecksums(data);
        Optional<ImageData> direct;
        try {
            direct = Png.read(data, (w, h, bands, sampleBytes) -> {
                if ((long) w * h > MAX_PIXELS) {
                    throw new ImageFormatException("fuzz.png", "larger than the fuzz target reads");
                }
            });
        } catch (ImageFormatException tooLarge) {
            return;
        }
        if (direct.isEmpty()) {
            return;
        }
        BufferedImage image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(data)));
        assertNotNull(image, "ImageIO reads no image from what Png read");
        ImageData expected = Images.fromBufferedImage(image, "fuzz.png");
        ImageData actual = direct.get();
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        assertEquals(expected.channels(), actual.channels());
        assertEquals(expected.bitDepth(), actual.bitDepth());
        assertArrayEquals(expected.samples(), actual.samples());
        assertArrayEquals(expected.alpha(), actual.alpha());
    }

    private static void fixChecksums(byte[] data) {
        ByteBuffer file = ByteBuffer.wrap(data);
        int at = Png.SIGNATURE.length;
        while (at + 12 <= data.length) {
            int length = file.getInt(at);
            if (length < 0 || length > data.length - at - 12) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(data, at + 4, 4 + length);
            file.putInt(at + 8 + length, (int) crc.getValue());
            at += 12 + length;
        }
    }
}
