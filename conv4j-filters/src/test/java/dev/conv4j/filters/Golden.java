package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.conv4j.spec.Boundary;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/** Finds the golden files (written once by src/test/golden/make_golden.py) and compares with them. */
final class Golden {
    private Golden() {
    }

    static Path file(String name) {
        try {
            var url = Golden.class.getResource("/golden/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test resource golden/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** scipy.ndimage's and OpenCV's names for conv4j's boundary modes (the point of these tests). */
    static Boundary boundary(String library, String mode) {
        return switch (library + " " + mode) {
            case "scipy mirror", "opencv BORDER_REFLECT_101" -> Boundary.REFLECT;
            case "scipy reflect", "opencv BORDER_REFLECT" -> Boundary.SYMMETRIC;
            case "scipy nearest", "opencv BORDER_REPLICATE" -> Boundary.REPLICATE;
            case "scipy wrap" -> Boundary.CIRCULAR;
            case "scipy constant", "opencv BORDER_CONSTANT" -> Boundary.ZERO;
            default -> throw new IllegalArgumentException(library + " " + mode);
        };
    }

    /**
     * Asserts {@code |actual - expected| <= 1e-5 * bound + 1e-6} element by element, where
     * {@code bound = max|x| * sum|w|} bounds the semantics' {@code sum |x*w|}.
     */
    static void assertClose(float[] expected, float[] actual, double bound, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double tolerance = 1e-5 * bound + 1e-6;
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            if (!(err <= worst)) {
                worst = err;
                at = i;
            }
        }
        if (!(worst <= tolerance)) {
            fail(what + ": element " + at + " is " + actual[at] + ", expected " + expected[at] + " (error " + worst
                    + " > tolerance " + tolerance + ")");
        }
    }

    static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Element {@code index} of the first axis of a stacked golden array. */
    static float[] part(float[] stacked, int parts, int index) {
        int n = stacked.length / parts;
        return Arrays.copyOfRange(stacked, index * n, (index + 1) * n);
    }
}
