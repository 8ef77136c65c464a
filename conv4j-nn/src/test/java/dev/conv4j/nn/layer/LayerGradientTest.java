package dev.conv4j.nn.layer;

import static dev.conv4j.nn.layer.Layers.avgPool2d;
import static dev.conv4j.nn.layer.Layers.conv1d;
import static dev.conv4j.nn.layer.Layers.conv2d;
import static dev.conv4j.nn.layer.Layers.conv3d;
import static dev.conv4j.nn.layer.Layers.dense;
import static dev.conv4j.nn.layer.Layers.dropout;
import static dev.conv4j.nn.layer.Layers.flatten;
import static dev.conv4j.nn.layer.Layers.globalAvgPool2d;
import static dev.conv4j.nn.layer.Layers.maxPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.maxPool3d;
import static dev.conv4j.nn.layer.Layers.relu;

import dev.conv4j.nn.GradientChecker;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Sequential;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer's backward pass against float64 central finite differences, through one generic checker. */
class LayerGradientTest {
    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("conv1d causal dilated strided", Shape.of(9, 3),
                        conv1d(4, 3).padding(Padding.CAUSAL).dilations(2).strides(2)),
                Arguments.of("conv2d valid", Shape.of(6, 5, 3), conv2d(4, 3, 2)),
                Arguments.of("conv2d same strided", Shape.of(7, 6, 2), conv2d(3, 3).padding(Padding.SAME).strides(2)),
                Arguments.of("conv2d explicit dilated", Shape.of(7, 7, 2),
                        conv2d(3, 2).padding(Padding.explicit(1, 0, 2, 1)).dilations(2)),
                Arguments.of("conv2d groups", Shape.of(5, 5, 4), conv2d(6, 3).groups(2).padding(Padding.SAME)),
                Arguments.of("conv2d channels-first", Shape.of(2, 5, 6), conv2d(3, 3).dataFormat(DataFormat.CHANNELS_FIRST)
                        .padding(Padding.SAME)),
                Arguments.of("conv2d no bias", Shape.of(5, 5, 2), conv2d(3, 3).useBias(false)),
                Arguments.of("conv3d same", Shape.of(4, 5, 4, 2), conv3d(3, 3).padding(Padding.SAME)),
                Arguments.of("dense", Shape.of(7), dense(5)),
                Arguments.of("dense on the last axis", Shape.of(3, 4), dense(2)),
                Arguments.of("relu", Shape.of(4, 4, 3), relu()),
                Arguments.of("max-pool 1d same", Shape.of(9, 2), maxPool1d(3).strides(2).padding(Padding.SAME)),
                Arguments.of("max-pool 2d", Shape.of(6, 6, 3), maxPool2d(2)),
                Arguments.of("max-pool 2d overlapping", Shape.of(7, 7, 2), maxPool2d(3).strides(2)),
                Arguments.of("max-pool 3d same", Shape.of(5, 4, 3, 2), maxPool3d(2).padding(Padding.SAME)),
                Arguments.of("avg-pool 2d same", Shape.of(5, 5, 2), avgPool2d(3).strides(2).padding(Padding.SAME)),
                Arguments.of("avg-pool 2d channels-first", Shape.of(2, 4, 6),
                        avgPool2d(2).dataFormat(DataFormat.CHANNELS_FIRST)),
                Arguments.of("global avg-pool", Shape.of(3, 4, 5), globalAvgPool2d()),
                Arguments.of("flatten", Shape.of(2, 3, 2), flatten()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardMatchesFiniteDifferences(String description, Shape input, Layer layer) {
        // a leading ReLU makes the layer under test compute its input gradient (a first layer does not)
        Sequential.of("check", input, relu(), layer).initialize(7);
        var checker = new GradientChecker(layer, 2, null, 11);
        checker.check(GradientChecker.kinkFreeInput(2, input, 3), 2e-3);
    }

    @ParameterizedTest(name = "dropout {0}")
    @MethodSource("rates")
    void dropoutBackwardMatchesFiniteDifferencesForAFixedMask(double rate) {
        Dropout d = dropout(rate);
        Sequential.of("check", Shape.of(5, 4), relu(), d);
        var checker = new GradientChecker(d, 3, () -> d.initialize(new SplittableRandom(5)), 11);
        checker.check(GradientChecker.kinkFreeInput(3, Shape.of(5, 4), 3), 2e-3);
    }

    static Stream<Double> rates() {
        return Stream.of(0.0, 0.5);
    }
}
