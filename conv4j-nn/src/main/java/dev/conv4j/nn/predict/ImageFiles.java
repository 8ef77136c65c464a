package dev.conv4j.nn.predict;

import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.nn.data.ImagePreprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** PNG and JPEG files, one sample each, named by their file names. */
final class ImageFiles extends ImageSamples {
    private final List<Path> files;

    ImageFiles(List<Path> files, ImagePreprocessing preprocessing) {
        super(preprocessing);
        this.files = List.copyOf(files);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String id(int index) {
        return files.get(index).getFileName().toString();
    }

    @Override
    ImageData image(int index) throws IOException {
        return Images.read(files.get(index));
    }
}
