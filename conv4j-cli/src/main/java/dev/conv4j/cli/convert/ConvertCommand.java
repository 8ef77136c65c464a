package dev.conv4j.cli.convert;

import dev.conv4j.io.volume.MappedVolume;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Npy;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiExtension;
import dev.conv4j.io.nifti.NiftiHeader;
import dev.conv4j.io.nifti.NiftiLayout;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.io.zarr.ZarrCodec;
import dev.conv4j.io.zarr.ZarrDataType;
import dev.conv4j.io.zarr.ZarrMetadata;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conv4j convert IN OUT}: between .npy, NIfTI and Zarr, a slab of planes at a time. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert an array between NumPy .npy, NIfTI-1 (.nii, .nii.gz) and Zarr (a directory ending in .zarr;"
            + " v2, or v3 with --zarr-format 3), streaming: uncompressed .npy and .nii inputs are memory-mapped and Zarr"
            + " inputs read by box, and the output is written a slab of planes (along the first axis) at a time, so an"
            + " array larger than the heap converts. Values are written as float32. A NIfTI header (and its"
            + " extensions) is kept in the Zarr attributes (\"nifti\") and restored when the Zarr is converted back.",
            "Memory: one slab, i.e. the output's chunk depth (or 64 planes) times a plane."},
        footer = {"", "Examples:",
            "  conv4j convert brain.nii.gz brain.zarr --chunks 64,64,64 --codec zstd",
            "  conv4j convert big.npy big.zarr --chunks 32,128,128 --zarr-format 3",
            "  conv4j convert smooth.zarr smooth.nii.gz"})
public final class ConvertCommand implements Callable<Integer> {
    private static final long SLAB_BYTES = 64L << 20;
    private static final int DEFAULT_CHUNK = 64;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "IN", description = "A .npy, .nii, .nii.gz or .zarr.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "A .npy, .nii, .nii.gz or .zarr (written whole or not at all; a Zarr chunk by chunk).")
    Path output;

    @Option(names = "--chunks", split = ",", paramLabel = "N", description = "Zarr output: chunk size per axis, or one for all (default 64).")
    int[] chunks;

    @Option(names = "--codec", paramLabel = "C", defaultValue = "zstd",
            description = "Zarr output: none, zlib (v2), gzip, zstd (default), each with an optional :LEVEL.")
    String codec;

