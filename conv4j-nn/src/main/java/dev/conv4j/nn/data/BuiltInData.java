package dev.conv4j.nn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data sets conv4j trains its named models on, by the names the command line and saved
 * models use: their classes, how an image becomes one of their samples (where samples are
 * images), and their training and test splits.
 */
public enum BuiltInData {
    FASHION_MNIST("fashion-mnist", FashionMnist.CLASSES, FashionMnist.PREPROCESSING),
    SIGNALS("signals", Signals.CLASSES, null),
    VOLUMES("volumes", Volumes.CLASSES, null);

    private final String dataName;
    private final List<String> classes;
    private final ImagePreprocessing imagePreprocessing;

    BuiltInData(String dataName, List<String> classes, ImagePreprocessing imagePreprocessing) {
        this.dataName = dataName;
        this.classes = classes;
        this.imagePreprocessing = imagePreprocessing;
    }

    /** Every name, for messages: {@code fashion-mnist, signals, volumes}. */
    public static String names() {
        return Arrays.stream(values()).map(BuiltInData::dataName).collect(Collectors.joining(", "));
    }

    public static BuiltInData named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown data set '" + name
                + "': expected one of " + names()));
    }

    /** The data set called {@code name}, if there is one ({@code name} may be null). */
    public static Optional<BuiltInData> find(String name) {
        return Arrays.stream(values()).filter(d -> d.dataName.equals(name)).findFirst();
    }

    public String dataName() {
        return dataName;
    }

    public List<String> classes() {
        return classes;
    }

    /** How an image becomes a sample, or null when the samples are not images. */
    public ImagePreprocessing imagePreprocessing() {
        return imagePreprocessing;
    }

    /** The training split; {@code directory} (may be null) says where Fashion-MNIST's files are. */
    public Dataset train(Path directory) throws IOException {
        return switch (this) {
            case FASHION_MNIST -> FashionMnist.train(directory != null ? directory : FashionMnist.defaultDirectory());
            case SIGNALS -> Signals.train();
            case VOLUMES -> Volumes.train();
        };
    }

    /** The test split. */
    public Dataset test(Path directory) throws IOException {
        return switch (this) {
            case FASHION_MNIST -> FashionMnist.test(directory != null ? directory : FashionMnist.defaultDirectory());
            case SIGNALS -> Signals.test();
            case VOLUMES -> Volumes.test();
        };
    }
}
