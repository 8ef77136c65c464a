package dev.conv4j.cli.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.cli.CliRun;
import dev.conv4j.io.volume.MappedVolume;
import dev.conv4j.io.Npy;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiExtension;
import dev.conv4j.io.nifti.NiftiHeader;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conv4j convert}: .npy, NIfTI and Zarr both ways, NIfTI headers kept, zarr-python reading the result, larger than the heap. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 37 % 1001) / 10f - 50;
        }
        return v;
    }

    @Test
    void npyToZarrAndBackWithChunksThatDoNotDivide() throws Exception {
        Tensor t = Tensor.wrap(Shape.of(7, 9, 11), values(7 * 9 * 11));
        Npy.write(dir.resolve("a.npy"), t);
        for (int format : new int[] {2, 3}) {
            Path zarr = dir.resolve("a" + format + ".zarr");
            CliRun r = CliRun.run("convert", dir.resolve("a.npy").toString(), zarr.toString(), "--chunks", "3,4,5",
                    "--codec", "gzip", "--zarr-format", Integer.toString(format));
            assertEquals(0, r.exitCode(), r.err());
            ZarrArray z = ZarrArray.open(zarr);
            assertArrayEquals(new int[] {3, 4, 5}, z.metadata().chunks());
            assertEquals(format, z.metadata().zarrFormat());
            assertArrayEquals(t.data(), z.read(new long[3], new int[] {7, 9, 11}));
            Path back = dir.resolve("back" + format + ".npy");
            assertEquals(0, CliRun.run("convert", zarr.toString(), back.toString()).exitCode());
            assertEquals(t.shape(), Npy.read(back).shape());
            assertArrayEquals(t.data(), Npy.read(back).data());
        }
        if (zarrPython()) {
            Path script = dir.resolve("check.py");
            Files.writeString(script, "import sys, numpy as np, zarr\n"
                    + "z = zarr.open(sys.argv[1], mode='r')\n"
                    + "assert z.chunks == (3, 4, 5), z.chunks\n"
                    + "assert np.array_equal(z[...], np.load(sys.argv[2])), 'values differ'\n");
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.resolve("a2.zarr").toString(),
                    dir.resolve("a.npy").toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void niftiHeaderSurvivesAZarrRoundTrip() throws Exception {
        NiftiHeader header = NiftiHeader.create(5, 6, 7).withDescrip("T1 test volume");
        NiftiExtension extension = new NiftiExtension(6, "<comment>kept</comment>".getBytes(StandardCharsets.UTF_8));
        Tensor t = Tensor.wrap(Shape.of(5, 6, 7), values(5 * 6 * 7));
        Nifti.write(dir.resolve("a.nii.gz"), header, List.of(extension), t);
        assertEquals(0, CliRun.run("convert", dir.resolve("a.nii.gz").toString(), dir.resolve("a.zarr").toString()).exitCode());
        ZarrArray z = ZarrArray.open(dir.resolve("a.zarr"));
        assertTrue(z.metadata().attributes().get("nifti").toString().contains("T1 test volume"), z.metadata().attributes().toString());
        CliRun r = CliRun.run("convert", dir.resolve("a.zarr").toString(), dir.resolve("b.nii").toString());
        assertEquals(0, r.exitCode(), r.err());
        NiftiVolume back = Nifti.read(dir.resolve("b.nii"));
        assertEquals("T1 test volume", back.header().descrip());
        assertEquals(List.of(extension), back.extensions());
        assertArrayEquals(t.data(), back.data().data());
        assertArrayEquals(Nifti.read(dir.resolve("a.nii.gz")).header().pixdim(), back.header().pixdim());
    }

    @Test
    void errorsNameTheArgument() throws Exception {
        CliRun missing = CliRun.run("convert", dir.resolve("none.npy").toString(), dir.resolve("x.zarr").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("none.npy"), missing.err());
        Npy.write(dir.resolve("a.npy"), Tensor.wrap(Shape.of(2, 2), new float[4]));
        CliRun badName = CliRun.run("convert", dir.resolve("a.npy").toString(), dir.resolve("x.tif").toString());
        assertEquals(2, badName.exitCode());
        assertTrue(badName.err().contains("x.tif"), badName.err());
        CliRun blosc = CliRun.run("convert", dir.resolve("a.npy").toString(), dir.resolve("x.zarr").toString(), "--codec", "blosc");
        assertEquals(2, blosc.exitCode());
        assertTrue(blosc.err().contains("--codec 'blosc'"), blosc.err());
    }

    /** 160 x 512 x 512 float32 (168 MB) converts in a JVM held to a 48 MB heap. */
    @Test
    void aVolumeLargerThanTheHeapConvertsInAForkedJvm() throws Exception {
        int d = 160;
        int h = 512;
        int w = 512;
        Path npy = dir.resolve("big.npy");
        try (OutputStream out = Files.newOutputStream(npy)) {
            out.write(Npy.float32Header(Shape.of(d, h, w)));
            ByteBuffer plane = ByteBuffer.allocate(h * w * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int z = 0; z < d; z++) {
                plane.clear();
                for (int i = 0; i < h * w; i++) {
                    plane.putFloat(z * 1000 + i % 997);
                }
                out.write(plane.array());
            }
        }
        Path zarr = dir.resolve("big.zarr");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                "dev.conv4j.cli.Conv4j", "convert", npy.toString(), zarr.toString(), "--chunks", "8,128,128", "--codec", "zstd:1"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        ZarrArray z = ZarrArray.open(zarr);
        try (MappedVolume source = MappedVolume.npy(npy)) {
            float[] expected = new float[h * w];
            for (int plane : new int[] {0, 7, 8, 83, 159}) {
                source.read(plane, plane + 1, expected, 0);
                assertArrayEquals(expected, z.read(new long[] {plane, 0, 0}, new int[] {1, h, w}), "plane " + plane);
            }
        }
    }

    private static boolean zarrPython() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import zarr").redirectErrorStream(true).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
