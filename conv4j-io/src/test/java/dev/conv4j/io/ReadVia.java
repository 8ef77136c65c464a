package dev.conv4j.io;

import dev.conv4j.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two ways to read an {@code .npy}: tests that hold for both run once for each. */
enum ReadVia {
    PATH {
        @Override
        Tensor read(byte[] file, Path directory) throws IOException {
            Path path = directory.resolve(FILE_NAME);
            Files.write(path, file);
            return Npy.read(path);
        }

        @Override
        String source(Path directory) {
            return directory.resolve(FILE_NAME).toString();
        }
    },
    STREAM {
        @Override
        Tensor read(byte[] file, Path directory) throws IOException {
            return Npy.read(new ByteArrayInputStream(file), FILE_NAME);
        }

        @Override
        String source(Path directory) {
            return FILE_NAME;
        }
    };

    static final String FILE_NAME = "case.npy";

    /** Reads {@code file}, as a file in {@code directory} or as a stream. */
    abstract Tensor read(byte[] file, Path directory) throws IOException;

    /** How error messages name what {@link #read} read. */
    abstract String source(Path directory);
}
