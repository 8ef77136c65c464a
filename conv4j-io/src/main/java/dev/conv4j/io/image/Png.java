package dev.conv4j.io.image;

import dev.conv4j.io.InsufficientHeapException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * PNG's common forms read and written directly: grey, grey + alpha, RGB and RGBA with 8 or 16
 * bits per sample, not interlaced, the pixels inflated and deflated by {@code java.util.zip}
 * (the platform's zlib). ImageIO's PNG codec reads and writes the same files, but in a fresh JVM
 * it first loads its plug-in registry and then runs its row filters interpreted, which took
 * several times the rest of a one-off {@code conv4j filter image}.
 *
 * <p>Reading keeps ImageIO's answer for everything else: a file with a palette, 1-, 2- or 4-bit
 * samples, interlacing, a transparent colour ({@code tRNS}, which ImageIO turns into an alpha
 * channel), an ICC profile or any chunk not listed here, and a file this reader finds damaged
 * (a bad checksum, a short or unknown row), is left to ImageIO, so that what such files decode
 * to, and how a damaged one is reported, does not depend on this class.
 */
final class Png {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Files larger than this are streamed through ImageIO rather than held whole in memory. */
    static final int MAX_DIRECT_BYTES = 64 << 20;
    /** Chunks that do not change the samples ImageIO reads: colour hints, text, time, resolution. */
    private static final Set<String> NEUTRAL_CHUNKS = Set.of("gAMA", "cHRM", "sRGB", "pHYs", "tEXt", "zTXt", "iTXt",
            "tIME", "bKGD", "sBIT");
    private static final int GREY = 0;
    private static final int RGB = 2;
    private static final int GREY_ALPHA = 4;
    private static final int RGBA = 6;
    private static final int IDAT_BYTES = 1 << 16;
    /** zlib's level 3 with its strategy for filtered image rows: close to level 6's size in a third of its time. */
    private static final int DEFLATE_LEVEL = 3;

    private Png() {
    }

    /** What the header says, checked before anything is inflated. */
    interface SizeCheck {
        void check(int width, int height, int bands, int sampleBytes) throws ImageFormatException, InsufficientHeapException;
    }

    /**
     * The image, if {@code file} is a PNG of a common form and intact; empty for ImageIO to read.
     * {@code sizes} may refuse it from its header (too large, or more pixels than its bytes hold).
     */
    static Optional<ImageData> read(byte[] file, SizeCheck sizes) throws ImageFormatException, InsufficientHeapException {
        ByteBuffer in = ByteBuffer.wrap(file);
        if (file.length < SIGNATURE.length + 25 || !Arrays.equals(file, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            return Optional.empty();
        }
        in.position(SIGNATURE.length);
        if (in.getInt() != 13 || !type(in).equals("IHDR") || !crcMatches(file, in.position() - 4, 13)) {
            return Optional.empty();
        }
        int width = in.getInt();
        int height = in.getInt();
        int depth = in.get();
        int colourType = in.get();
        int compression = in.get();
        int filterMethod = in.get();
        int interlace = in.get();
        in.getInt();
        int channels = switch (colourType) {
            case GREY -> 1;
            case RGB -> 3;
            case GREY_ALPHA -> 2;
            case RGBA -> 4;
            default -> 0;
        };
        if (channels == 0 || (depth != 8 && depth != 16) || compression != 0 || filterMethod != 0 || interlace != 0
                || width <= 0 || height <= 0) {
            return Optional.empty();
        }
        int sampleBytes = depth / 8;
        sizes.check(width, height, channels, sampleBytes);
        int pixelBytes = channels * sampleBytes;
        long rowBytes = (long) width * pixelBytes;
        long rawBytes = (rowBytes + 1) * height;
        if (rawBytes > Integer.MAX_VALUE - 8) {
            return Optional.empty();
        }
        byte[] raw = new byte[(int) rawBytes];
        Inflater inflater = new Inflater();
        try {
            if (!inflate(in, file, inflater, raw)) {
                return Optional.empty();
            }
        } catch (DataFormatException corrupt) {
            return Optional.empty();
        } finally {
            inflater.end();
        }
        if (!unfilter(raw, (int) rowBytes, height, pixelBytes)) {
            return Optional.empty();
        }
        return Optional.of(samples(raw, width, height, channels, sampleBytes));
    }

    /**
     * Inflates the IDAT chunks into {@code raw}, which they must fill exactly with a stream that
     * ends there, and checks that only neutral chunks come before them and after them up to IEND.
     */
    private static boolean inflate(ByteBuffer in, byte[] file, Inflater inflater, byte[] raw) throws DataFormatException {
        byte[] beyond = new byte[1];
        int filled = 0;
        boolean seenData = false;
        boolean dataEnded = false;
        while (in.remaining() >= 12) {
            int length = in.getInt();
            String type = type(in);
            if (length < 0 || length > in.remaining() - 4 || !crcMatches(file, in.position() - 4, length)) {
                return false;
            }
            int data = in.position();
            in.position(data + length + 4);
            if (type.equals("IEND")) {
                return filled == raw.length && inflater.finished();
            } else if (type.equals("IDAT")) {
                if (dataEnded) {
                    return false;
                }
                seenData = true;
                inflater.setInput(file, data, length);
                // past the rows, the stream must end (its checksum checked) without another byte
                while (!inflater.needsInput() && !inflater.finished()) {
                    boolean rowsLeft = filled < raw.length;
                    int n = rowsLeft ? inflater.inflate(raw, filled, raw.length - filled) : inflater.inflate(beyond);
                    if (!rowsLeft && n > 0 || n == 0 && !inflater.needsInput() && !inflater.finished()) {
                        return false;
                    }
                    filled += n;
                }
            } else if (NEUTRAL_CHUNKS.contains(type)) {
                dataEnded = seenData;
            } else {
                return false;
            }
        }
        return false;
    }

    /**
     * Undoes each row's filter in place; false for an unknown filter type. The first
     * {@code pixelBytes} of a row have no left neighbour and the first row no row above (both
     * zero), so those are handled apart and the loops over the rest stay free of tests: in a fresh
     * JVM they run interpreted for a good part of an image.
     */
    private static boolean unfilter(byte[] raw, int rowBytes, int height, int pixelBytes) {
        byte[] zeros = new byte[rowBytes];
        for (int y = 0; y < height; y++) {
            int row = y * (rowBytes + 1) + 1;
            byte[] aboveRow = y == 0 ? zeros : raw;
            int above = y == 0 ? 0 : row - rowBytes - 1;
            int first = Math.min(pixelBytes, rowBytes);
            switch (raw[row - 1]) {
                case 0 -> { }
                case 1 -> {
                    for (int i = row + first, end = row + rowBytes; i < end; i++) {
                        raw[i] += raw[i - pixelBytes];
                    }
                }
                case 2 -> {
                    for (int i = 0; i < rowBytes; i++) {
                        raw[row + i] += aboveRow[above + i];
                    }
                }
                case 3 -> {
                    for (int i = 0; i < first; i++) {
                        raw[row + i] += (byte) ((aboveRow[above + i] & 0xff) >>> 1);
                    }
                    for (int i = first; i < rowBytes; i++) {
                        raw[row + i] += (byte) (((raw[row + i - pixelBytes] & 0xff) + (aboveRow[above + i] & 0xff)) >>> 1);
                    }
                }
                case 4 -> {
                    for (int i = 0; i < first; i++) {
                        raw[row + i] += aboveRow[above + i];
                    }
                    for (int i = first; i < rowBytes; i++) {
                        raw[row + i] += (byte) paeth(raw[row + i - pixelBytes] & 0xff, aboveRow[above + i] & 0xff,
                                aboveRow[above + i - pixelBytes] & 0xff);
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** PNG's Paeth predictor: of left, up and up-left, the nearest to {@code left + up - upLeft}. */
    static int paeth(int left, int up, int upLeft) {
        int p = left + up - upLeft;
        int toLeft = Math.abs(p - left);
        int toUp = Math.abs(p - up);
        int toUpLeft = Math.abs(p - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static ImageData samples(byte[] raw, int width, int height, int channels, int sampleBytes) {
        int colour = channels == 2 || channels == 4 ? channels - 1 : channels;
        boolean alpha = colour != channels;
        float[] samples = new float[width * height * colour];
        float[] alphaPlane = alpha ? new float[width * height] : null;
        int rowBytes = width * channels * sampleBytes;
        for (int y = 0; y < height; y++) {
            int at = y * (rowBytes + 1) + 1;
            int pixel = y * width;
            if (!alpha && sampleBytes == 1) {
                for (int i = 0, out = pixel * colour; i < rowBytes; i++) {
                    samples[out + i] = raw[at + i] & 0xff;
                }
                continue;
            }
            for (int x = 0; x < width; x++, pixel++) {
                for (int c = 0; c < channels; c++, at += sampleBytes) {
                    int v = sampleBytes == 1 ? raw[at] & 0xff : (raw[at] & 0xff) << 8 | raw[at + 1] & 0xff;
                    if (c < colour) {
                        samples[pixel * colour + c] = v;
                    } else {
                        alphaPlane[pixel] = v;
                    }
                }
            }
        }
        return new ImageData(width, height, colour, sampleBytes * 8, samples, alphaPlane);
    }

    /**
     * Writes {@code img} as a PNG of its depth and channels, samples rounded half to even and
     * clipped to {@code 0..max} ({@link Images#quantise}); every row with the "up" filter (the
     * difference from the row above), the cheapest of PNG's filters to compute, which a fresh
     * JVM runs interpreted for a good part of an image.
     */
    static void write(ImageData img, OutputStream out) throws IOException {
        int colour = img.channels();
        int channels = colour + (img.hasAlpha() ? 1 : 0);
        int sampleBytes = img.bitDepth() / 8;
        int colourType = colour == 1 ? (img.hasAlpha() ? GREY_ALPHA : GREY) : (img.hasAlpha() ? RGBA : RGB);
        out.write(SIGNATURE);
        writeChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(img.width()).putInt(img.height())
                .put((byte) img.bitDepth()).put((byte) colourType).put(new byte[3]).array(), 13);
        int width = img.width();
        int rowBytes = width * channels * sampleBytes;
        float[] samples = img.samples();
        float[] alphaPlane = img.alpha();
        byte[] above = new byte[rowBytes];
        byte[] row = new byte[rowBytes];
        byte[] filtered = new byte[rowBytes + 1];
        filtered[0] = 2;
        byte[] compressed = new byte[IDAT_BYTES];
        Deflater deflater = new Deflater(DEFLATE_LEVEL);
        deflater.setStrategy(Deflater.FILTERED);
        int max = img.maxValue();
        try {
            for (int y = 0; y < img.height(); y++) {
                if (alphaPlane == null && sampleBytes == 1) {
                    for (int i = 0, from = y * width * colour; i < rowBytes; i++) {
                        row[i] = (byte) Images.quantise(samples[from + i], max);
                    }
                } else {
                    int at = 0;
                    for (int x = 0, pixel = y * width; x < width; x++, pixel++) {
                        for (int c = 0; c < channels; c++) {
                            int v = Images.quantise(c < colour ? samples[pixel * colour + c] : alphaPlane[pixel], max);
                            if (sampleBytes == 2) {
                                row[at++] = (byte) (v >>> 8);
                            }
                            row[at++] = (byte) v;
                        }
                    }
                }
                for (int i = 0; i < rowBytes; i++) {
                    filtered[i + 1] = (byte) (row[i] - above[i]);
                }
                deflater.setInput(filtered);
                while (!deflater.needsInput()) {
                    emit(out, deflater, compressed);
                }
                byte[] t = above;
                above = row;
                row = t;
            }
            deflater.finish();
            while (!deflater.finished()) {
                emit(out, deflater, compressed);
            }
        } finally {
            deflater.end();
        }
        writeChunk(out, "IEND", new byte[0], 0);
    }

    /** Deflates into {@code buffer} and writes what came out as one IDAT chunk. */
    private static void emit(OutputStream out, Deflater deflater, byte[] buffer) throws IOException {
        int n = deflater.deflate(buffer);
        if (n > 0) {
            writeChunk(out, "IDAT", buffer, n);
        }
    }

    private static void writeChunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        out.write(ByteBuffer.allocate(8).putInt(length).put(name).array());
        out.write(data, 0, length);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static String type(ByteBuffer in) {
        byte[] name = new byte[4];
        in.get(name);
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    /** Whether the CRC after the chunk whose type starts at {@code typeAt} matches its type and {@code length} data bytes. */
    private static boolean crcMatches(byte[] file, int typeAt, int length) {
        int end = typeAt + 4 + length;
        if (end + 4 > file.length || end < 0) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(file, typeAt, 4 + length);
        return (int) crc.getValue() == ByteBuffer.wrap(file, end, 4).getInt();
    }
}
