package dev.conv4j.nn.predict;

import dev.conv4j.io.image.ImageData;
import dev.conv4j.nn.data.Idx;
import dev.conv4j.nn.data.ImagePreprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** An IDX file of 8-bit images {@code [N, height, width]} (grey) or {@code [N, height, width, 1 or 3]}. */
final class IdxImages extends ImageSamples {
    private final String name;
    private final Idx.Array array;

    private IdxImages(String name, Idx.Array array, ImagePreprocessing preprocessing) {
        super(preprocessing);
        this.name = name;
        this.array = array;
    }

    static IdxImages open(Path file, ImagePreprocessing preprocessing) throws IOException {
        Idx.Array a = Idx.read(file);
        int[] d = a.dims();
        if (!(d.length == 3 || d.length == 4 && (d[3] == 1 || d[3] == 3)) || d[1] == 0 || d[2] == 0) {
            throw new IllegalArgumentException(file + ": IDX sizes " + Arrays.toString(d) + " are not images"
                    + " [N, height, width] or [N, height, width, 1 or 3]");
        }
        return new IdxImages(file.getFileName().toString(), a, preprocessing);
    }

    @Override
    public int size() {
        return array.count();
    }

    @Override
    public String id(int index) {
        return name + "[" + index + "]";
    }

    @Override
    ImageData image(int index) {
        int[] d = array.dims();
        int channels = d.length == 4 ? d[3] : 1;
        int length = d[1] * d[2] * channels;
        float[] samples = new float[length];
        for (int p = 0; p < length; p++) {
            samples[p] = array.data()[index * length + p] & 0xff;
        }
        return new ImageData(d[2], d[1], channels, 8, samples, null);
    }
}
