package dev.conv4j.nn.zoo;

import static dev.conv4j.nn.layer.Layers.avgPool2d;
import static dev.conv4j.nn.layer.Layers.conv1d;
import static dev.conv4j.nn.layer.Layers.conv2d;
import static dev.conv4j.nn.layer.Layers.conv3d;
import static dev.conv4j.nn.layer.Layers.dense;
import static dev.conv4j.nn.layer.Layers.flatten;
import static dev.conv4j.nn.layer.Layers.globalAvgPool1d;
import static dev.conv4j.nn.layer.Layers.globalAvgPool3d;
import static dev.conv4j.nn.layer.Layers.maxPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.maxPool3d;
import static dev.conv4j.nn.layer.Layers.relu;

import dev.conv4j.nn.Sequential;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named architectures: the ones conv4j trains ({@code fashion-cnn}, {@code signal-1d},
 * {@code volume-3d}) and the classic ones the seed explains ({@code lenet}, {@code vgg-block},
 * {@code inception-1x1}, {@code c3d-block}), each for a given sample shape.
 */
public final class Models {
    /**
     * How a model is trained unless told otherwise: Adam with a learning rate multiplied by
     * {@code decayPerEpoch} after every epoch (Keras' {@code ExponentialDecay} with staircase).
     */
    public record Recipe(int epochs, int batch, double learningRate, double decayPerEpoch) {
    }

    /**
     * @param name         the name the CLI takes
     * @param description  one line
     * @param defaultInput the sample shape it is meant for
     * @param data         the data set it trains on, or null for an architecture shown by {@code summary} only
     * @param recipe       its training defaults, or null
     */
    public record Entry(String name, String description, Shape defaultInput, String data, Recipe recipe,
                        Function<Shape, Sequential> builder) {
        public Sequential build(Shape input) {
            return builder.apply(input);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add(new Entry("fashion-cnn", "2D CNN for Fashion-MNIST: two 3x3 conv + max-pool stages, a dense layer",
                Shape.of(28, 28, 1), "fashion-mnist", new Recipe(5, 32, 0.001, 0.7), Models::fashionCnn));
        add(new Entry("signal-1d", "1D CNN classifying generated sine/square/sawtooth/noise sequences",
                Shape.of(128, 1), "signals", new Recipe(5, 32, 0.003, 0.8), Models::signal1d));
        add(new Entry("volume-3d", "3D CNN classifying generated cube/sphere/cross volumes",
                Shape.of(16, 16, 16, 1), "volumes", new Recipe(5, 16, 0.003, 0.8), Models::volume3d));
        add(new Entry("lenet", "LeNet-5: 5x5 conv (6), avg-pool, 5x5 conv (16), avg-pool, dense 120, 84, 10"
                + " (on 28x28 the first conv pads by 2, as for MNIST)", Shape.of(32, 32, 1), null, null, Models::lenet));
        add(new Entry("vgg-block", "a VGG block: two 3x3 SAME convs (64) and a 2x2 max-pool",
                Shape.of(224, 224, 3), null, null, Models::vggBlock));
        add(new Entry("inception-1x1", "Inception's 1x1 reduction: 192 -> 16 channels by 1x1 conv before a 5x5 conv (32)",
                Shape.of(28, 28, 192), null, null, Models::inception1x1));
        add(new Entry("c3d-block", "C3D's first blocks on video: 3x3x3 conv (64), 1x2x2 max-pool, 3x3x3 conv (128),"
                + " 2x2x2 max-pool", Shape.of(16, 112, 112, 3), null, null, Models::c3dBlock));
    }

    private Models() {
    }

    private static void add(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }

    public static Entry named(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + ENTRIES.keySet());
        }
        return e;
    }

    static Sequential fashionCnn(Shape input) {
        return Sequential.of("fashion-cnn", input,
                conv2d(32, 3).padding(Padding.SAME), relu(), maxPool2d(2),
                conv2d(64, 3).padding(Padding.SAME), relu(), maxPool2d(2),
                flatten(), dense(128), relu(), dense(10));
    }

    static Sequential signal1d(Shape input) {
        return Sequential.of("signal-1d", input,
                conv1d(16, 5).padding(Padding.SAME), relu(), maxPool1d(2),
                conv1d(32, 5).padding(Padding.SAME), relu(), maxPool1d(2),
                conv1d(32, 3).padding(Padding.SAME), relu(), globalAvgPool1d(),
                dense(4));
    }

    static Sequential volume3d(Shape input) {
        return Sequential.of("volume-3d", input,
                conv3d(8, 3).padding(Padding.SAME), relu(), maxPool3d(2),
                conv3d(16, 3).padding(Padding.SAME), relu(), maxPool3d(2),
                conv3d(16, 3).padding(Padding.SAME), relu(), globalAvgPool3d(),
                dense(3));
    }

    static Sequential lenet(Shape input) {
        boolean mnist = input.rank() == 3 && input.dim(0) == 28 && input.dim(1) == 28;
        return Sequential.of("lenet", input,
                conv2d(6, 5).padding(mnist ? Padding.SAME : Padding.VALID), relu(), avgPool2d(2),
                conv2d(16, 5), relu(), avgPool2d(2),
                flatten(), dense(120), relu(), dense(84), relu(), dense(10));
    }

    static Sequential vggBlock(Shape input) {
        return Sequential.of("vgg-block", input,
                conv2d(64, 3).padding(Padding.SAME), relu(),
                conv2d(64, 3).padding(Padding.SAME), relu(), maxPool2d(2));
    }

    static Sequential inception1x1(Shape input) {
        return Sequential.of("inception-1x1", input,
                conv2d(16, 1).named("reduce_1x1"), relu(),
                conv2d(32, 5).padding(Padding.SAME).named("conv_5x5"), relu());
    }

    static Sequential c3dBlock(Shape input) {
        return Sequential.of("c3d-block", input,
                conv3d(64, 3).padding(Padding.SAME), relu(), maxPool3d(1, 2, 2),
                conv3d(128, 3).padding(Padding.SAME), relu(), maxPool3d(2));
    }
}
