package dev.conv4j.cli.nn;

import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.data.FashionMnist;
import dev.conv4j.nn.data.Signals;
import dev.conv4j.nn.data.Volumes;
import java.io.IOException;
import java.nio.file.Path;

/** The data sets the {@code train} and {@code evaluate} commands know, by name. */
final class DataSets {
    static final String NAMES = "fashion-mnist, signals, volumes";

    private DataSets() {
    }

    /** The training split; {@code directory} (may be null) overrides where Fashion-MNIST is read from. */
    static Dataset train(String name, Path directory) throws IOException {
        return switch (name) {
            case "fashion-mnist" -> FashionMnist.train(directory != null ? directory : FashionMnist.defaultDirectory());
            case "signals" -> Signals.train();
            case "volumes" -> Volumes.train();
            default -> throw unknown(name);
        };
    }

    /** The test split. */
    static Dataset test(String name, Path directory) throws IOException {
        return switch (name) {
            case "fashion-mnist" -> FashionMnist.test(directory != null ? directory : FashionMnist.defaultDirectory());
            case "signals" -> Signals.test();
            case "volumes" -> Volumes.test();
            default -> throw unknown(name);
        };
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown data set '" + name + "': expected one of " + NAMES);
    }
}
