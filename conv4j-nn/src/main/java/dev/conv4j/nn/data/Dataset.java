package dev.conv4j.nn.data;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled samples: {@code inputs [N, sample...]} and one class index per sample.
 *
 * @param name    for messages and progress lines, e.g. {@code fashion-mnist/train}
 * @param inputs  the samples, stacked along axis 0
 * @param labels  {@code labels[i]} in {@code [0, classes.size())}
 * @param classes the class names
 */
public record Dataset(String name, Tensor inputs, int[] labels, List<String> classes) {
    public Dataset {
        if (inputs.rank() < 1 || inputs.shape().dim(0) != labels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for inputs " + inputs.shape());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of sample " + i
                        + " is not one of the " + classes.size() + " classes");
            }
        }
        classes = List.copyOf(classes);
    }

    public int size() {
        return labels.length;
    }

    /** The shape of one sample. */
    public Shape sampleShape() {
        return Shape.of(Arrays.copyOfRange(inputs.shape().dims(), 1, inputs.rank()));
    }

    private int sampleLength() {
        return Math.toIntExact(sampleShape().elementCount());
    }

    /** Samples {@code [from, to)} as a new data set (copied). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException(name + ": slice [" + from + ", " + to + ") outside [0, " + size() + ")");
        }
        int[] order = new int[to - from];
        Arrays.setAll(order, i -> from + i);
        return new Dataset(name + "[" + from + ":" + to + "]", gather(order, 0, order.length), labelsOf(order, 0, order.length),
                classes);
    }

    /** The inputs of samples {@code order[from..to)}, stacked. */
    public Tensor gather(int[] order, int from, int to) {
        int len = sampleLength();
        float[] src = inputs.data();
        float[] out = new float[(to - from) * len];
        for (int i = from; i < to; i++) {
            System.arraycopy(src, order[i] * len, out, (i - from) * len, len);
        }
        int[] dims = inputs.shape().dims();
        dims[0] = to - from;
        return Tensor.wrap(Shape.of(dims), out);
    }

    /** The labels of samples {@code order[from..to)}. */
    public int[] labelsOf(int[] order, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = labels[order[i]];
        }
        return out;
    }
}
