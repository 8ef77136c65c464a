package dev.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GradientCommandsTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        CommandLine cli = Conv4j.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private String save(String name, Shape shape, float... values) throws IOException {
        Path file = dir.resolve(name);
        Npy.write(file, Tensor.wrap(shape, values));
        return file.toString();
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void gradInputMatchesTensorFlowsCase() throws IOException {
        StringWriter err = new StringWriter();
        int code = run(err, "grad-input", "--filter", save("w.npy", Shape.of(2, 2, 1, 1), ramp(4)),
                "--grad-output", save("g.npy", Shape.of(1, 1, 2, 1), ramp(2)), "--input-shape", "1,2,3,1",
                "--output", dir.resolve("dx.npy").toString());
        assertEquals(0, code, err.toString());
        assertArrayEquals(new float[] {1, 4, 4, 3, 10, 8}, Npy.read(dir.resolve("dx.npy")).data());
    }

    @Test
    void gradFilterMatchesTensorFlowsCase() throws IOException {
        StringWriter err = new StringWriter();
        int code = run(err, "grad-filter", "--input", save("x.npy", Shape.of(1, 2, 3, 1), ramp(6)),
                "--grad-output", save("g.npy", Shape.of(1, 1, 2, 1), ramp(2)), "--filter-shape", "2,2,1,1",
                "--output", dir.resolve("dw.npy").toString());
        assertEquals(0, code, err.toString());
        assertArrayEquals(new float[] {5, 8, 14, 17}, Npy.read(dir.resolve("dw.npy")).data());
    }

    @Test
    void algoForcesAnAlgorithmAndAnUnknownOneIsAUsageErrorNamingTheRest() throws IOException {
        String filter = save("w.npy", Shape.of(2, 2, 1, 1), ramp(4));
        String gradient = save("g.npy", Shape.of(1, 1, 2, 1), ramp(2));
        StringWriter err = new StringWriter();
        int code = run(err, "grad-input", "--filter", filter, "--grad-output", gradient, "--input-shape", "1,2,3,1",
                "--algo", "direct-grad-input", "--output", dir.resolve("dx.npy").toString());
        assertEquals(0, code, err.toString());
        assertArrayEquals(new float[] {1, 4, 4, 3, 10, 8}, Npy.read(dir.resolve("dx.npy")).data());

        StringWriter unknown = new StringWriter();
        assertEquals(2, run(unknown, "grad-filter", "--input", save("x.npy", Shape.of(1, 2, 3, 1), ramp(6)),
                "--grad-output", gradient, "--filter-shape", "2,2,1,1", "--algo", "fastest",
                "--output", dir.resolve("dw.npy").toString()));
        assertTrue(unknown.toString().contains("unknown algorithm fastest; the algorithms are")
                && unknown.toString().contains("direct-grad-filter"), unknown.toString());
        assertTrue(Files.notExists(dir.resolve("dw.npy")));

        StringWriter transposed = new StringWriter();
        assertEquals(0, run(transposed, "transpose", "--input", save("t.npy", Shape.of(1, 3, 1), 1, 1, 1),
                "--filter", save("tw.npy", Shape.of(3, 1, 1), 1, 1, 1), "--strides", "2", "--output-padding", "1",
                "--algo", "direct-grad-input", "--output", dir.resolve("y.npy").toString()), transposed.toString());
        assertArrayEquals(new float[] {1, 1, 2, 1, 2, 1, 1, 0}, Npy.read(dir.resolve("y.npy")).data());
    }

    @Test
    void transposeWithOutputPadding() throws IOException {
        StringWriter err = new StringWriter();
        int code = run(err, "transpose", "--input", save("x.npy", Shape.of(1, 3, 1), 1, 1, 1),
                "--filter", save("w.npy", Shape.of(3, 1, 1), 1, 1, 1), "--strides", "2", "--output-padding", "1",
                "--output", dir.resolve("y.npy").toString());
        assertEquals(0, code, err.toString());
        assertArrayEquals(new float[] {1, 1, 2, 1, 2, 1, 1, 0}, Npy.read(dir.resolve("y.npy")).data());
    }

    @Test
    void transposeToAnImpossibleShapeListsTheLegalSizesAndWritesNothing() throws IOException {
        StringWriter err = new StringWriter();
        int code = run(err, "transpose", "--input", save("x.npy", Shape.of(1, 3, 1), 1, 1, 1),
                "--filter", save("w.npy", Shape.of(3, 1, 1), 1, 1, 1), "--strides", "2", "--output-shape", "1,10,1",
                "--output", dir.resolve("y.npy").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("sizes that give [1,3,1]: width 7..8"), err.toString());
        assertTrue(Files.notExists(dir.resolve("y.npy")));
    }
}
