package dev.conv4j.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.Conv;
import dev.conv4j.nn.Compute;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The im2col filter gradient against the core's {@link Conv#gradFilter}. */
class FilterGradientTest {
    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of(ConvSpec.builder(1).padding(Padding.CAUSAL).dilations(3).build(), Shape.of(3, 20, 4), Shape.of(3, 4, 5)),
                Arguments.of(ConvSpec.builder(1).strides(3).build(), Shape.of(2, 17, 2), Shape.of(4, 2, 3)),
                Arguments.of(ConvSpec.builder(2).padding(Padding.SAME).build(), Shape.of(4, 9, 7, 3), Shape.of(3, 3, 3, 8)),
                Arguments.of(ConvSpec.builder(2).padding(Padding.SAME).strides(2, 3).dilations(1, 2).build(),
                        Shape.of(2, 11, 10, 2), Shape.of(3, 2, 2, 4)),
                Arguments.of(ConvSpec.builder(2).padding(Padding.explicit(2, 0, 1, 3)).build(), Shape.of(1, 5, 6, 1),
                        Shape.of(2, 4, 1, 3)),
                // 10 samples of 108 rows x 4096 positions: more than one chunk of patches
                Arguments.of(ConvSpec.builder(3).padding(Padding.SAME).build(), Shape.of(10, 16, 16, 16, 4),
                        Shape.of(3, 3, 3, 4, 8)));
    }

    private static Tensor random(Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) shape.elementCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return Tensor.wrap(shape, v);
    }

    @ParameterizedTest
    @MethodSource("problems")
    void matchesTheCoreFilterGradient(ConvSpec spec, Shape input, Shape filter) {
        ConvGeometry g = spec.geometry(input, filter);
        assertTrue(FilterGradient.covers(g));
        Tensor x = random(input, 1);
        Tensor dy = random(g.outputShape(), 2);
        float[] expected = Conv.gradFilter(spec, x, filter, dy).data();
        float[] actual = FilterGradient.compute(Compute.threads(2), g, x.data(), dy.data());
        // each element sums batch * output positions products of magnitude <= 1
        double tolerance = 1e-5 * g.batch() * g.outputVolume() + 1e-6;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i + " of " + g.problem());
        }
    }
}
