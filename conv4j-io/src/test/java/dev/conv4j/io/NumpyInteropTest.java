package dev.conv4j.io;

import static dev.conv4j.io.NpyReadTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks conv4j against NumPy itself; skipped where python3 with numpy is not installed. */
class NumpyInteropTest {
    private static final long PYTHON_TIMEOUT_SECONDS = 120;

    @TempDir
    Path directory;

    private static boolean numpyAvailable;

    @BeforeAll
    static void probePython() {
        numpyAvailable = numpyImports();
    }

    /** Per test rather than in {@code @BeforeAll}, so that each test is reported as skipped. */
    @BeforeEach
    void requireNumpy() {
        assumeTrue(numpyAvailable, "python3 with numpy is not available");
    }

    /** Shapes whose headers cover every padding case: each rank from 0 to 40, and long first sizes. */
    private static List<Shape> shapesToCompare() {
        List<Shape> shapes = new ArrayList<>(List.of(
                Shape.of(5), Shape.of(2, 3), Shape.of(0), Shape.of(7, 0, 3), Shape.of(1_000_000_000, 0),
                Shape.of(3, 1, 4, 1, 5, 9, 2, 6), Shape.of(12_345), Shape.of(2, 3, 4, 5, 6)));
        for (int rank = 0; rank <= 40; rank++) {
            int[] dims = new int[rank];
            Arrays.fill(dims, 1);
            shapes.add(Shape.of(dims));
        }
        return shapes;
    }

    @Test
    void writesTheSameBytesAsNpSave() throws IOException {
        List<Shape> shapes = shapesToCompare();
        List<String> arguments = new ArrayList<>(List.of(directory.toString()));
        Random random = new Random(2024);
        for (int i = 0; i < shapes.size(); i++) {
            Shape shape = shapes.get(i);
            float[] values = new float[(int) shape.elementCount()];
            for (int j = 0; j < values.length; j++) {
                values[j] = (float) random.nextGaussian();
            }
            Files.write(directory.resolve(i + ".raw"), NpyBytes.f4(values));
            Npy.write(directory.resolve(i + ".java.npy"), Tensor.wrap(shape, values));
            arguments.add(Arrays.stream(shape.dims()).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        }

        python("""
                import sys, numpy as np
                directory = sys.argv[1]
                for i, spec in enumerate(sys.argv[2:]):
                    shape = tuple(int(d) for d in spec.split(',') if d)
                    a = np.fromfile(f'{directory}/{i}.raw', dtype='<f4').reshape(shape)
                    np.save(f'{directory}/{i}.numpy.npy', a)
                """, arguments);

        for (int i = 0; i < shapes.size(); i++) {
            byte[] numpy = Files.readAllBytes(directory.resolve(i + ".numpy.npy"));
            byte[] java = Files.readAllBytes(directory.resolve(i + ".java.npy"));
            assertArrayEquals(numpy, java, "shape " + shapes.get(i) + ": np.save header "
                    + new String(numpy, 0, Math.min(numpy.length, 200), StandardCharsets.ISO_8859_1).strip());
        }
    }

    /**
     * NumPy saves each dtype, and also its own float32 conversion of the same values as raw
     * bytes; conv4j must read exactly those floats.
     */
    @Test
    void readsEveryDtypeAsNumpyConvertsIt() throws IOException {
        python("""
                import sys, numpy as np
                d = sys.argv[1]
                arrays = {
                    'f2': np.array([0, 1, -2, 65504, 6e-8, np.inf, np.nan], '<f2'),
                    'f4': np.random.default_rng(1).standard_normal((10, 10, 10)).astype('<f4'),
                    'f8': np.array([0.1, 1e300, -1e-50, 1 + 2**-24, 1 + 3 * 2**-24, 16777217, np.nan], '<f8'),
                    'i1': np.array([-128, -1, 0, 127], '|i1'),
                    'u1': np.array([[0, 1], [128, 255]], '|u1'),
                    'i2': np.array([-32768, -1, 32767], '<i2'),
                    'u2': np.array([0, 32768, 65535], '<u2'),
                    'i4': np.array([-2**31, -1, 16777217, 2**31 - 1], '<i4'),
                    'u4': np.array([0, 2**31, 2**32 - 1, 16777219], '<u4'),
                    'i8': np.array([-2**63, -1, 2**60 + 2**36 + 1, 2**63 - 1, 2**53 + 1], '<i8'),
                    'scalar': np.float32(3.5),
                }
                for name, a in arrays.items():
                    np.save(f'{d}/{name}.npy', a)
                    np.asarray(a).astype('<f4').tofile(f'{d}/{name}.f4')
                for version in [(2, 0), (3, 0)]:
                    with open(f'{d}/v{version[0]}.npy', 'wb') as f:
                        np.lib.format.write_array(f, arrays['f4'], version=version)
                    arrays['f4'].tofile(f'{d}/v{version[0]}.f4')
                """, List.of(directory.toString()));

        for (String name : List.of("f2", "f4", "f8", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "scalar", "v2", "v3")) {
            Tensor tensor = Npy.read(directory.resolve(name + ".npy"));
            float[] expected = floatsIn(directory.resolve(name + ".f4"));
            assertBitsEqual(expected, tensor.data());
        }
        assertEquals(Shape.of(10, 10, 10), Npy.read(directory.resolve("v3.npy")).shape());
        assertEquals(Shape.of(2, 2), Npy.read(directory.resolve("u1.npy")).shape());
        assertEquals(Shape.of(), Npy.read(directory.resolve("scalar.npy")).shape());
    }

    @Test
    void refusesWhatNumpyWritesForUnsupportedArrays() throws IOException {
        python("""
                import sys, numpy as np
                d = sys.argv[1]
                np.save(f'{d}/fortran.npy', np.asfortranarray(np.ones((2, 3), '<f4')))
                np.save(f'{d}/big_endian.npy', np.ones(3, '>f4'))
                np.save(f'{d}/bool.npy', np.array([True, False]))
                """, List.of(directory.toString()));

        Path fortran = directory.resolve("fortran.npy");
        NpyErrorAssertions.fails(() -> Npy.read(fortran), fortran.toString(),
                "fortran_order True is not supported: save with np.ascontiguousarray");
        Path bigEndian = directory.resolve("big_endian.npy");
        NpyErrorAssertions.fails(() -> Npy.read(bigEndian), bigEndian.toString(), "big-endian dtype '>f4'");
        Path bool = directory.resolve("bool.npy");
        NpyErrorAssertions.fails(() -> Npy.read(bool), bool.toString(), "dtype '|b1' (bool) is not supported");
    }

    private static float[] floatsIn(Path raw) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static boolean numpyImports() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void python(String script, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python3 did not finish within " + PYTHON_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for python3", e);
        }
        assertEquals(0, process.exitValue(), () -> "python3 failed:\n" + output);
    }
}
