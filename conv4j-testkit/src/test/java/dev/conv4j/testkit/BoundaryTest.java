package dev.conv4j.testkit;

import static dev.conv4j.testkit.Tensors.assertReference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Boundary modes against {@code numpy.pad}: the expectations below are written out by hand and
 * agree with {@code numpy.pad(x, pad, mode)} for modes {@code constant}, {@code reflect},
 * {@code symmetric}, {@code edge} and {@code wrap}.
 */
class BoundaryTest {

    static Stream<Arguments> numpyPad() {
        return Stream.of(
                // numpy.pad([1, 2, 3, 4], 3, mode)
                Arguments.of(Boundary.ZERO, new int[] {1, 2, 3, 4}, 3, new int[] {0, 0, 0, 1, 2, 3, 4, 0, 0, 0}),
                Arguments.of(Boundary.REFLECT, new int[] {1, 2, 3, 4}, 3, new int[] {4, 3, 2, 1, 2, 3, 4, 3, 2, 1}),
                Arguments.of(Boundary.SYMMETRIC, new int[] {1, 2, 3, 4}, 3, new int[] {3, 2, 1, 1, 2, 3, 4, 4, 3, 2}),
                Arguments.of(Boundary.REPLICATE, new int[] {1, 2, 3, 4}, 3, new int[] {1, 1, 1, 1, 2, 3, 4, 4, 4, 4}),
                Arguments.of(Boundary.CIRCULAR, new int[] {1, 2, 3, 4}, 3, new int[] {2, 3, 4, 1, 2, 3, 4, 1, 2, 3}),
                // numpy.pad([1, 2, 3], 5, mode): pads wider than the input repeat the pattern
                Arguments.of(Boundary.ZERO, new int[] {1, 2, 3}, 5, new int[] {0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0}),
                Arguments.of(Boundary.REFLECT, new int[] {1, 2, 3}, 5, new int[] {2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2}),
                Arguments.of(Boundary.SYMMETRIC, new int[] {1, 2, 3}, 5, new int[] {2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2}),
                Arguments.of(Boundary.REPLICATE, new int[] {1, 2, 3}, 5, new int[] {1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3}),
                Arguments.of(Boundary.CIRCULAR, new int[] {1, 2, 3}, 5, new int[] {2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2}),
                // numpy.pad([7], 2, mode): a single element
                Arguments.of(Boundary.ZERO, new int[] {7}, 2, new int[] {0, 0, 7, 0, 0}),
                Arguments.of(Boundary.REFLECT, new int[] {7}, 2, new int[] {7, 7, 7, 7, 7}),
                Arguments.of(Boundary.SYMMETRIC, new int[] {7}, 2, new int[] {7, 7, 7, 7, 7}),
                Arguments.of(Boundary.REPLICATE, new int[] {7}, 2, new int[] {7, 7, 7, 7, 7}),
                Arguments.of(Boundary.CIRCULAR, new int[] {7}, 2, new int[] {7, 7, 7, 7, 7}));
    }

    /** Padded position {@code i} reads {@code x[sourceIndex(i, n)]}, or 0 when that is -1. */
    @ParameterizedTest(name = "{0} pad {2} of {1}")
    @MethodSource("numpyPad")
    void sourceIndexPadsLikeNumpy(Boundary boundary, int[] x, int pad, int[] numpyPadded) {
        int[] padded = new int[x.length + 2 * pad];
        for (int i = 0; i < padded.length; i++) {
            int source = boundary.sourceIndex(i - pad, x.length);
            padded[i] = source < 0 ? 0 : x[source];
        }
        assertArrayEquals(numpyPadded, padded);
    }

    static Stream<Arguments> windows() {
        // numpy.pad([1, 2, 3, 4], 2, mode), and its four windows of 5 forwards and backwards
        return Stream.of(
                Arguments.of(Boundary.ZERO, // 0 0 1 2 3 4 0 0
                        new double[] {123, 1234, 12340, 23400}, new double[] {32100, 43210, 4321, 432}),
                Arguments.of(Boundary.REFLECT, // 3 2 1 2 3 4 3 2
                        new double[] {32123, 21234, 12343, 23432}, new double[] {32123, 43212, 34321, 23432}),
                Arguments.of(Boundary.SYMMETRIC, // 2 1 1 2 3 4 4 3
                        new double[] {21123, 11234, 12344, 23443}, new double[] {32112, 43211, 44321, 34432}),
                Arguments.of(Boundary.REPLICATE, // 1 1 1 2 3 4 4 4
                        new double[] {11123, 11234, 12344, 23444}, new double[] {32111, 43211, 44321, 44432}),
                Arguments.of(Boundary.CIRCULAR, // 3 4 1 2 3 4 1 2
                        new double[] {34123, 41234, 12341, 23412}, new double[] {32143, 43214, 14321, 21432}));
    }

    /**
     * A kernel of powers of ten writes each window of the padded signal as a decimal number:
     * output {@code o} of {@code [1, 2, 3, 4]} with a 5-tap kernel and SAME padding (2 each side)
     * spells out padded positions {@code o-2 .. o+2}; a flipped kernel spells them backwards.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void referenceReadsPaddedPositionsThroughTheBoundary(Boundary boundary, double[] windows, double[] backwards) {
        ConvSpec spec = ConvSpec.builder(1).padding(Padding.SAME).boundary(boundary).build();
        assertReference(Shape.of(1, 4, 1), windows, spec, signal(), digitKernel());
        assertReference(Shape.of(1, 4, 1), backwards, spec.toBuilder().flipKernel(true).build(), signal(), digitKernel());
    }

    /** Explicit pads wider than the input: numpy.pad([1, 2, 3, 4], 5, 'reflect') = 2 3 4 3 2 | 1 2 3 4 | 3 2 1 2 3. */
    @Test
    void reflectPadsWiderThanTheInputRepeatThePattern() {
        ConvSpec spec = ConvSpec.builder(1).padding(Padding.explicit(5, 5)).boundary(Boundary.REFLECT).build();
        assertReference(Shape.of(1, 10, 1),
                new double[] {23432, 34321, 43212, 32123, 21234, 12343, 23432, 34321, 43212, 32123},
                spec, signal(), digitKernel());
    }

    private static Tensor signal() {
        return Tensors.of(Shape.of(1, 4, 1), 1, 2, 3, 4);
    }

    private static Tensor digitKernel() {
        return Tensors.of(Shape.of(5, 1, 1), 10000, 1000, 100, 10, 1);
    }
}
