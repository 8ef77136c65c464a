package dev.conv4j.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conv4j.io.IoConsumer;
import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiHeader;
import dev.conv4j.io.signal.Csv;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.io.signal.Wav;
import dev.conv4j.io.signal.WavEncoding;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.io.zarr.ZarrCodec;
import dev.conv4j.io.zarr.ZarrDataType;
import dev.conv4j.io.zarr.ZarrMetadata;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.testkit.fuzz.FuzzRule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for every reader of conv4j-io, under {@link FuzzRule}. {@code bin/test} replays
 * the corpus (src/test/resources/.../ReadersFuzzTestInputs/METHOD) and each target's seeds;
 * {@code docs/reliability.md} gives the command that fuzzes one target for N minutes.
 *
 * <p>Allocation bounds, per input byte: a reader may turn each stored byte into a float (4) and
 * hold the bytes, decoded and converted copies while reading (a few more); a gzip stream may
 * inflate each byte to {@value dev.conv4j.io.Gzip#MAX_EXPANSION}; an image decoder allocates its
 * raster (up to 8 bytes a pixel) and our float samples (up to 16) for what the header says,
 * which the readers keep to what the stored bytes can describe. The fixed part covers the
 * readers' 1 MiB chunk buffers and what Jazzer's instrumentation allocates on the same thread
 * (up to about 10 MB for an input that reaches new code, measured).
 */
class ReadersFuzzTest {
    /**
     * Before fuzzing (not in regression mode), valid files written by conv4j itself seed each
     * target's corpus: without them the fuzzer seldom gets past a PNG chunk's CRC or a NIfTI's
     * 348-byte header. Generated, so no binary file is kept in git.
     */
    @BeforeAll
    static void seedCorpus() throws IOException {
        if (System.getenv("JAZZER_FUZZ") == null) {
            return;
        }
        Path corpus = Path.of(".cifuzz-corpus", ReadersFuzzTest.class.getName());
        Tensor volume = Tensor.wrap(Shape.of(2, 3, 4), new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 17, 18, 19, 20, 21, 22, 23});
        ImageData rgba = new ImageData(5, 4, 3, 16, new float[60], new float[20]);
        ImageData grey = new ImageData(5, 4, 1, 8, new float[20], null);
        Signal signal = new Signal(List.of("left", "right"), 3, new float[] {0, 0.5f, -0.5f, 1, 0.25f, -1}, 8000, null, null);
        seed(corpus.resolve("npyFile"), "f.npy", f -> Npy.write(f, volume));
        seed(corpus.resolve("npyStream"), "f.npy", f -> Npy.write(f, volume));
        seed(corpus.resolve("nifti"), "f.nii", f -> Nifti.write(f, NiftiHeader.create(2, 3, 4), List.of(), volume));
        // niftiGzip gzips its input itself: the seed is the plain file
        seed(corpus.resolve("niftiGzip"), "f.nii", f -> Nifti.write(f, NiftiHeader.create(2, 3, 4), List.of(), volume));
        seed(corpus.resolve("image"), "rgba.png", f -> Images.write(f, rgba));
        seed(corpus.resolve("image"), "grey.png", f -> Images.write(f, grey));
        seed(corpus.resolve("image"), "grey.jpg", f -> Images.write(f, grey));
        seed(corpus.resolve("csv"), "f.csv", f -> Csv.write(f, signal));
        for (String codec : List.of("none", "zlib", "gzip", "zstd")) {
            seedZarr(corpus.resolve("zarr"), "v2-" + codec, ZarrMetadata.v2(new long[] {3, 5}, new int[] {2, 4},
                    ZarrDataType.FLOAT32, ZarrCodec.parse(codec)));
        }
        for (String codec : List.of("none", "gzip", "zstd")) {
            seedZarr(corpus.resolve("zarr"), "v3-" + codec, ZarrMetadata.v3(new long[] {3, 5}, new int[] {2, 4},
                    ZarrDataType.INT16, ZarrCodec.parse(codec)));
        }
        for (WavEncoding encoding : WavEncoding.values()) {
            seed(corpus.resolve("wav"), encoding + ".wav", f -> {
                Wav.write(f, signal, encoding);
            });
        }
    }

    /** A seed of the {@link #zarr} target: the array's metadata document, a zero byte, its chunk 0. */
    private static void seedZarr(Path directory, String name, ZarrMetadata metadata) throws IOException {
        Path array = Files.createTempDirectory("conv4j-zarr-seed");
        ZarrArray zarr = ZarrArray.create(array, metadata);
        float[] values = new float[metadata.chunkElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i - 3;
        }
        zarr.writeChunk(new long[metadata.rank()], values);
        Path document = array.resolve(metadata.zarrFormat() == 3 ? "zarr.json" : ".zarray");
        java.io.ByteArrayOutputStream seed = new java.io.ByteArrayOutputStream();
        seed.write(Files.readAllBytes(document));
        seed.write(0);
        seed.write(Files.readAllBytes(zarr.chunkPath(new long[metadata.rank()])));
        Files.createDirectories(directory);
        Files.write(directory.resolve("seed-" + name), seed.toByteArray());
    }

    private static void seed(Path directory, String name, IoConsumer<Path> writer) throws IOException {
        Files.createDirectories(directory);
        writer.accept(directory.resolve("seed-" + name));
    }

    private static final long FIXED = 64L << 20;
    private static final long PLAIN = 64;
    private static final long GZIP = 8 * dev.conv4j.io.Gzip.MAX_EXPANSION;

    @FuzzTest(maxDuration = "10s")
    void npyFile(byte[] data) throws IOException {
        FuzzRule.readFile(data, "fuzz.npy", PLAIN, FIXED, Npy::read);
    }

    @FuzzTest(maxDuration = "10s")
    void npyStream(byte[] data) {
        FuzzRule.check("stream.npy", data.length, PLAIN, FIXED,
                () -> Npy.read(new ByteArrayInputStream(data), "stream.npy"));
    }

    @FuzzTest(maxDuration = "10s")
    void nifti(byte[] data) throws IOException {
        FuzzRule.readFile(data, "fuzz.nii", PLAIN, FIXED, Nifti::read);
        FuzzRule.readFile(data, "fuzz-layout.nii", PLAIN, FIXED, Nifti::readLayout);
    }

    /** The same bytes gzip-compressed, so that the mutations reach the header behind the gzip layer. */
    @FuzzTest(maxDuration = "10s")
    void niftiGzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(data);
        }
        byte[] gz = compressed.toByteArray();
        FuzzRule.readFile(gz, "fuzz.nii.gz", GZIP, FIXED, Nifti::read);
        // and the raw bytes as a (usually broken) gzip file
        FuzzRule.readFile(data, "raw.nii.gz", GZIP, FIXED, Nifti::read);
    }

    @FuzzTest(maxDuration = "10s")
    void image(byte[] data) throws IOException {
        FuzzRule.readFile(data, "fuzz.png", 3 * GZIP, FIXED, Images::read);
    }

    @FuzzTest(maxDuration = "10s")
    void csv(byte[] data) throws IOException {
        FuzzRule.readFile(data, "fuzz.csv", 2048, FIXED, Csv::read);
    }

    @FuzzTest(maxDuration = "10s")
    void wav(byte[] data) throws IOException {
        FuzzRule.readFile(data, "fuzz.wav", PLAIN, FIXED, Wav::read);
    }

    /**
     * Zarr: the bytes up to the first zero are the metadata document, tried as a v2
     * {@code .zarray} and as a v3 {@code zarr.json}; the rest is the array's first chunk. A box
     * of at most 4 elements a side at the origin is read, so the chunk is decoded.
     */
    @FuzzTest(maxDuration = "10s")
    void zarr(byte[] data) throws IOException {
        int split = 0;
        while (split < data.length && data[split] != 0) {
            split++;
        }
        byte[] document = java.util.Arrays.copyOfRange(data, 0, split);
        byte[] chunk = java.util.Arrays.copyOfRange(data, Math.min(split + 1, data.length), data.length);
        for (String name : List.of(".zarray", "zarr.json")) {
            Path array = Files.createTempDirectory("conv4j-fuzz-zarr");
            try {
                Path metadataFile = array.resolve(name);
                Files.write(metadataFile, document);
                java.util.concurrent.atomic.AtomicReference<ZarrArray> opened = new java.util.concurrent.atomic.AtomicReference<>();
                FuzzRule.check(metadataFile.toString(), document.length, GZIP, FIXED,
                        () -> opened.set(ZarrArray.open(array)));
                ZarrArray zarr = opened.get();
                if (zarr == null) {
                    continue;
                }
                int rank = zarr.metadata().rank();
                Path chunkFile = zarr.chunkPath(new long[rank]);
                if (!chunkFile.startsWith(array) || chunkFile.equals(array)) {
                    throw new AssertionError("chunk 0 of " + zarr + " lies outside its directory: " + chunkFile);
                }
                Files.createDirectories(chunkFile.getParent());
                Files.write(chunkFile, chunk);
                int[] box = new int[rank];
                for (int a = 0; a < rank; a++) {
                    box[a] = (int) Math.min(4, zarr.metadata().size(a));
                }
                FuzzRule.check(chunkFile.toString(), data.length, GZIP, FIXED,
                        () -> zarr.read(new long[rank], box));
            } finally {
                deleteTree(array);
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
