package dev.conv4j.explain.web;

import dev.conv4j.Conv;
import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Mark;
import dev.conv4j.filters.FilterKernel;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.Stencil;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.filters.ToneMap;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * {@code POST /api/filter/image} and {@code /api/filter/signal}: the user's data convolved by
 * conv4j with named kernels of the filters' catalogue ({@link Kernels}, the same names and weights
 * as {@code conv4j filter}), one output channel per kernel: the kernels are stacked as the
 * filter's output channels, so they must have one size.
 *
 * <p>Bounded: the upload's bytes (by the server), the decoded image's size before its pixels are
 * read ({@link #MAX_DECODED_PIXELS}), the CPU time its decoding may take ({@link #DECODE_CPU_NANOS}),
 * the image is downscaled to at most {@link #MAX_SIDE} pixels a side, and a signal has at most
 * {@link #MAX_SAMPLES} samples. The server runs this on its compute pool within a time limit and
 * cancels it when the client leaves; an image decoder aborts at its next row once its thread is
 * interrupted or its budget spent.
 */
final class FilterApi {
    static final int MAX_SIDE = 256;
    static final int MAX_DECODED_SIDE = 12_000;
    /**
     * Every stored pixel is inflated even when subsampling, so this bounds the CPU an upload
     * costs well inside {@link #DECODE_CPU_NANOS} (docs/reliability.md gives the figures).
     */
    static final long MAX_DECODED_PIXELS = 4096L * 4096;
    static final int MAX_SAMPLES = 100_000;
    static final int MAX_PLOTTED = 1_000;
    /**
     * The CPU time (of the decoding thread) one image may take to decode: a bound on what any
     * upload costs, abandoned or not, whatever the time limit and the machine's load.
     */
    static final long DECODE_CPU_NANOS = 1_000_000_000L;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();

    private FilterApi() {
    }

    static Map<String, Object> image(byte[] upload, Query q) {
        List<Stencil> kernels = choose(q.words("kernels", "edge,box:3,sharpen"), 2);
        Padding padding = imagePadding(q.text("padding", "SAME"));
        int stride = q.integer("stride", 1, 1, 8);
        return image(upload, kernels, padding, stride);
    }

    private static Map<String, Object> image(byte[] upload, List<Stencil> kernels, Padding padding, int stride) {
        BufferedImage grey = downscaledGrey(upload);
        int h = grey.getHeight();
        int w = grey.getWidth();
        float[] pixels = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (grey.getRGB(x, y) & 0xff) / 255f;
            }
        }
        Tensor input = Tensor.wrap(Shape.of(1, h, w, 1), pixels);
        Tensor filter = filterOf(kernels);
        ConvSpec spec = ConvSpec.builder(2).padding(padding).strides(stride).build();
        long start = System.nanoTime();
        Tensor output = Conv.forward(spec, input, filter);
        long micros = (System.nanoTime() - start) / 1000;
        int oh = output.shape().dim(1);
        int ow = output.shape().dim(2);
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int c = 0; c < kernels.size(); c++) {
            float[] channel = new float[oh * ow];
            for (int i = 0; i < channel.length; i++) {
                channel[i] = output.data()[i * kernels.size() + c];
            }
            Map<String, Object> map = describe(kernels.get(c));
            float[] range = ToneMap.range(channel);
            map.put("min", range[0]);
            map.put("max", range[1]);
            map.put("png", dataUrl(new Mark.Pixels(0, 0, ow, oh, ow, oh, Mark.Pixels.stretchedGrey(channel),
                    Attributes.NONE).image()));
            maps.add(map);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("problem", spec.geometry(input.shape(), filter.shape()).problem());
        json.put("inputShape", input.shape().dims());
        json.put("filterShape", filter.shape().dims());
        json.put("outputShape", output.shape().dims());
        json.put("input", dataUrl(grey));
        json.put("maps", maps);
        json.put("scaling", "each map is stretched from its minimum (black) to its maximum (white)");
        json.put("micros", micros);
        return json;
    }

    static Map<String, Object> signal(byte[] upload, Query q) {
        List<Stencil> kernels = choose(q.words("kernels", "uniform,centre-weighted,edge-weighted"), 1);
        Padding padding = Padding.parse(q.text("padding", "SAME").matches("(?i)same|valid|causal")
                ? q.text("padding", "SAME") : "SAME");
        return signal(upload, kernels, padding);
    }

    private static Map<String, Object> signal(byte[] upload, List<Stencil> kernels, Padding padding) {
        float[] samples = parseSignal(new String(upload, StandardCharsets.UTF_8));
        Tensor input = Tensor.wrap(Shape.of(1, samples.length, 1), samples);
        Tensor filter = filterOf(kernels);
        ConvSpec spec = ConvSpec.builder(1).padding(padding).build();
        long start = System.nanoTime();
        Tensor output = Conv.forward(spec, input, filter);
        long micros = (System.nanoTime() - start) / 1000;
        int length = output.shape().dim(1);
        int step = Math.max(1, (Math.max(samples.length, length) + MAX_PLOTTED - 1) / MAX_PLOTTED);
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (int c = 0; c < kernels.size(); c++) {
            float[] channel = new float[length];
            for (int i = 0; i < length; i++) {
                channel[i] = output.data()[i * kernels.size() + c];
            }
            Map<String, Object> out = describe(kernels.get(c));
            out.put("values", every(channel, step));
            outputs.add(out);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("problem", spec.geometry(input.shape(), filter.shape()).problem());
        json.put("inputShape", input.shape().dims());
        json.put("filterShape", filter.shape().dims());
        json.put("outputShape", output.shape().dims());
        json.put("step", step);
        json.put("input", every(samples, step));
        json.put("outputs", outputs);
        json.put("micros", micros);
        return json;
    }

    private static Padding imagePadding(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (!t.equals("SAME") && !t.equals("VALID")) {
            throw ApiException.badRequest("padding", "padding '" + text + "' must be SAME or VALID for an image");
        }
        return Padding.parse(t);
    }

    /**
     * Decodes a PNG or JPEG into grey, at most {@link #MAX_SIDE} a side: the size is checked from
     * the header before any pixel is decoded, and large images are subsampled while decoding.
     */
    static BufferedImage downscaledGrey(byte[] upload) {
        return downscaledGrey(upload, DECODE_CPU_NANOS);
    }

    /** {@link #downscaledGrey(byte[])}, aborting once decoding has taken {@code cpuNanos} of its thread's CPU time. */
    static BufferedImage downscaledGrey(byte[] upload, long cpuNanos) {
        // the bytes are in memory already: ImageIO's default stream would copy them to a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ApiException.badRequest("upload", "the upload is not an image conv4j can read (PNG or JPEG)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!format.equals("png") && !format.equals("jpeg") && !format.equals("jpg")) {
                    throw ApiException.badRequest("upload", "images must be PNG or JPEG, not " + format);
                }
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_DECODED_SIDE || h > MAX_DECODED_SIDE || (long) w * h > MAX_DECODED_PIXELS) {
                    throw ApiException.badRequest("upload", "image " + w + "x" + h + " is larger than "
                            + MAX_DECODED_SIDE + " pixels a side or " + MAX_DECODED_PIXELS + " pixels");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int sub = Math.max(1, Math.max(w, h) / (4 * MAX_SIDE));
                param.setSourceSubsampling(sub, sub, 0, 0);
                Abort abort = new Abort(cpuNanos);
                reader.addIIOReadProgressListener(abort);
                BufferedImage decoded = reader.read(0, param);
                if (abort.overBudget) {
                    throw ApiException.badRequest("upload", "decoding the " + w + "x" + h + " image took more than "
                            + cpuNanos / 1e9 + " CPU-s and was stopped; try a smaller image");
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw ApiException.badRequest("upload", "decoding was stopped");
                }
                return toGrey(decoded);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw ApiException.badRequest("upload", "the image could not be decoded: " + e.getMessage());
        }
    }

    /**
     * Makes a decoder stop at its next progress report (a row) once its thread is interrupted
     * (the task cancelled) or has spent its CPU budget since the reader was set up.
     */
    private static final class Abort implements IIOReadProgressListener {
        private final long cpuDeadline;
        private boolean overBudget;

        Abort(long cpuNanos) {
            this.cpuDeadline = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            overBudget = THREADS.getCurrentThreadCpuTime() - cpuDeadline > 0;
            if (overBudget || Thread.currentThread().isInterrupted()) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }

    private static BufferedImage toGrey(BufferedImage image) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return grey;
    }

    /** One number per line, or the first column of a CSV; lines that do not start with a number (headers) are skipped. */
    static float[] parseSignal(String text) {
        List<Float> values = new ArrayList<>();
        String[] lines = text.split("\\R");
        if (lines.length == 1 && lines[0].contains(",")) {
            lines = lines[0].split(",");
        }
        for (String line : lines) {
            String[] fields = line.strip().split("[,;\\t ]+");
            String first = fields.length == 0 ? "" : fields[0]; // a line of separators only splits into nothing
            if (first.isEmpty()) {
                continue;
            }
            try {
                float v = Float.parseFloat(first);
                if (!Float.isFinite(v)) {
                    throw ApiException.badRequest("upload", "the signal holds a value that is not finite: " + first);
                }
                values.add(v);
            } catch (NumberFormatException e) {
                if (!values.isEmpty()) {
                    throw ApiException.badRequest("upload", "line '" + abbreviate(line) + "' after " + values.size()
                            + " samples is not a number");
                }
            }
            if (values.size() > MAX_SAMPLES) {
                throw ApiException.badRequest("upload", "the signal has more than " + MAX_SAMPLES + " samples");
            }
        }
        if (values.size() < 2) {
            throw ApiException.badRequest("upload", "the signal needs at least 2 numbers (one per line, or the first"
                    + " column of a CSV); found " + values.size());
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }

    /**
     * The named kernels (by the catalogue's names only: never a file on this machine), in order, at
     * least one, each a single stencil, all of one size.
     */
    static List<Stencil> choose(String[] names, int rank) {
        List<Stencil> chosen = new ArrayList<>();
        for (String name : java.util.Arrays.stream(names).filter(n -> !n.isBlank()).distinct().toList()) {
            FilterKernel kernel;
            try {
                kernel = Kernels.named(name, rank);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("kernels", e.getMessage().replace("--kernel ", "kernel "));
            }
            if (kernel == null) {
                throw ApiException.badRequest("kernels", "unknown kernel '" + name + "'; known: "
                        + Kernels.namesFor(rank).replace(", or a .npy/text file", ""));
            }
            if (!(kernel instanceof FilterKernel.Linear linear) || linear.passes().size() != 1) {
                throw ApiException.badRequest("kernels", "kernel '" + name + "' is not one convolution (it combines"
                        + " several); choose its parts, e.g. sobel-x and sobel-y");
            }
            Stencil stencil = linear.passes().getFirst();
            if (!chosen.isEmpty() && !chosen.getFirst().shape().equals(stencil.shape())) {
                throw ApiException.badRequest("kernels", "kernels " + chosen.getFirst().name() + " "
                        + chosen.getFirst().shape() + " and " + name + " " + stencil.shape() + " differ in size; they"
                        + " become the channels of one filter, so choose kernels of one size");
            }
            chosen.add(stencil);
        }
        if (chosen.isEmpty()) {
            throw ApiException.badRequest("kernels", "choose at least one kernel: " + Kernels.namesFor(rank));
        }
        return chosen;
    }

    /** The filter {@code [k..., 1, N]} (one input channel) holding the kernels as its N output channels. */
    static Tensor filterOf(List<Stencil> kernels) {
        Shape size = kernels.getFirst().shape();
        int taps = size.checkedElementCount("kernel");
        int n = kernels.size();
        float[] filter = new float[taps * n];
        for (int c = 0; c < n; c++) {
            float[] weights = kernels.get(c).weights().data();
            for (int t = 0; t < taps; t++) {
                filter[t * n + c] = weights[t];
            }
        }
        int[] dims = java.util.Arrays.copyOf(size.dims(), size.rank() + 2);
        dims[size.rank()] = 1;
        dims[size.rank() + 1] = n;
        return Tensor.wrap(Shape.of(dims), filter);
    }

    private static Map<String, Object> describe(Stencil k) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kernel", k.name());
        map.put("description", k.name() + " " + k.shape() + ": " + weightsText(k.weights().data()));
        map.put("weights", k.weights().data());
        return map;
    }

    /** Up to 9 weights to 3 significant digits, then an ellipsis. */
    private static String weightsText(float[] w) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(9, w.length); i++) {
            sb.append(i == 0 ? "" : ", ").append(new java.math.BigDecimal(w[i]).round(new java.math.MathContext(3))
                    .stripTrailingZeros().toPlainString());
        }
        return sb.append(w.length > 9 ? ", ...]" : "]").toString();
    }

    private static float[] every(float[] values, int step) {
        float[] out = new float[(values.length + step - 1) / step];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i * step];
        }
        return out;
    }

    static String dataUrl(BufferedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }
}
