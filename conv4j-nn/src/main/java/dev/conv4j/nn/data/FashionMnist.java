package dev.conv4j.nn.data;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Zalando): 60,000 training and 10,000 test greyscale images of 28×28 pixels in
 * ten classes of clothing, read from the IDX files that Debian's {@code dataset-fashion-mnist}
 * package installs in {@value #DEBIAN_DIRECTORY} (or any directory holding the same four files,
 * gzipped or not). Pixels are scaled to {@code [0, 1]} by {@link #PREPROCESSING}; samples are {@code [28, 28, 1]}.
 */
public final class FashionMnist {
    public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";
    /** Overrides the directory. */
    public static final String ENVIRONMENT_VARIABLE = "CONV4J_FASHION_MNIST";
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Grey 28×28, bytes divided by 255: what training saw, and so what an image must become to be classified. */
    public static final ImagePreprocessing PREPROCESSING = new ImagePreprocessing(28, 28, 1, 1.0 / 255, 0);

    private FashionMnist() {
    }

    /** {@code $CONV4J_FASHION_MNIST}, else the Debian package's directory. */
    public static Path defaultDirectory() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        return Path.of(env != null && !env.isBlank() ? env : DEBIAN_DIRECTORY);
    }

    /** True when the default directory has the training images. */
    public static boolean available() {
        return find(defaultDirectory(), "train-images-idx3-ubyte") != null;
    }

    public static Dataset train(Path directory) throws IOException {
        return load(directory, "train", "fashion-mnist/train");
    }

    public static Dataset test(Path directory) throws IOException {
        return load(directory, "t10k", "fashion-mnist/test");
    }

    private static Dataset load(Path directory, String prefix, String name) throws IOException {
        Idx.Array images = Idx.read(require(directory, prefix + "-images-idx3-ubyte"));
        Idx.Array labels = Idx.read(require(directory, prefix + "-labels-idx1-ubyte"));
        return dataset(images, labels, name);
    }

    /** Images {@code [N, H, W]} and labels {@code [N]} as a data set of {@code [H, W, 1]} samples in {@code [0, 1]}. */
    static Dataset dataset(Idx.Array images, Idx.Array labels, String name) throws IdxFormatException {
        if (images.dims().length != 3) {
            throw new IdxFormatException(name, "images must be [N, height, width], got " + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1 || labels.dims()[0] != images.dims()[0]) {
            throw new IdxFormatException(name, "labels " + Arrays.toString(labels.dims()) + " do not match images "
                    + Arrays.toString(images.dims()));
        }
        byte[] pixels = images.data();
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = PREPROCESSING.value(pixels[i] & 0xff);
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xff;
            if (y[i] >= CLASSES.size()) {
                throw new IdxFormatException(name, "label " + y[i] + " of image " + i + " is not one of the 10 classes");
            }
        }
        int[] d = images.dims();
        return new Dataset(name, Tensor.wrap(Shape.of(d[0], d[1], d[2], 1), x), y, CLASSES);
    }

    private static Path require(Path directory, String stem) throws FileNotFoundException {
        Path p = find(directory, stem);
        if (p == null) {
            throw new FileNotFoundException(directory.resolve(stem + ".gz") + " not found: install Fashion-MNIST with"
                    + " 'apt-get install dataset-fashion-mnist', or point --data-dir (or $" + ENVIRONMENT_VARIABLE
                    + ") at a directory with its four IDX files");
        }
        return p;
    }

    private static Path find(Path directory, String stem) {
        for (String name : List.of(stem + ".gz", stem, stem.replace("-idx", ".idx"))) {
            Path p = directory.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
