package dev.conv4j.cli.filter;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.cli.Words;
import dev.conv4j.filters.FilterKernel;
import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.io.volume.MappedVolume;
import dev.conv4j.filters.Montage;
import dev.conv4j.filters.Progress;
import dev.conv4j.filters.SlabFilter;
import dev.conv4j.io.volume.VolumeSource;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.HeapBudget;
import dev.conv4j.io.Npy;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiExtension;
import dev.conv4j.io.nifti.NiftiHeader;
import dev.conv4j.io.nifti.NiftiLayout;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conv4j filter volume IN --kernel ... --output OUT.(nii.gz|nii|npy)} and a montage. */
@Command(name = "volume",
        description = "Filter a volume [D,H,W] (NIfTI-1 .nii/.nii.gz, .npy, or raw voxels with --raw-shape) with 3D "
            + "kernels: gaussian3d:SIGMA (separable, radius int(4*SIGMA+0.5)), sobel3d (gradient magnitude), "
            + "box3d:K, laplacian3d, identity, or a .npy [kd,kh,kw]. Uncompressed inputs are memory-mapped and "
            + "filtered in slabs of planes with a halo, so a volume may be larger than the heap; the output is "
            + "streamed to a temporary file and moved into place at the end. NIfTI outputs keep the input's "
            + "header fields (pixdim, qform/sform, descrip, ...), as float32. A PNG montage of axial slices "
            + "(input and outputs) is written too.")
