package dev.conv4j.nn.predict;

import dev.conv4j.nn.data.ImagePreprocessing;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The samples of one input, checked against a model when opened and read a batch at a time, so
 * that an input larger than memory is fine: PNG/JPEG images (one file, or every {@code .png},
 * {@code .jpg} and {@code .jpeg} of a directory in name order) and IDX image files go through the
 * model's {@link ImagePreprocessing}; an {@code .npy} array {@code [N, sample...]} is taken as it is.
 * What a file holds is told from its first bytes, not its name.
 */
public sealed interface Samples permits ImageSamples, NpyRows {
    /** How many samples. */
    int size();

    /** The name of sample {@code index} in the predictions. */
    String id(int index);

    /** Samples {@code [from, to)}, stacked: {@code [to - from, sample...]}. */
    Tensor batch(int from, int to) throws IOException;

    /**
     * Opens {@code input} for {@code saved}, checking before any sample is read that its samples
     * fit the model; a misfit is an {@link IllegalArgumentException} that says what the model takes.
     */
    static Samples open(Path input, SavedModel saved) throws IOException {
        if (Files.isDirectory(input)) {
            List<Path> images;
            try (Stream<Path> files = Files.list(input)) {
                images = files.filter(p -> Files.isRegularFile(p) && isImageName(p)).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new FileNotFoundException(input + ": no .png, .jpg or .jpeg images in this directory");
            }
            return new ImageFiles(images, imagePreprocessing(saved, input));
        }
        byte[] head = firstBytes(input);
        return switch (InputKind.of(head)) {
            case NPY -> NpyRows.open(input, saved.model());
            case IMAGE -> new ImageFiles(List.of(input), imagePreprocessing(saved, input));
            case IDX -> IdxImages.open(input, imagePreprocessing(saved, input));
            case UNKNOWN -> throw new IllegalArgumentException(input + ": not a PNG or JPEG image, an .npy array or an"
                    + " IDX file (it starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(head) + ")");
        };
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    private static byte[] firstBytes(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "no such file");
        }
        if (!Files.isReadable(input)) {
            throw new AccessDeniedException(input.toString(), null, "permission denied");
        }
        try (InputStream in = Files.newInputStream(input)) {
            return in.readNBytes(8);
        }
    }

    private static ImagePreprocessing imagePreprocessing(SavedModel saved, Path input) {
        if (saved.imagePreprocessing() == null) {
            throw new IllegalArgumentException(input + ": model " + saved.model().name() + " does not record how an"
                    + " image becomes one of its samples " + saved.model().inputShape() + "; give an .npy array [N,"
                    + saved.model().inputShape().toString().substring(1) + " scaled as in training");
        }
        return saved.imagePreprocessing();
    }
}
