package dev.conv4j.explain.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What decoding an upload may cost: the CPU budget of {@link FilterApi#downscaledGrey(byte[], long)}. */
class ImageDecodeBudgetTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SIDE = 4096;

    /**
     * The costliest image the server accepts: 4096² RGBA at 16 bits, every row Paeth-filtered
     * (the dearest filter to undo): 128 MiB of pixels from a zlib stream that fits the upload limit.
     */
    static byte[] largestPng() throws IOException {
        int rowBytes = SIDE * 8;
        byte[] row = new byte[1 + rowBytes];
        row[0] = 4; // Paeth
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] out = new byte[1 << 16];
        for (int y = 0; y < SIDE; y++) {
            java.util.Arrays.fill(row, 1, row.length, (byte) y);
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(out, 0, deflater.deflate(out));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(out, 0, deflater.deflate(out));
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.write(ExplainServerHardeningTest.chunk("IHDR", ByteBuffer.allocate(13).putInt(SIDE).putInt(SIDE)
                .put((byte) 16).put((byte) 6).array()));
        png.write(ExplainServerHardeningTest.chunk("IDAT", idat.toByteArray()));
        png.write(ExplainServerHardeningTest.chunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    /** A 4096² colour JPEG with fine detail (3 MB at ImageIO's default quality; the upload limit is 4 MiB). */
    static byte[] largestJpeg() throws IOException {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = (x ^ y) & 0xff;
                image.setRGB(x, y, v << 16 | ((x * y) >> 9 & 0xff) << 8 | (x + y) >> 5 & 0xff);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);
        return jpeg.toByteArray();
    }

    @Test
    void decodingPastItsCpuBudgetIsStopped() throws IOException {
        byte[] png = largestPng();
        ApiException refused = assertThrows(ApiException.class, () -> FilterApi.downscaledGrey(png, 1_000_000L));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("took more than 0.001 CPU-s and was stopped"), refused.getMessage());
    }

    @Test
    void anInterruptedDecodeIsStopped() throws IOException {
        byte[] png = largestPng();
        Thread.currentThread().interrupt();
        try {
            ApiException refused = assertThrows(ApiException.class, () -> FilterApi.downscaledGrey(png));
            assertEquals("decoding was stopped", refused.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    /** Also the measurement docs/reliability.md quotes: the CPU time each takes here. */
    @Test
    void theLargestImagesTheServerAcceptsDecodeWithinTheBudget() throws IOException {
        for (byte[] image : new byte[][] {largestPng(), largestJpeg()}) {
            assertTrue(image.length <= ExplainServer.MAX_UPLOAD_BYTES, image.length + " bytes");
            long start = THREADS.getCurrentThreadCpuTime();
            BufferedImage grey = FilterApi.downscaledGrey(image);
            double seconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
            assertEquals(FilterApi.MAX_SIDE, grey.getWidth());
            System.out.printf(Locale.ROOT, "decoding a %d-byte %dx%d %s took %.2f CPU-s (budget %.1f)%n", image.length,
                    SIDE, SIDE, image[0] == (byte) 0x89 ? "RGBA16 PNG" : "JPEG", seconds,
                    FilterApi.DECODE_CPU_NANOS / 1e9);
        }
    }
}
