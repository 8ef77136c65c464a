package dev.conv4j.nn.predict;

import dev.conv4j.io.image.ImageData;
import dev.conv4j.nn.data.ImagePreprocessing;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;

/** Samples that are images, decoded and preprocessed a batch at a time. */
abstract sealed class ImageSamples implements Samples permits ImageFiles, IdxImages {
    private final ImagePreprocessing preprocessing;

    ImageSamples(ImagePreprocessing preprocessing) {
        this.preprocessing = preprocessing;
    }

    /** Image {@code index}, as stored. */
    abstract ImageData image(int index) throws IOException;

    @Override
    public Tensor batch(int from, int to) throws IOException {
        Shape sample = preprocessing.sampleShape();
        int length = Math.toIntExact(sample.elementCount());
        float[] x = new float[(to - from) * length];
        for (int i = from; i < to; i++) {
            System.arraycopy(preprocessing.apply(image(i)), 0, x, (i - from) * length, length);
        }
        return Tensor.wrap(Shape.of(to - from, sample.dim(0), sample.dim(1), sample.dim(2)), x);
    }
}
