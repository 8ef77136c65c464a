package dev.conv4j.io.image;

import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Gzip;
import dev.conv4j.io.HeapBudget;
import dev.conv4j.io.InsufficientHeapException;
import dev.conv4j.tensor.Tensor;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads PNG and JPEG images into {@link ImageData}, and writes PNG (8- or 16-bit, grey or RGB,
 * with or without alpha) and JPEG, in Java alone (no native code but the platform's zlib): PNGs
 * of the common forms through {@link Png}, everything else through the JDK's ImageIO.
 *
 * <p>What is read is the stored samples, without colour management: grey stays grey (1 channel),
 * palette images become grey when their palette is grey and RGB(A) otherwise, 16-bit PNGs keep
 * all 16 bits. Grey+alpha and RGBA keep their alpha apart from the colour.
 */
public final class Images {
    /**
     * The most pixels one byte of JPEG can describe: an 8x8 block whose coefficients are all
     * zero costs at least two bits (a DC difference of 0 and an end of block), so 256 pixels a
     * byte; a header that claims more describes a truncated or forged file.
     */
    private static final long JPEG_PIXELS_PER_BYTE = 256;
    /** Grey, grey+alpha, RGB or RGBA: at most four samples per pixel. */
    private static final int MAX_BANDS = 4;

    private Images() {
    }

    /** Reads a PNG or JPEG (the format is told from the content, not the name). */
    public static ImageData read(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size == 0) {
            throw new ImageFormatException(source, "empty file: not a PNG or JPEG image");
        }
        if (size <= Png.MAX_DIRECT_BYTES && startsAsPng(file)) {
            byte[] bytes = Files.readAllBytes(file);
            Optional<ImageData> png = readPng(bytes, source);
            if (png.isPresent()) {
                return png.get();
            }
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return read(in, source);
        }
    }

    /** Whether the file begins with PNG's signature: only then is it worth reading whole for {@link Png}. */
    private static boolean startsAsPng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(Png.SIGNATURE.length), Png.SIGNATURE);
        }
    }

    /** A PNG of a common form read directly ({@link Png}); empty for ImageIO. */
    private static Optional<ImageData> readPng(byte[] bytes, String source) throws IOException {
        return Png.read(bytes, (w, h, bands, sampleBytes) -> checkSize(w, h, bands, sampleBytes, bytes.length, "PNG", source));
    }

    /**
     * Decodes a PNG or JPEG held in memory (a file's bytes as Spark's {@code binaryFile} source
     * gives them); {@code source} names it in messages.
     */
    public static ImageData decode(byte[] bytes, String source) throws IOException {
        if (bytes.length == 0) {
            throw new ImageFormatException(source, "empty: not a PNG or JPEG image");
        }
        Optional<ImageData> png = readPng(bytes, source);
        if (png.isPresent()) {
            return png.get();
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return read(in, source);
        }
    }

    private static ImageData read(ImageInputStream in, String source) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageFormatException(source, "not an image conv4j reads (PNG or JPEG expected; the file starts"
                    + " with bytes " + firstBytes(in) + ")");
        }
        ImageReader reader = readers.next();
        String format = reader.getFormatName().toUpperCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        BufferedImage image;
        try {
            reader.setInput(in, true, true);
            checkSize(reader, source, format);
            reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
            image = reader.read(0);
        } catch (ImageFormatException | InsufficientHeapException refused) {
            throw refused;
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(source, "corrupt or truncated " + format + " image: " + e.getMessage());
        } finally {
            reader.dispose();
        }
        if (!warnings.isEmpty()) {
            // the JPEG decoder fills a cut-off image with grey and only warns ("Premature end of JPEG file")
            throw new ImageFormatException(source, "corrupt or truncated " + format + " image: "
                    + String.join("; ", warnings));
        }
        return fromBufferedImage(image, source);
    }

    /**
     * Refuses, from the header's width and height and before any pixel is decoded, an image whose
     * decoded raster and float samples would not fit in one array or in the heap.
     */
    private static void checkSize(ImageReader reader, String source, String format) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        long storedBytes = reader.getInput() instanceof ImageInputStream in && in.length() > 0 ? in.length() : -1;
        checkSize(reader.getWidth(0), reader.getHeight(0), raw == null ? MAX_BANDS : raw.getNumBands(),
                raw == null ? 2 : (raw.getSampleModel().getSampleSize(0) + 7) / 8, storedBytes, format, source);
    }

    /** {@link #checkSize(ImageReader, String, String)} from the header's figures; {@code storedBytes} -1 when unknown. */
    private static void checkSize(int w, int h, int bands, int sampleBytes, long storedBytes, String format, String source)
            throws ImageFormatException, InsufficientHeapException {
        long pixels = (long) w * h;
        if (w <= 0 || h <= 0 || pixels * MAX_BANDS > Tensor.MAX_ELEMENTS) {
            throw new ImageFormatException(source, format + " image of " + w + "x" + h + " pixels is larger than"
                    + " conv4j reads (at most " + Tensor.MAX_ELEMENTS / MAX_BANDS + " pixels)");
        }
        // a PNG pixel takes at least a bit of inflated data (1-bit grey), a byte of it at most 1032 stored bytes' worth
        long maxPixels = format.equals("PNG") ? HeapBudget.saturatedProduct(8, Gzip.maxDecompressedBytes(storedBytes))
                : HeapBudget.saturatedProduct(JPEG_PIXELS_PER_BYTE, storedBytes);
        if (storedBytes > 0 && pixels > maxPixels) {
            throw new ImageFormatException(source, "truncated or forged: " + w + "x" + h + " pixels cannot come from "
                    + storedBytes + " bytes of " + format);
        }
        HeapBudget.require(pixels * bands * (sampleBytes + Float.BYTES), source,
                "the decoded " + w + "x" + h + " " + format + " image and its samples");
    }

    private static String firstBytes(ImageInputStream in) throws IOException {
        in.seek(0);
        byte[] head = new byte[8];
        int n = Math.max(0, in.read(head));
        return HexFormat.ofDelimiter(" ").formatHex(head, 0, n);
    }

    /** The samples of a decoded image, as {@link #read} describes. */
    public static ImageData fromBufferedImage(BufferedImage image, String source) throws ImageFormatException {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(image, icm, w, h);
        }
        int bands = raster.getNumBands();
        int colour = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        int bits = raster.getSampleModel().getSampleSize(0);
        if (!(cm instanceof ComponentColorModel) || (colour != 1 && colour != 3) || bands != colour + (alpha ? 1 : 0)
                || (bits != 8 && bits != 16)) {
            if (cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK || colour == 4) {
                throw new ImageFormatException(source, "CMYK images are not supported: convert to RGB first");
            }
            // anything else ImageIO hands back (packed RGB, odd depths): through its sRGB view, 8-bit
            return fromArgb(image, w, h);
        }
        float[] samples = new float[w * h * colour];
        float[] alphaPlane = alpha ? new float[w * h] : null;
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < colour; c++) {
                    samples[(y * w + x) * colour + c] = row[x * bands + c];
                }
                if (alpha) {
                    alphaPlane[y * w + x] = row[x * bands + colour];
                }
            }
        }
        return new ImageData(w, h, colour, bits, samples, alphaPlane);
    }

    private static ImageData fromPalette(BufferedImage image, IndexColorModel icm, int w, int h) {
        boolean grey = true;
        for (int i = 0; i < icm.getMapSize(); i++) {
            grey &= icm.getRed(i) == icm.getGreen(i) && icm.getGreen(i) == icm.getBlue(i);
        }
        boolean alpha = icm.hasAlpha();
        int channels = grey ? 1 : 3;
        float[] samples = new float[w * h * channels];
        float[] alphaPlane = alpha ? new float[w * h] : null;
        Raster raster = image.getRaster();
        int[] index = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, index);
            for (int x = 0; x < w; x++) {
                int i = index[x];
                int p = (y * w + x) * channels;
                if (grey) {
                    samples[p] = icm.getRed(i);
                } else {
                    samples[p] = icm.getRed(i);
                    samples[p + 1] = icm.getGreen(i);
                    samples[p + 2] = icm.getBlue(i);
                }
                if (alpha) {
                    alphaPlane[y * w + x] = icm.getAlpha(i);
                }
            }
        }
        return new ImageData(w, h, channels, 8, samples, alphaPlane);
    }

    private static ImageData fromArgb(BufferedImage image, int w, int h) {
        boolean alpha = image.getColorModel().hasAlpha();
        float[] samples = new float[w * h * 3];
        float[] alphaPlane = alpha ? new float[w * h] : null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int p = (y * w + x) * 3;
                samples[p] = (argb >> 16) & 0xff;
                samples[p + 1] = (argb >> 8) & 0xff;
                samples[p + 2] = argb & 0xff;
                if (alpha) {
                    alphaPlane[y * w + x] = argb >>> 24;
                }
            }
        }
        return new ImageData(w, h, 3, 8, samples, alphaPlane);
    }

    /**
     * The image as a {@link BufferedImage} of its own depth and channels. Samples are rounded to
     * the nearest integer (half to even) and clipped to {@code 0..maxValue}.
     */
    public static BufferedImage toBufferedImage(ImageData img) {
        int bands = img.channels() + (img.hasAlpha() ? 1 : 0);
        int type = img.bitDepth() == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ColorSpace cs = ColorSpace.getInstance(img.channels() == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ColorModel cm = new ComponentColorModel(cs, img.hasAlpha(), false,
                img.hasAlpha() ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
        WritableRaster raster = Raster.createInterleavedRaster(type, img.width(), img.height(), bands, null);
        int w = img.width();
        int[] row = new int[w * bands];
        int max = img.maxValue();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < img.channels(); c++) {
                    row[x * bands + c] = quantise(img.samples()[(y * w + x) * img.channels() + c], max);
                }
                if (img.hasAlpha()) {
                    row[x * bands + img.channels()] = quantise(img.alpha()[y * w + x], max);
                }
            }
            raster.setPixels(0, y, w, 1, row);
        }
        return new BufferedImage(cm, raster, false, null);
    }

    static int quantise(float v, int max) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return (int) Math.max(0, Math.min(max, Math.rint(v)));
    }

    /**
     * Writes a PNG of the image's depth (8 or 16 bits) and channels (grey, grey+alpha, RGB,
     * RGBA), or a JPEG (8-bit, alpha dropped, quality 95) when the name ends in .jpg/.jpeg.
     * Atomic: the file appears whole or not at all.
     */
    public static void write(Path file, ImageData img) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            writeJpeg(file, img);
        } else if (name.endsWith(".png")) {
            AtomicFiles.write(file, out -> Png.write(img, out));
        } else {
            throw new ImageFormatException(file.toString(), "unknown image type: the name must end in .png, .jpg or .jpeg");
        }
    }

    /** Writes any BufferedImage as PNG, atomically. */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            // in memory: ImageIO would otherwise buffer an output stream through a temporary file
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(image);
            } finally {
                writer.dispose();
            }
        });
    }

    private static void writeJpeg(Path file, ImageData img) throws IOException {
        ImageData eight = img;
        if (img.bitDepth() == 16 || img.hasAlpha()) {
            float[] s = img.samples().clone();
            if (img.bitDepth() == 16) {
                for (int i = 0; i < s.length; i++) {
                    s[i] = s[i] / 257f;
                }
            }
            eight = new ImageData(img.width(), img.height(), img.channels(), 8, s, null);
        }
        BufferedImage image = toBufferedImage(eight);
        AtomicFiles.write(file, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.95f);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }
}
