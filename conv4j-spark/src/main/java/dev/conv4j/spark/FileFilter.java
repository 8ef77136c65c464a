package dev.conv4j.spark;

import dev.conv4j.filters.FilterKernel;
import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.ImageFilter;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.Progress;
import dev.conv4j.filters.SignalFilter;
import dev.conv4j.filters.SlabFilter;
import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.io.signal.Csv;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.io.signal.Wav;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Filters one file the way {@code conv4j filter image|signal|volume} does (the same readers, the
 * same {@link ImageFilter}, {@link SignalFilter} and {@link SlabFilter}) and writes one output
 * per kernel; what happened becomes {@link Row}s, an unreadable file a row with its error.
 */
final class FileFilter {
    private FileFilter() {
    }

    /** The kinds of file by extension. */
    enum Kind {
        IMAGE(2), SIGNAL(1), VOLUME(3);

        final int rank;

        Kind(int rank) {
            this.rank = rank;
        }

        static Kind of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")) {
                return IMAGE;
            }
            if (n.endsWith(".csv") || n.endsWith(".wav")) {
                return SIGNAL;
            }
            if (n.endsWith(".npy") || n.endsWith(".nii") || n.endsWith(".nii.gz")) {
                return VOLUME;
            }
            return null;
        }
    }

    /** Output formats: {@code npy} for everything, {@code png} for images, {@code nii.gz} for volumes. */
    enum Format {
        NPY, PNG, NII_GZ;

        static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "npy" -> NPY;
                case "png" -> PNG;
                case "nii.gz" -> NII_GZ;
                default -> throw new IllegalArgumentException("--format " + s + " is not npy, png or nii.gz");
            };
        }

        String extension() {
            return switch (this) {
                case NPY -> ".npy";
                case PNG -> ".png";
                case NII_GZ -> ".nii.gz";
            };
        }
    }

    /**
     * One line of the summary: a file and a kernel, or a file and the error that stopped it.
     *
     * @param path the input, relative to the input root
     * @param kernel the kernel (null when the file could not be read)
     * @param output the output written, relative to the output directory
     * @param shape the output's shape, as {@code [H,W,C]}, {@code [T,C]} or {@code [D,H,W]}
     * @param min smallest value
     * @param max largest value
     * @param mean mean value
     * @param millis time to filter (without reading and writing)
     * @param error what went wrong, or null
     */
    record Row(String path, String kernel, String output, String shape, Double min, Double max, Double mean,
               Double millis, String error) implements Serializable {
    }

    /** Filters {@code root/relative} with every kernel into {@code outDir}. */
    static List<Row> filter(Path root, String relative, Path outDir, List<String> kernelSpecs, Filtering.Options options,
                            Format format) {
        Path file = root.resolve(relative);
        Kind kind = Kind.of(relative);
        try {
            if (kind == null) {
                throw new IllegalArgumentException("not an image (.png, .jpg), signal (.csv, .wav) or volume (.npy, .nii, .nii.gz)");
            }
            if (format == Format.PNG && kind != Kind.IMAGE || format == Format.NII_GZ && kind != Kind.VOLUME) {
                throw new IllegalArgumentException("--format " + format.extension().substring(1) + " does not fit a "
                        + kind.name().toLowerCase(Locale.ROOT));
            }
            List<FilterKernel> kernels = Kernels.parseAll(kernelSpecs, kind.rank);
            List<Row> rows = new ArrayList<>();
            String stem = stem(relative);
            switch (kind) {
                case IMAGE -> {
                    ImageData image = Images.read(file);
                    long t0 = System.nanoTime();
                    List<ImageFilter.Result> results = ImageFilter.filter(image, kernels, options);
                    double ms = (System.nanoTime() - t0) / 1e6 / kernels.size();
                    for (ImageFilter.Result r : results) {
                        String out = stem + "." + safe(r.kernel().name()) + format.extension();
                        Path target = prepare(outDir.resolve(out));
                        if (format == Format.PNG) {
                            Images.write(target, ImageFilter.render(image, r.values(), r.kernel().defaultToneMap()));
                        } else {
                            Npy.write(target, Tensor.wrap(Shape.of(image.height(), image.width(), image.channels()), r.values()));
                        }
                        rows.add(row(relative, r.kernel(), out, new int[] {image.height(), image.width(), image.channels()},
                                r.values(), ms));
                    }
                }
                case SIGNAL -> {
                    Signal signal = relative.toLowerCase(Locale.ROOT).endsWith(".wav") ? Wav.read(file).signal() : Csv.read(file);
                    long t0 = System.nanoTime();
                    List<float[]> outs = SignalFilter.filter(signal, kernels, options);
                    double ms = (System.nanoTime() - t0) / 1e6 / kernels.size();
                    for (int k = 0; k < kernels.size(); k++) {
                        String out = stem + "." + safe(kernels.get(k).name()) + format.extension();
                        Npy.write(prepare(outDir.resolve(out)), Tensor.wrap(Shape.of(signal.length(), signal.channels()), outs.get(k)));
                        rows.add(row(relative, kernels.get(k), out, new int[] {signal.length(), signal.channels()}, outs.get(k), ms));
                    }
                }
                case VOLUME -> {
                    boolean nifti = !relative.toLowerCase(Locale.ROOT).endsWith(".npy");
                    NiftiVolume niftiVolume = nifti ? Nifti.read(file) : null;
                    Tensor volume = nifti ? niftiVolume.data() : Npy.read(file);
                    Tensor batch = SlabFilter.asBatch(volume);
                    int[] dhw = {batch.shape().dim(1), batch.shape().dim(2), batch.shape().dim(3)};
                    for (FilterKernel kernel : kernels) {
                        long t0 = System.nanoTime();
                        Tensor y = SlabFilter.inMemory(volume, kernel, options, dhw[0], Progress.NONE);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        String out = stem + "." + safe(kernel.name()) + format.extension();
                        Path target = prepare(outDir.resolve(out));
                        if (format == Format.NII_GZ) {
                            Nifti.write(target, nifti ? niftiVolume.header() : dev.conv4j.io.nifti.NiftiHeader.create(dhw),
                                    nifti ? niftiVolume.extensions() : List.of(), y);
                        } else {
                            Npy.write(target, y);
                        }
                        rows.add(row(relative, kernel, out, dhw, y.data(), ms));
                    }
                }
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return List.of(new Row(relative, null, null, null, null, null, null, null, message));
        }
    }

    private static Row row(String path, FilterKernel kernel, String output, int[] shape, float[] values, double ms) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Row(path, kernel.name(), output, Arrays.toString(shape).replace(" ", ""), min, max,
                sum / Math.max(1, values.length), ms, null);
    }

    private static Path prepare(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target;
    }

    /** The relative path without its extension ({@code .nii.gz} counts as one). */
    static String stem(String relative) {
        String lower = relative.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nii.gz")) {
            return relative.substring(0, relative.length() - 7);
        }
        int dot = relative.lastIndexOf('.');
        int slash = relative.lastIndexOf('/');
        return dot > slash + 1 ? relative.substring(0, dot) : relative;
    }

    /** A kernel name fit for a file name: {@code gaussian:1.5} becomes {@code gaussian-1.5}. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    }
}
