package dev.conv4j.cli.filter;

import static dev.conv4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.cli.CliRun;
import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.SlabFilter;
import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiHeader;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.io.signal.Csv;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.io.signal.Wav;
import dev.conv4j.io.signal.WavAudio;
import dev.conv4j.io.signal.WavEncoding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterCommandsTest {
    @TempDir
    Path dir;

    /** A 24x20 grey image: a bright square on a dark ground. */
    private Path squareImage(int bitDepth) throws IOException {
        int w = 24;
        int h = 20;
        float[] s = new float[w * h];
        float hi = bitDepth == 16 ? 60000 : 200;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s[y * w + x] = x >= 8 && x < 16 && y >= 6 && y < 14 ? hi : hi / 10;
            }
        }
        Path p = dir.resolve("square" + bitDepth + ".png");
        Images.write(p, new ImageData(w, h, 1, bitDepth, s, null));
        return p;
    }

    @Test
    void imageWithSeveralKernelsWritesOneFileEach() throws IOException {
        Path in = squareImage(8);
        Path out = dir.resolve("out.png");
        CliRun r = run("filter", "image", in.toString(), "--kernel", "edge,box:3,gaussian:1.5", "--kernel", "sobel",
                "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (String name : List.of("out-edge.png", "out-box-3.png", "out-gaussian-1.5.png", "out-sobel.png")) {
            assertTrue(Files.exists(dir.resolve(name)), name + "\n" + r.out());
        }
        assertFalse(Files.exists(out));
        ImageData edge = Images.read(dir.resolve("out-edge.png"));
        assertEquals(128f, edge.sample(2, 2, 0), "flat region: 0 -> mid-grey (signed by default)");
        assertEquals(255f, Images.read(dir.resolve("out-sobel.png")).samples().length > 0
                ? max(Images.read(dir.resolve("out-sobel.png")).samples()) : 0, "sobel normalised: its max is white");
        ImageData box = Images.read(dir.resolve("out-box-3.png"));
        assertEquals(200f, box.sample(10, 12, 0), "inside the square the box blur keeps 200");
        assertEquals(Math.rint((200 * 3 + 20 * 6) / 9.0), box.sample(10, 7, 0), "one column into the square's edge");
        assertTrue(r.out().contains("edge") && r.out().contains("shown signed"), r.out());
    }

    private static float max(float[] v) {
        float m = -Float.MAX_VALUE;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    @Test
    void sixteenBitImageStaysSixteenBitAndToneOptionsApply() throws IOException {
        Path in = squareImage(16);
        Path out = dir.resolve("lap.png");
        CliRun r = run("filter", "image", in.toString(), "--kernel", "laplacian", "--clamp", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        ImageData img = Images.read(out);
        assertEquals(16, img.bitDepth());
        assertEquals(0f, img.sample(2, 2, 0), "clamped: the flat region's 0 stays 0");
        CliRun both = run("filter", "image", in.toString(), "--kernel", "edge", "--clamp", "--signed", "--output", out.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void contactSheetIsOneLabelledPicture() throws IOException {
        Path in = squareImage(8);
        Path out = dir.resolve("sheet.png");
        CliRun r = run("filter", "image", in.toString(), "--kernel", "edge,box:3,sharpen", "--contact-sheet",
                "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        ImageData sheet = Images.read(out);
        assertEquals(3, sheet.channels());
        assertEquals(8 + 4 * (24 + 8), sheet.width(), "input + 3 tiles in one row");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "only the input and the sheet");
        }
    }

    @Test
    void signalCsvToCsvAndPlot() throws IOException {
        Path in = dir.resolve("sig.csv");
        StringBuilder csv = new StringBuilder("time,v\n");
        for (int t = 0; t < 100; t++) {
            csv.append(t / 100.0).append(',').append(t % 10 == 0 ? 10 : 0).append('\n');
        }
        Files.writeString(in, csv);
        Path out = dir.resolve("smooth.csv");
        CliRun r = run("filter", "signal", in.toString(), "--kernel", "uniform:5,centre-weighted:3,edge-weighted:3",
                "--output", out.toString(), "--boundary", "zero");
        assertEquals(0, r.exitCode(), r.err());
        Signal s = Csv.read(out);
        assertEquals(List.of("v:uniform:5", "v:centre-weighted:3", "v:edge-weighted:3"), s.channelNames());
        assertEquals(100.0, s.sampleRate(), 1e-6, "time column passed through");
        assertEquals(2f, s.samples()[10 * 3], 1e-6, "uniform:5 spreads a 10 over 5 samples");
        assertEquals(5f, s.samples()[10 * 3 + 1], 1e-6, "centre-weighted:3 keeps half");
        assertEquals(4f, s.samples()[11 * 3 + 2], 1e-6, "edge-weighted:3 gives 0.4 to the neighbours");
        ImageData plot = Images.read(dir.resolve("smooth.png"));
        assertEquals(1200, plot.width());
        assertTrue(r.out().contains("plot of samples 0..100"), r.out());
    }

    @Test
    void signalWavToOneWavPerKernel() throws IOException {
        Path in = dir.resolve("tone.wav");
        float[] x = new float[400];
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) (0.5 * Math.sin(t / 5.0));
        }
        Wav.write(in, Signal.of(List.of("mono"), x, 8000), WavEncoding.PCM_16);
        Path out = dir.resolve("o.wav");
        CliRun r = run("filter", "signal", in.toString(), "-k", "identity,gaussian:2", "-o", out.toString(), "--no-plot");
        assertEquals(0, r.exitCode(), r.err());
        WavAudio same = Wav.read(dir.resolve("o-identity.wav"));
        assertEquals(WavEncoding.PCM_16, same.encoding(), "the input's encoding");
        assertArrayEquals(Wav.read(in).signal().samples(), same.signal().samples());
        assertEquals(8000, Wav.read(dir.resolve("o-gaussian-2.wav")).signal().sampleRate());
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void volumeNiftiToNiftiAndNpyInSlabsEqualsInMemory() throws IOException {
        float[] v = new float[9 * 8 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.37) * 100 + i % 13;
        }
        Tensor vol = Tensor.wrap(Shape.of(9, 8, 7), v);
        NiftiHeader header = NiftiHeader.create(9, 8, 7).withDescrip("test volume");
        Path in = dir.resolve("vol.nii.gz");
        Nifti.write(in, header, List.of(), vol);
        Path out = dir.resolve("f.nii.gz");
        CliRun r = run("filter", "volume", in.toString(), "--kernel", "sobel3d,gaussian3d:1", "--slab", "2",
                "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        NiftiVolume sobel = Nifti.read(dir.resolve("f-sobel3d.nii.gz"));
        Tensor expected = Filtering.apply(SlabFilter.asBatch(vol), Kernels.parse("sobel3d", 3), Filtering.Options.defaults());
        assertArrayEquals(expected.data(), sobel.data().data(), "5 slabs of 2 planes == in memory, bit for bit");
        assertTrue(sobel.header().descrip().startsWith("conv4j sobel3d"));
        assertTrue(Files.exists(dir.resolve("f-montage.png")));
        assertTrue(r.out().contains("5 slabs of 2 planes + halo 1/1"), r.out());
        assertTrue(r.out().contains("peak heap"), r.out());

        Path npyIn = dir.resolve("vol.npy");
        Npy.write(npyIn, vol.reshape(Shape.of(1, 9, 8, 7, 1)));
        Path npyOut = dir.resolve("g.npy");
        CliRun m = run("filter", "volume", npyIn.toString(), "--kernel", "gaussian3d:1", "--slab", "3", "--boundary",
                "circular", "--output", npyOut.toString(), "--no-montage");
        assertEquals(0, m.exitCode(), m.err());
        Tensor g = Npy.read(npyOut);
        assertEquals(Shape.of(9, 8, 7), g.shape());
        Filtering.Options circular = new Filtering.Options(dev.conv4j.spec.Boundary.CIRCULAR, false,
                dev.conv4j.plan.Planner.standard());
        assertArrayEquals(Filtering.apply(SlabFilter.asBatch(vol), Kernels.parse("gaussian3d:1", 3), circular).data(),
                g.data());
    }

    @Test
    void demoShowsRowsNineToElevenOnRealOrStandInData() {
        CliRun r = run("demo");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("corners 4, edges 6, inside 9"), "the worked examples stay");
        assertTrue(r.out().contains("[9] signal smoothing") && r.out().contains("[10] image filters")
                && r.out().contains("[11] 3D data"), r.out());
        assertTrue(r.out().contains(",3]: three smoothed views"), r.out());
        assertTrue(r.out().contains(",3]: three feature maps of one image"), r.out());
        assertTrue(r.out().contains(",3] in "), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("  data: ")).count(), "each row says where its data came from");
    }

    @Test
    void badInputsGiveClearErrorsAndNoOutput() throws IOException {
        Path in = squareImage(8);
        Path out = dir.resolve("never.png");
        CliRun unknown = run("filter", "image", in.toString(), "--kernel", "blur", "--output", out.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("--kernel 'blur'") && unknown.err().contains("sobel-x"), unknown.err());
        Path text = dir.resolve("fake.png");
        Files.writeString(text, "not a png");
        CliRun notImage = run("filter", "image", text.toString(), "--kernel", "edge", "--output", out.toString());
        assertEquals(1, notImage.exitCode());
        assertTrue(notImage.err().contains("not an image conv4j reads"), notImage.err());
        Path nii = dir.resolve("bad.nii");
        Files.write(nii, new byte[400]);
        CliRun badNifti = run("filter", "volume", nii.toString(), "--kernel", "sobel3d", "--output", dir.resolve("x.nii").toString());
        assertEquals(1, badNifti.exitCode());
        assertTrue(badNifti.err().contains("sizeof_hdr is 0"), badNifti.err());
        CliRun wrongRank = run("filter", "volume", nii.toString(), "--kernel", "sobel-x", "--output", dir.resolve("x.nii").toString());
        assertEquals(2, wrongRank.exitCode());
        CliRun badOut = run("filter", "signal", dir.resolve("s.csv").toString(), "--kernel", "uniform", "--output",
                dir.resolve("s.mp3").toString());
        assertEquals(2, badOut.exitCode());
        assertTrue(badOut.err().contains("must end in .csv or .wav"), badOut.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("x.nii")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void aPlaneLargerThanTheHeapIsOneLineWithNoMontageReadingNoSlice() throws IOException {
        // a sparse 3 GiB file of 3 planes of 32767^2 bytes: nothing is read before the heap check
        Path raw = dir.resolve("wide.raw");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(raw.toFile(), "rw")) {
            file.setLength(3L * 32767 * 32767);
        }
        CliRun r = run("filter", "volume", raw.toString(), "-o", dir.resolve("out.npy").toString(), "--kernel", "box3d:3",
                "--raw-shape", "3,32767,32767", "--raw-type", "u1", "--no-montage", "-q");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("conv4j filter volume: " + raw + ": slabs of 1 plane(s) of 32767x32767 with their halo,"
                + " padded copies and outputs need ") && r.err().contains("CONV4J_JAVA_OPTS=-Xmx"), r.err());
        assertFalse(Files.exists(dir.resolve("out.npy")));
    }
}