public final class FilterVolumeCommand implements Callable<Integer> {
    private static final int MONTAGE_KEEP = 256;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "IN", description = "A .nii, .nii.gz, .npy or raw volume.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write (.nii.gz, .nii or .npy).")
    Path output;

    @Mixin
    CommonFilterOptions common;

    @Option(names = "--slab", paramLabel = "PLANES",
            description = "Output planes per slab (default: as many as fit in 40%% of the heap with their halo, padded copies"
                    + " and outputs).")
    Integer slab;

    @Option(names = "--montage", paramLabel = "MONTAGE.png", description = "Where to draw the slices, .png or .svg (default: OUT with -montage.png).")
    Path montage;

    @Option(names = "--no-montage", description = "Draw no montage.")
    boolean noMontage;

    @Option(names = "--slices", defaultValue = "6", paramLabel = "N",
            description = "Axial slices in the montage, evenly spaced (default ${DEFAULT-VALUE}).")
    int slices;

    @Option(names = "--tile-size", defaultValue = "160", paramLabel = "PX",
            description = "Montage tile size in pixels (default ${DEFAULT-VALUE}).")
    int tileSize;

    @Option(names = "--raw-shape", paramLabel = "D,H,W", description = "IN holds raw voxels of this shape (C order).")
    String rawShape;

    @Option(names = "--raw-type", defaultValue = "f4", paramLabel = "TYPE",
            description = "Raw voxel type: u1, i1, i2, u2, i4, u4, i8, f4, f8 (default ${DEFAULT-VALUE}), little-endian.")
    String rawType;

    @Option(names = "--raw-offset", defaultValue = "0", paramLabel = "BYTES", description = "Raw voxels start here.")
    long rawOffset;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        List<FilterKernel> kernels = Kernels.parseAll(common.kernels, 3);
        String ext = CliFiles.extension(output);
        common.checkFiles(input, kernels.stream().map(k -> OutputNames.forKernel(output, k.name(), kernels.size() > 1))
                .toList(), List.of(".nii.gz", ".nii", ".npy"));
        if (!noMontage) {
            CliFiles.checkOutput(montageFile(), "--montage", FilterPictures.EXTENSIONS, List.of(input));
        }
        if (slices < 1 || tileSize < 16) {
            throw new IllegalArgumentException("--slices must be >= 1 and --tile-size >= 16");
        }
        Filtering.Options options = common.options();
        Progress progress = FilterProgress.forStderr(common.quiet, command.commandLine().getErr());
        MemoryStats.reset();
        Input in = open();
        try (VolumeSource source = in.source) {
            int d = source.depth();
            int h = source.height();
            int w = source.width();
            out.printf(Locale.ROOT, "%s: volume [%d,%d,%d] (%s)%n", input, d, h, w, in.description);
            // with --no-montage no slice is read or kept (a plane may be larger than the heap)
            int[] picks = noMontage ? new int[0] : Montage.sliceIndices(d, slices);
            List<Montage.Row> rows = new ArrayList<>();
            rows.add(new Montage.Row("input", slices(source, picks)));
            for (FilterKernel kernel : kernels) {
                int planes = slab != null ? slab : Math.max(1, SlabFilter.autoSlabPlanes(d, h, w, kernel, options,
                        SlabFilter.slabBudget()));
                HeapBudget.require(SlabFilter.slabBytes(Math.min(planes, d), h, w, kernel, options), input.toString(),
                        "slabs of " + Math.min(planes, d) + " plane(s) of " + h + "x" + w
                                + " with their halo, padded copies and outputs");
                Path target = OutputNames.forKernel(output, kernel.name(), kernels.size() > 1);
                Map<Integer, Montage.Slice> captured = new HashMap<>();
                SlabFilter.Report[] report = new SlabFilter.Report[1];
                AtomicFiles.write(target, stream -> {
                    OutputStream sink = ext.equals(".nii.gz") ? new GZIPOutputStream(stream, 1 << 16) : stream;
                    if (ext.equals(".npy")) {
                        sink.write(Npy.float32Header(Shape.of(d, h, w)));
                    } else {
                        NiftiHeader header = Nifti.headerFor(in.header, in.extensions, d, h, w)
                                .withDescrip("conv4j " + kernel.name() + " (" + options.boundary().code() + ")");
                        Nifti.writeHeader(sink, header, in.extensions);
                    }
                    report[0] = SlabFilter.run(source, kernel, options, planes, (z, values, offset, count) -> {
                        Nifti.writeFloats(sink, values, offset, count * h * w);
                        for (int i = 0; i < count; i++) {
                            for (int p : picks) {
                                if (p == z + i) {
                                    captured.put(p, Montage.shrink(p, values, offset + i * h * w, h, w, MONTAGE_KEEP));
                                }
                            }
                        }
                    }, progress);
                    if (sink instanceof GZIPOutputStream gz) {
                        gz.finish();
                    }
                    sink.flush();
                });
                SlabFilter.Report r = report[0];
                List<Montage.Slice> row = new ArrayList<>();
                for (int p : picks) {
                    row.add(captured.get(p));
                }
                rows.add(new Montage.Row(kernel.name(), row));
                out.printf(Locale.ROOT, "  %-16s -> %s: %s of %s + halo %d/%d, %.2f s, %.1f MB/s%n",
                        kernel.name(), target, Words.count(r.slabs(), "slab"), Words.count(r.slabPlanes(), "plane"), r.haloBefore(), r.haloAfter(), r.seconds(),
                        r.inputBytes() / 1e6 / Math.max(1e-9, r.seconds()));
            }
            if (!noMontage) {
                Path target = montageFile();
                FilterPictures.write(target, Montage.draw(rows, tileSize, in.nifti));
                out.println("  montage of slices z=" + java.util.Arrays.toString(picks) + " -> " + target);
            }
        }
        out.printf(Locale.ROOT, "  peak heap %d MiB of max %d MiB; peak resident set %d MiB%n",
                MemoryStats.peakHeapBytes() >> 20, MemoryStats.maxHeapBytes() >> 20, MemoryStats.peakRssBytes() >> 20);
        out.flush();
        return 0;
    }

    private Path montageFile() {
        return montage != null ? montage : OutputNames.withSuffix(output, "-montage", ".png");
    }

    /** The opened input and what an output needs from it. */
    private record Input(VolumeSource source, NiftiHeader header, List<NiftiExtension> extensions, boolean nifti,
                         String description) {
    }

    private Input open() throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "no such file");
        }
        if (rawShape != null) {
            int[] dhw = Shape.parse(rawShape).dims();
            if (dhw.length != 3) {
                throw new IllegalArgumentException("--raw-shape " + rawShape + " must give D,H,W");
            }
            MappedVolume.Type type = MappedVolume.Type.parse(rawType, "--raw-type");
            MappedVolume v = MappedVolume.raw(input, rawOffset, dhw, type, ByteOrder.LITTLE_ENDIAN);
            return new Input(v, NiftiHeader.create(dhw), List.of(), false, "raw " + rawType + ", memory-mapped");
        }
        String ext = CliFiles.extension(input);
        if (ext.equals(".npy")) {
            MappedVolume v = MappedVolume.npy(input);
            return new Input(v, NiftiHeader.create(v.depth(), v.height(), v.width()), List.of(), false,
                    ".npy, memory-mapped");
        }
        if (gzip(input)) {
            NiftiVolume v = Nifti.read(input);
            return new Input(VolumeSource.of(v.data()), v.header(), v.extensions(), true,
                    "NIfTI-1 " + describe(Nifti.readLayout(input)) + ", gzip: read into memory");
        }
        NiftiLayout layout = Nifti.readLayout(input);
        return new Input(MappedVolume.nifti(input), layout.header(), layout.extensions(), true,
                "NIfTI-1 " + describe(layout) + ", memory-mapped");
    }

    private static String describe(NiftiLayout layout) {
        float[] pix = layout.header().pixdim();
        return layout.datatype().label() + (layout.header().scaled() ? " scaled" : "")
                + String.format(Locale.ROOT, ", voxels %.3gx%.3gx%.3g", pix[1], pix[2], pix[3]);
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private List<Montage.Slice> slices(VolumeSource source, int[] picks) throws IOException {
        if (picks.length == 0) {
            return List.of();
        }
        HeapBudget.require(source.planeVoxels() * Float.BYTES, input.toString(), "a " + source.height() + "x"
                + source.width() + " plane for the montage (--no-montage draws none)");
        float[] buffer = new float[Math.toIntExact(source.planeVoxels())];
        List<Montage.Slice> out = new ArrayList<>();
        for (int p : picks) {
            source.read(p, p + 1, buffer, 0);
            out.add(Montage.shrink(p, buffer, 0, source.height(), source.width(), MONTAGE_KEEP));
        }
        return out;
    }
}