    @Option(names = "--zarr-format", paramLabel = "V", defaultValue = "2",
            description = "Zarr output: 2 (default; zarr-python 2 reads it) or 3.")
    int zarrFormat;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("OUT " + output + " is IN: write the conversion elsewhere");
        }
        Source source = open(input);
        long start = System.nanoTime();
        try (source) {
            long[] shape = source.shape();
            int planes = slabPlanes(shape);
            String kind = kind(output);
            switch (kind) {
                case "zarr" -> writeZarr(source, shape);
                case "npy" -> writeStream(source, shape, planes, false);
                default -> writeStream(source, shape, planes, true);
            }
            out.printf(Locale.ROOT, "%s %s -> %s (%s) in %.1f s%n", input, Arrays.toString(shape), output, describe(kind),
                    (System.nanoTime() - start) / 1e9);
        }
        out.flush();
        return 0;
    }

    private String describe(String kind) {
        if (!kind.equals("zarr")) {
            return kind + ", float32";
        }
        return "zarr v" + zarrFormat + ", float32, " + ZarrCodec.parse(codec).kind().zarrName();
    }

    private static String kind(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".zarr") || n.endsWith(".zarr/")) {
            return "zarr";
        }
        if (n.endsWith(".npy")) {
            return "npy";
        }
        if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
            return "nifti";
        }
        throw new IllegalArgumentException(p + ": the name must end in .npy, .nii, .nii.gz or .zarr");
    }

    /** Reads planes {@code [from, to)} along axis 0, C order. */
    @FunctionalInterface
    private interface PlaneReader {
        float[] planes(long from, long to) throws IOException;
    }

    /**
     * An array read a slab of planes at a time, with what an output keeps of it.
     *
     * @param shape its shape
     * @param reader its planes
     * @param attributes Zarr attributes to keep (a NIfTI source's header)
     * @param niftiTemplate the header and extensions a NIfTI output carries, or null
     * @param closer releases what the source holds
     */
    private record Source(long[] shape, PlaneReader reader, Map<String, Object> attributes, NiftiVolume niftiTemplate,
                          AutoCloseable closer) implements AutoCloseable {
        float[] planes(long from, long to) throws IOException {
            return reader.planes(from, to);
        }

        @Override
        public void close() throws IOException {
            try {
                closer.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    private Source open(Path in) throws IOException {
        String kind = kind(in);
        if (kind.equals("zarr")) {
            ZarrArray z = ZarrArray.open(in);
            long[] shape = z.metadata().shape();
            return new Source(shape, (from, to) -> {
                long[] start = new long[shape.length];
                int[] size = new int[shape.length];
                start[0] = from;
                size[0] = (int) (to - from);
                for (int a = 1; a < shape.length; a++) {
                    size[a] = Math.toIntExact(shape[a]);
                }
                return z.read(start, size);
            }, z.metadata().attributes(), niftiTemplate(z), () -> { });
        }
        if (!Files.isRegularFile(in)) {
            throw new NoSuchFileException(in.toString(), null, "no such file");
        }
        if (kind.equals("npy")) {
            if (Npy.readHeader(in).shape().rank() == 3 && !Npy.readHeader(in).fortranOrder()) {
                return mapped(MappedVolume.npy(in), Map.of(), null);
            }
            return inMemory(Npy.read(in), Map.of(), null);
        }
        NiftiLayout layout = Nifti.readLayout(in);
        Map<String, Object> attributes = Map.of("nifti", niftiAttributes(layout.header(), layout.extensions()));
        NiftiVolume template = new NiftiVolume(layout.header(), layout.extensions(), Tensor.wrap(Shape.of(0), new float[0]));
        if (!layout.compressed()) {
            return mapped(MappedVolume.nifti(in), attributes, template);
        }
        return inMemory(Nifti.read(in).data(), attributes, template);
    }

    private static Source mapped(MappedVolume v, Map<String, Object> attributes, NiftiVolume template) {
        return new Source(new long[] {v.depth(), v.height(), v.width()}, (from, to) -> {
            float[] dst = new float[Math.toIntExact((to - from) * v.planeVoxels())];
            v.read((int) from, (int) to, dst, 0);
            v.release((int) to);
            return dst;
        }, attributes, template, v);
    }

    private static Source inMemory(Tensor t, Map<String, Object> attributes, NiftiVolume template) {
        long[] shape = Arrays.stream(t.shape().dims()).asLongStream().toArray();
        long plane = shape.length == 0 ? 1 : t.shape().elementCount() / Math.max(1, shape[0]);
        return new Source(shape, (from, to) -> Arrays.copyOfRange(t.data(), (int) (from * plane), (int) (to * plane)),
                attributes, template, () -> { });
    }

    /** The NIfTI header a Zarr converted from NIfTI keeps in its attributes, or null. */
    private static NiftiVolume niftiTemplate(ZarrArray z) throws IOException {
        Object nifti = z.metadata().attributes().get("nifti");
        if (!(nifti instanceof Map<?, ?> m) || !(m.get("header") instanceof String header)) {
            return null;
        }
        List<NiftiExtension> extensions = new ArrayList<>();
        if (m.get("extensions") instanceof List<?> list) {
            for (Object e : list) {
                if (e instanceof Map<?, ?> ext && ext.get("code") instanceof Number code
                        && ext.get("content") instanceof String content) {
                    extensions.add(new NiftiExtension(code.intValue(), Base64.getDecoder().decode(content)));
                }
            }
        }
        return new NiftiVolume(NiftiHeader.parse(Base64.getDecoder().decode(header), z.directory() + " attribute nifti.header"),
                extensions, Tensor.wrap(Shape.of(0), new float[0]));
    }

    /** The header and extensions as they were stored, plus a few fields to read without decoding. */
    private static Map<String, Object> niftiAttributes(NiftiHeader h, List<NiftiExtension> extensions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("header", Base64.getEncoder().encodeToString(h.toBytes()));
        List<Map<String, Object>> ext = new ArrayList<>();
        for (NiftiExtension e : extensions) {
            ext.add(Map.of("code", e.code(), "content", Base64.getEncoder().encodeToString(e.content())));
        }
        m.put("extensions", ext);
        float[] pixdim = h.pixdim();
        List<Double> spacing = new ArrayList<>();
        for (int i = 1; i < Math.min(pixdim.length, 4); i++) {
            spacing.add((double) pixdim[i]);
        }
        m.put("pixdim_xyz", spacing);
        m.put("descrip", h.descrip());
        m.put("qform_code", h.qformCode());
        m.put("sform_code", h.sformCode());
        return m;
    }

    private int slabPlanes(long[] shape) {
        if (shape.length == 0) {
            return 1;
        }
        long plane = 1;
        for (int a = 1; a < shape.length; a++) {
            plane *= shape[a];
        }
        long planes = Math.max(1, SLAB_BYTES / Math.max(1, plane * Float.BYTES));
        return (int) Math.max(1, Math.min(shape[0], planes));
    }

    private void writeZarr(Source source, long[] shape) throws IOException {
        if (shape.length == 0) {
            throw new IllegalArgumentException(input + ": a scalar has no Zarr chunks to write");
        }
        int[] c = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            int wanted = chunks == null ? DEFAULT_CHUNK : chunks.length == 1 ? chunks[0] : a < chunks.length ? chunks[a] : -1;
            if (chunks != null && chunks.length != 1 && chunks.length != shape.length) {
                throw new IllegalArgumentException("--chunks " + Arrays.toString(chunks) + " must give one size or "
                        + shape.length + " (the array's axes " + Arrays.toString(shape) + ")");
            }
            if (wanted < 1) {
                throw new IllegalArgumentException("--chunks " + Arrays.toString(chunks) + ": sizes must be >= 1");
            }
            c[a] = (int) Math.max(1, Math.min(wanted, shape[a]));
        }
        ZarrCodec z = ZarrCodec.parse(codec);
        ZarrMetadata m = switch (zarrFormat) {
            case 2 -> ZarrMetadata.v2(shape, c, ZarrDataType.FLOAT32, z);
            case 3 -> ZarrMetadata.v3(shape, c, ZarrDataType.FLOAT32, z);
            default -> throw new IllegalArgumentException("--zarr-format " + zarrFormat + " is not 2 or 3");
        };
        ZarrArray array = ZarrArray.create(output, m.withAttributes(source.attributes()));
        int[] size = new int[shape.length];
        for (int a = 1; a < shape.length; a++) {
            size[a] = Math.toIntExact(shape[a]);
        }
        for (long z0 = 0; z0 < shape[0]; z0 += c[0]) {
            long z1 = Math.min(shape[0], z0 + c[0]);
            long[] start = new long[shape.length];
            start[0] = z0;
            size[0] = (int) (z1 - z0);
            array.write(start, size, source.planes(z0, z1));
        }
    }

    private void writeStream(Source source, long[] shape, int planes, boolean nifti) throws IOException {
        int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        NiftiVolume template = nifti ? source.niftiTemplate() : null;
        AtomicFiles.write(output, stream -> {
            OutputStream sink = nifti && Nifti.gzipped(output) ? new GZIPOutputStream(stream, 1 << 16) : stream;
            if (nifti) {
                NiftiHeader base = template != null ? template.header() : NiftiHeader.create(dims);
                List<NiftiExtension> extensions = template != null ? template.extensions() : List.of();
                Nifti.writeHeader(sink, Nifti.headerFor(base, extensions, dims), extensions);
            } else {
                sink.write(Npy.float32Header(Shape.of(dims)));
            }
            long depth = shape.length == 0 ? 1 : shape[0];
            for (long z0 = 0; z0 < depth; z0 += planes) {
                float[] values = shape.length == 0 ? source.planes(0, 1) : source.planes(z0, Math.min(depth, z0 + planes));
                Nifti.writeFloats(sink, values, 0, values.length);
            }
            if (sink instanceof GZIPOutputStream gz) {
                gz.finish();
            }
            sink.flush();
        });
    }
}
