package dev.conv4j.cli;

import static dev.conv4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.explain.BackwardExplainer;
import dev.conv4j.explain.BackwardExplainer.Op;
import dev.conv4j.explain.BackwardExplainer.Worked;
import dev.conv4j.io.Npy;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --op}: the numbers it shows are those {@code conv4j transpose} and {@code grad-input} write. */
class ExplainOpTest {
    @TempDir
    Path dir;

    private static final String[] SHAPES = {"--input", "1,5,6,1", "--filter", "3,3,1,2", "--strides", "2",
        "--padding", "SAME"};

    private static ConvGeometry geometry() {
        return ConvSpec.builder(2).strides(2).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 5, 6, 1), Shape.of(3, 3, 1, 2));
    }

    /** The grid printed after {@code "<name> [shape]:"}, row by row. */
    private static float[] printedGrid(String text, String heading, int count) {
        int at = text.indexOf(heading);
        assertTrue(at >= 0, heading + " in " + text);
        String[] numbers = text.substring(text.indexOf('\n', at) + 1).strip().split("\\s+");
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = Float.parseFloat(numbers[i]);
        }
        return values;
    }

    @Test
    void transposeShowsWhatConv4jTransposeWrites() throws IOException {
        Worked w = BackwardExplainer.work(Op.TRANSPOSE, geometry());
        Path x = dir.resolve("x.npy");
        Path f = dir.resolve("w.npy");
        Path y = dir.resolve("y.npy");
        Npy.write(x, w.operand());
        Npy.write(f, w.filter());
        CliRun t = run("transpose", "--input", x.toString(), "--filter", f.toString(), "--output", y.toString(),
                "--output-shape", "1,5,6,1", "--strides", "2", "--padding", "SAME");
        assertEquals(0, t.exitCode(), t.err());
        Tensor written = Npy.read(y);

        Path svg = dir.resolve("t.svg");
        Path png = dir.resolve("t.png");
        Path gif = dir.resolve("t.gif");
        CliRun e = run(concat(SHAPES, "--op", "transpose", "--svg", svg.toString(), "--png", png.toString(), "--gif",
                gif.toString()));
        assertEquals(0, e.exitCode(), e.err());
        assertArrayEquals(written.data(), printedGrid(e.out(), "y [1,5,6,1]:", 30), e.out());
        assertTrue(e.out().contains("equal to y above, value for value"), e.out());
        // the picture prints every output value of the transposed convolution in its cells
        String picture = Files.readString(svg);
        for (float v : written.data()) {
            assertTrue(picture.contains(">" + BackwardExplainer.number(v) + "</text>"), v + " in the SVG");
        }
        assertTrue(Files.size(png) > 1000 && Files.size(gif) > 1000);
    }

    @Test
    void gradInputShowsWhatConv4jGradInputWrites() throws IOException {
        Worked w = BackwardExplainer.work(Op.GRAD_INPUT, geometry());
        Path dy = dir.resolve("dy.npy");
        Path f = dir.resolve("w.npy");
        Path dx = dir.resolve("dx.npy");
        Npy.write(dy, w.operand());
        Npy.write(f, w.filter());
        CliRun g = run("grad-input", "--grad-output", dy.toString(), "--filter", f.toString(), "--input-shape",
                "1,5,6,1", "--output", dx.toString(), "--strides", "2", "--padding", "SAME");
        assertEquals(0, g.exitCode(), g.err());
        CliRun e = run(concat(SHAPES, "--op", "grad-input"));
        assertEquals(0, e.exitCode(), e.err());
        assertArrayEquals(Npy.read(dx).data(), printedGrid(e.out(), "dx [1,5,6,1]:", 30), e.out());
        assertTrue(e.out().contains("flip the kernel along every spatial axis and swap its in/out channels:"
                + " [3,3,1,2] -> [3,3,2,1]"), e.out());
    }

    @Test
    void gradFilterAndItsRefusals() {
        CliRun e = run(concat(SHAPES, "--op", "grad-filter"));
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains("equal to dw above, value for value"), e.out());
        CliRun bad = run(concat(SHAPES, "--op", "backwards"));
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--op 'backwards' is not one of"), bad.err());
        CliRun grouped = run("explain", "--input", "1,5,5,4", "--filter", "3,3,2,4", "--groups", "2", "--op",
                "grad-input");
        assertEquals(2, grouped.exitCode());
        assertTrue(grouped.err().contains("this convolution has groups"), grouped.err());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length + 1];
        all[0] = "explain";
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        return all;
    }
}
