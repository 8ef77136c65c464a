package dev.conv4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.io.Npy;
import dev.conv4j.plan.Planner;
import dev.conv4j.spark.cli.SparkMain;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code conv4j spark} commands: help with examples, a run in local[2], exit codes. */
class SparkCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = SparkMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpShowsExamples() {
        for (String command : new String[] {"volume", "filter", "predict"}) {
            Run r = run(command, "--help");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("Examples:") && r.out().contains("conv4j spark " + command + " "), r.out());
        }
    }

    @Test
    void volumeRunsLocallyAndErrorsHaveTheirExitCodes() throws Exception {
        Tensor volume = VolumeJobTest.writeInput(dir.resolve("in.zarr"), 2, new long[] {9, 10, 11}, new int[] {4, 4, 4}, 31);
        Run ok = run("volume", dir.resolve("in.zarr").toString(), "--kernel", "box3d:3", "--boundary", "replicate",
                "--output", dir.resolve("out.zarr").toString(), "--chunks", "5,5,5", "--block-voxels", "125",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("12 task(s), 12 chunk(s)"), ok.out());
        float[] expected = Filtering.apply(volume, Kernels.parse("box3d:3", 3),
                new Filtering.Options(Boundary.REPLICATE, false, Planner.standard())).data();
        assertArrayEquals(expected, VolumeJobTest.readAll(dir.resolve("out.zarr")));

        Run missing = run("volume", dir.resolve("nothing.zarr").toString(), "--kernel", "box3d:3", "--output",
                dir.resolve("x.zarr").toString(), "--master", "local[1]");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nothing.zarr"), missing.err());
        Run badKernel = run("volume", dir.resolve("in.zarr").toString(), "--kernel", "nosuch", "--output",
                dir.resolve("x.zarr").toString(), "--master", "local[1]");
        assertEquals(2, badKernel.exit(), badKernel.err());
        Run same = run("volume", dir.resolve("in.zarr").toString(), "--kernel", "box3d:3", "--output",
                dir.resolve("in.zarr").toString(), "--master", "local[1]");
        assertEquals(2, same.exit());
        assertTrue(same.err().contains("is the input"), same.err());
    }

    @Test
    void filterExitCodeCountsTheFilesThatFailed() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Npy.write(in.resolve("a.npy"), Tensor.wrap(Shape.of(3, 4, 5), new float[60]));
        Files.writeString(in.resolve("b.png"), "not a png");
        Files.writeString(in.resolve("c.wav"), "not a wav");
        Run r = run("filter", in.toString(), "--kernel", "box:3", "--output", dir.resolve("out[1]").toString(),
                "--master", "local[2]");
        assertEquals(102, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("2 of 3 file(s) failed"), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("out[1]/a.box3d-3.npy")));
    }
}
