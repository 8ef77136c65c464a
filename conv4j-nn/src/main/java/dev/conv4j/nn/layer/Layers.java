package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short names for the layers, after Keras ({@code import static dev.conv4j.nn.layer.Layers.*}):
 *
 * <pre>{@code
 * Sequential.of("cnn", Shape.of(28, 28, 1),
 *         conv2d(32, 3).padding(Padding.SAME), relu(), maxPool2d(2),
 *         flatten(), dense(128), relu(), dropout(0.3), dense(10));
 * }</pre>
 */
public final class Layers {
    private static final Pattern RANKED = Pattern.compile("(Conv|MaxPooling|AveragePooling|GlobalAveragePooling)(\\d+)D");

    private Layers() {
    }

    public static ConvLayer conv1d(int filters, int... kernelSize) {
        return new ConvLayer(1, filters, kernelSize);
    }

    public static ConvLayer conv2d(int filters, int... kernelSize) {
        return new ConvLayer(2, filters, kernelSize);
    }

    public static ConvLayer conv3d(int filters, int... kernelSize) {
        return new ConvLayer(3, filters, kernelSize);
    }

    public static Dense dense(int units) {
        return new Dense(units);
    }

    public static ReLU relu() {
        return new ReLU();
    }

    public static Flatten flatten() {
        return new Flatten();
    }

    public static Dropout dropout(double rate) {
        return new Dropout(rate);
    }

    public static Pooling maxPool1d(int... poolSize) {
        return new Pooling(Pooling.Kind.MAX, 1, poolSize);
    }

    public static Pooling maxPool2d(int... poolSize) {
        return new Pooling(Pooling.Kind.MAX, 2, poolSize);
    }

    public static Pooling maxPool3d(int... poolSize) {
        return new Pooling(Pooling.Kind.MAX, 3, poolSize);
    }

    public static Pooling avgPool1d(int... poolSize) {
        return new Pooling(Pooling.Kind.AVERAGE, 1, poolSize);
    }

    public static Pooling avgPool2d(int... poolSize) {
        return new Pooling(Pooling.Kind.AVERAGE, 2, poolSize);
    }

    public static Pooling avgPool3d(int... poolSize) {
        return new Pooling(Pooling.Kind.AVERAGE, 3, poolSize);
    }

    public static GlobalAvgPool globalAvgPool1d() {
        return new GlobalAvgPool(1);
    }

    public static GlobalAvgPool globalAvgPool2d() {
        return new GlobalAvgPool(2);
    }

    public static GlobalAvgPool globalAvgPool3d() {
        return new GlobalAvgPool(3);
    }

    /** Rebuilds an unbuilt layer from its Keras class name and {@link Layer#config()}. */
    public static Layer fromConfig(String className, Config config) {
        Layer layer;
        Matcher m = RANKED.matcher(className);
        if (m.matches()) {
            int rank = Integer.parseInt(m.group(2));
            layer = switch (m.group(1)) {
                case "Conv" -> ConvLayer.fromConfig(rank, config);
                case "MaxPooling" -> Pooling.fromConfig(Pooling.Kind.MAX, rank, config);
                case "AveragePooling" -> Pooling.fromConfig(Pooling.Kind.AVERAGE, rank, config);
                default -> GlobalAvgPool.fromConfig(rank, config);
            };
        } else {
            layer = switch (className) {
                case "Dense" -> Dense.fromConfig(config);
                case "ReLU" -> new ReLU();
                case "Flatten" -> new Flatten();
                case "Dropout" -> new Dropout(config.number("rate"));
                default -> throw new IllegalArgumentException("unknown layer class '" + className + "': conv4j knows"
                        + " Conv1D-3D, Dense, ReLU, MaxPooling1D-3D, AveragePooling1D-3D, GlobalAveragePooling1D-3D,"
                        + " Flatten and Dropout");
            };
        }
        if (config.has("name")) {
            layer.named(config.string("name"));
        }
        return layer;
    }
}
