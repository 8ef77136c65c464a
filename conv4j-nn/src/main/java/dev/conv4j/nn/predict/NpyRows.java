package dev.conv4j.nn.predict;

import dev.conv4j.io.Npy;
import dev.conv4j.io.NpyHeader;
import dev.conv4j.nn.Sequential;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/** An {@code .npy} array {@code [N, sample...]}, taken as it is and read a batch of rows at a time. */
record NpyRows(Path file, int size) implements Samples {
    static NpyRows open(Path file, Sequential model) throws IOException {
        NpyHeader header = Npy.readHeader(file);
        try {
            model.checkBatch(header.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return new NpyRows(file, header.shape().dim(0));
    }

    @Override
    public String id(int index) {
        return file.getFileName() + "[" + index + "]";
    }

    @Override
    public Tensor batch(int from, int to) throws IOException {
        return Npy.readRows(file, from, to - from);
    }
}
