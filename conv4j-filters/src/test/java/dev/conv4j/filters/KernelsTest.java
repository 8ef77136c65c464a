package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelsTest {
    @TempDir
    Path dir;

    private static Stencil only(String spec, int rank) {
        return ((FilterKernel.Linear) Kernels.parse(spec, rank)).passes().getFirst();
    }

    @Test
    void kernelSums() {
        assertEquals(1, only("box:3", 2).sum(), 1e-6);
        assertEquals(1, only("box:4", 2).sum(), 1e-6);
        assertEquals(1, only("gaussian:1.5", 2).sum(), 1e-5);
        assertEquals(0, only("sobel-x", 2).sum());
        assertEquals(0, only("sobel-y", 2).sum());
        assertEquals(0, only("edge", 2).sum());
        assertEquals(0, only("laplacian", 2).sum());
        assertEquals(1, only("sharpen", 2).sum());
        assertEquals(1, only("emboss", 2).sum());
        assertEquals(0, only("laplacian3d", 3).sum());
        for (String s : List.of("uniform", "centre-weighted", "edge-weighted", "uniform:5", "gaussian:3", "box:7")) {
            assertEquals(1, only(s, 1).sum(), 1e-6, s);
        }
    }

    @Test
    void gaussianRadiusIsScipys() {
        assertEquals(Shape.of(13, 13), only("gaussian:1.5", 2).shape()); // int(4*1.5+0.5) = 6
        assertEquals(Shape.of(17), only("gaussian:2", 1).shape());
        assertEquals(Shape.of(9), only("gaussian:1", 1).shape());
        assertEquals(Shape.of(5), only("gaussian:0.5", 1).shape());
        double[] g = Kernels.gaussian1d(1.0);
        assertEquals(0.3989434693, g[4], 1e-6, "centre weight of a unit Gaussian, as scipy gives it");
        FilterKernel.Linear g3 = (FilterKernel.Linear) Kernels.parse("gaussian3d:1", 3);
        assertEquals(3, g3.passes().size(), "separable: one pass per axis");
        assertEquals(Shape.of(9, 1, 1), g3.passes().get(0).shape());
        assertEquals(Shape.of(1, 1, 9), g3.passes().get(2).shape());
    }

    @Test
    void theSeedsSmoothers() {
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.25f}, only("centre-weighted:3", 1).weights().data());
        assertArrayEquals(new float[] {0.4f, 0.2f, 0.4f}, only("edge-weighted:3", 1).weights().data());
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, only("uniform:3", 1).weights().data());
        assertEquals(Shape.of(9), only("uniform", 1).shape());
        float[] c = only("centre-weighted", 1).weights().data();
        assertEquals(5 / 25f, c[4], 1e-7);
        assertEquals(1 / 25f, c[0], 1e-7);
    }

    @Test
    void namedKernelsHaveTheDocumentedWeights() {
        assertArrayEquals(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, only("sobel-x", 2).weights().data());
        assertArrayEquals(new float[] {-1, -2, -1, 0, 0, 0, 1, 2, 1}, only("sobel-y", 2).weights().data());
        assertArrayEquals(new float[] {-1, -1, -1, -1, 8, -1, -1, -1, -1}, only("edge", 2).weights().data());
        FilterKernel.Magnitude sobel3d = assertInstanceOf(FilterKernel.Magnitude.class, Kernels.parse("sobel3d", 3));
        Stencil z = sobel3d.components().getFirst().passes().getFirst();
        assertEquals(Shape.of(3, 3, 3), z.shape());
        assertEquals(-4f, z.weights().get(0, 1, 1) / 1, "[-1,0,1] x [1,2,1] x [1,2,1] at the face centre");
        assertEquals(1f, z.weights().get(2, 0, 0));
        assertEquals(ToneMap.SIGNED, Kernels.parse("edge", 2).defaultToneMap());
        assertEquals(ToneMap.CLAMP, Kernels.parse("sharpen", 2).defaultToneMap());
        assertEquals(ToneMap.CLAMP, Kernels.parse("gaussian:1", 2).defaultToneMap());
        assertEquals(ToneMap.NORMALIZE, Kernels.parse("sobel", 2).defaultToneMap());
    }

    @Test
    void customKernelsFromNpyAndText() throws IOException {
        Path npy = dir.resolve("diag.npy");
        Npy.write(npy, Tensor.wrap(Shape.of(2, 2, 1, 1), new float[] {1, 0, 0, -1}));
        Stencil s = only(npy.toString(), 2);
        assertEquals("diag", s.name());
        assertEquals(Shape.of(2, 2), s.shape());
        Path text = dir.resolve("ridge.txt");
        Files.writeString(text, "# a ridge detector\n-1, 2, -1\n-1 2 -1\n-1\t2\t-1\n");
        Stencil t = only(text.toString(), 2);
        assertEquals(Shape.of(3, 3), t.shape());
        assertEquals(2f, t.weights().get(2, 1));
        Path column = dir.resolve("diff.txt");
        Files.writeString(column, "1\n-1\n");
        assertEquals(Shape.of(2), only(column.toString(), 1).shape());
        Path slices = dir.resolve("cube.txt");
        Files.writeString(slices, "1 1\n1 1\n\n2 2\n2 2\n");
        assertEquals(Shape.of(2, 2, 2), only(slices.toString(), 3).shape());
    }

    @Test
    void errorsNameTheArgumentAndTheChoices() throws IOException {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Kernels.parse("blurry", 2));
        assertTrue(unknown.getMessage().contains("--kernel 'blurry'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("sobel-x"), unknown.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernels.parse("box", 2)).getMessage()
                .contains("needs a size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernels.parse("gaussian:-1", 2)).getMessage()
                .contains("must be > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernels.parse("uniform:4", 1)).getMessage()
                .contains("must be odd"));
        Path ragged = dir.resolve("ragged.txt");
        Files.writeString(ragged, "1 2 3\n4 5\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernels.parse(ragged.toString(), 2)).getMessage()
                .contains("line 2 has 2 numbers"));
        Path cube = dir.resolve("cube.npy");
        Npy.write(cube, Tensor.filled(Shape.of(3, 3, 3), 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernels.parse(cube.toString(), 2)).getMessage()
                .contains("is not a 2D kernel"));
    }
}
