package dev.conv4j.cli;

import static dev.conv4j.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private Path save(String name, Shape shape, float... values) throws IOException {
        Path file = dir.resolve(name);
        Npy.write(file, Tensor.wrap(shape, values));
        return file;
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    @Test
    void conv2dSameOnOnes() throws IOException {
        Path x = save("x.npy", Shape.of(1, 5, 5, 1), ones(25));
        Path w = save("w.npy", Shape.of(3, 3, 1, 1), ones(9));
        Path y = dir.resolve("y.npy");
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--output", y.toString(),
                "--padding", "SAME", "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        Tensor out = Npy.read(y);
        assertEquals(Shape.of(1, 5, 5, 1), out.shape());
        assertArrayEquals(new float[] {4, 6, 6, 6, 4}, java.util.Arrays.copyOf(out.data(), 5));
        assertEquals(9f, out.get(0, 2, 2, 0));
        assertTrue(r.out().startsWith("conv: input NHWC [1,5,5,1], filter HWIO [3,3,1,1] -> output NHWC [1,5,5,1] written to "),
                r.out());
    }

    @Test
    void conv1dWithBiasLongFormStridesAndExplicitPadding() throws IOException {
        Path x = save("x.npy", Shape.of(1, 6, 1), 1, 2, 3, 4, 5, 6);
        Path w = save("w.npy", Shape.of(2, 1, 1), 1, 10);
        Path b = save("b.npy", Shape.of(1), 0.5f);
        Path y = dir.resolve("y.npy");
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--bias", b.toString(),
                "--output", y.toString(), "--strides", "1,2,1", "--padding", "1,0");
        assertEquals(0, r.exitCode(), r.err());
        // padded [0,1,2,3,4,5,6], taps (1,10) at starts 0,2,4: 10.5, 2+30+.5, 4+50+.5
        assertArrayEquals(new float[] {10.5f, 32.5f, 54.5f}, Npy.read(y).data());
    }

    @Test
    void channelsFirstOihwReflect() throws IOException {
        Path x = save("x.npy", Shape.of(1, 1, 4), 1, 2, 3, 4);
        Path w = save("w.npy", Shape.of(1, 1, 3), 1, 1, 1);
        Path y = dir.resolve("y.npy");
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--output", y.toString(),
                "--data-format", "NCW", "--filter-format", "OIW", "--padding", "SAME", "--boundary", "reflect");
        assertEquals(0, r.exitCode(), r.err());
        // reflect pads [2 | 1 2 3 4 | 3]
        assertArrayEquals(new float[] {5, 6, 9, 10}, Npy.read(y).data());
    }

    @Test
    void depthwise() throws IOException {
        Path x = save("x.npy", Shape.of(1, 1, 1, 2), 10, 100);
        Path w = save("w.npy", Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
        Path y = dir.resolve("y.npy");
        CliRun r = run("depthwise", "--input", x.toString(), "--filter", w.toString(), "--output", y.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(new float[] {10, 20, 300, 400}, Npy.read(y).data());
    }

    @Test
    void shapeErrorExitsTwoNamesShapesAndWritesNothing() throws IOException {
        Path x = save("x.npy", Shape.of(1, 5, 5, 32), new float[800]);
        Path w = save("w.npy", Shape.of(3, 3, 3, 64), new float[1728]);
        Path y = dir.resolve("y.npy");
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--output", y.toString());
        assertEquals(2, r.exitCode());
        assertEquals("conv4j conv: filter in_channels 3 does not match input in_channels 32"
                + " (input NHWC [1,5,5,32], filter HWIO [3,3,3,64])", r.err().strip());
        assertOnlyInputsIn(dir, "x.npy", "w.npy");
    }

    @Test
    void failedRunLeavesAnExistingOutputUntouched() throws IOException {
        Path x = save("x.npy", Shape.of(1, 2, 1), 1, 2);
        Path w = save("w.npy", Shape.of(3, 1, 1), 1, 1, 1);
        Path y = save("y.npy", Shape.of(1), 42);
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--output", y.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("input width 2 is smaller than the kernel width 3 with VALID padding"), r.err());
        assertArrayEquals(new float[] {42}, Npy.read(y).data());
    }

    @Test
    void missingFileIsAnIoError() {
        CliRun r = run("conv", "--input", dir.resolve("nope.npy").toString(), "--filter", "w.npy", "--output", "y.npy");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope.npy"), r.err());
    }

    @Test
    void truncatedNpyIsAnIoError() throws IOException {
        Path x = save("x.npy", Shape.of(1, 8, 1), new float[8]);
        byte[] bytes = Files.readAllBytes(x);
        Files.write(x, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        Path w = save("w.npy", Shape.of(1, 1, 1), 1);
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("x.npy"), r.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void badOptionIsAUsageError() {
        CliRun r = run("conv", "--input", "x.npy", "--filter", "w.npy", "--output", "y.npy", "--strides", "two");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--strides"), r.err());
    }

    @Test
    void unknownPaddingNamesTheArgument() throws IOException {
        Path x = save("x.npy", Shape.of(1, 4, 1), 1, 2, 3, 4);
        Path w = save("w.npy", Shape.of(1, 1, 1), 1);
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "--output",
                dir.resolve("y.npy").toString(), "--padding", "FULL");
        assertEquals(2, r.exitCode());
        assertEquals("conv4j conv: padding 'FULL' is neither SAME, VALID, CAUSAL nor a list of whole numbers"
                + " b0,a0,b1,a1,...", r.err().strip());
    }

    @Test
    void shapePrintsFormulaAndPads() {
        CliRun r = run("shape", "--input", "1,224,224,3", "--filter", "7,7,3,64", "--strides", "2", "--padding", "SAME");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("2D convolution (the kernel slides along 2 axes): input NHWC [1,224,224,3], filter HWIO [7,7,3,64]"
                + " -> output NHWC [1,112,112,64]", lines.get(0));
        assertEquals("  height  SAME: out = ceil(224 / 2) = 112; pad_total = max((112 - 1)*2 + 7 - 224, 0) = 5"
                + " -> before 2, after 3 (the odd one goes after, as in TensorFlow)", lines.get(1));
        assertEquals("  pads before [2, 2], after [3, 3]; 118,013,952 multiply-adds", lines.get(3));
    }

    @Test
    void shapeCountsMultiplyAddsBeyondALongExactly() {
        CliRun r = run("shape", "--input", "1,50000,50000,100", "--filter", "25000,25000,100,3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("; 117,196,875,187,500,000,000 multiply-adds"), r.out());
    }

    @Test
    void filterVolumeHelpHasNoFormatWarnings() {
        CliRun r = run("filter", "volume", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("fit in 40% of the heap"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void outOfMemoryIsOneLineSayingHowToGiveTheJvmMore() {
        @picocli.CommandLine.Command(name = "greedy")
        class Greedy implements Runnable {
            @Override
            public void run() {
                throw new OutOfMemoryError("Java heap space");
            }
        }
        picocli.CommandLine cli = new picocli.CommandLine(new Greedy());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertEquals(1, Conv4j.execute(cli));
        assertTrue(err.toString().lines().count() == 1 && err.toString().startsWith("greedy: out of memory with a heap of ")
                && err.toString().contains("CONV4J_JAVA_OPTS=-Xmx"), err.toString());
    }

    @Test
    void shapeErrorGuessesTheLayout() {
        CliRun r = run("shape", "--input", "1,3,224,224", "--filter", "7,7,3,64");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("the input looks like NCHW data: pass data format NCHW"), r.err());
    }

    @Test
    void demoComputesTheWorkedExamples() {
        CliRun r = run("demo");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("output [2, 3, 3, 3, 2]"), out);
        assertTrue(out.contains("zero      [0.7500, 1, 1, 1, 0.7500]"), out);
        assertTrue(out.contains("reflect   [1, 1, 1, 1, 1]"), out);
        assertTrue(out.contains("[18, 27, 27, 27, 18]"), out);
        assertTrue(out.contains("[128, 192, 192, 192, 128]"), out);
        assertTrue(out.contains("output [1,5,5,64]"), out);
        assertTrue(out.contains("sees only its centre tap: [5]"), out);
        assertTrue(out.contains("output [1,5,2]"), out);
        assertTrue(out.contains("= 81, a corner 8 x 3 = 24"), out);
        assertTrue(out.contains("SAME  stride 2 -> [1,4,4,1]"), out);
        assertTrue(out.contains("equal: true"), out);
    }

    private static void assertOnlyInputsIn(Path dir, String... names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.Set.of(names), files.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }
}
