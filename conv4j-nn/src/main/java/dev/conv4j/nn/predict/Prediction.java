package dev.conv4j.nn.predict;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The model's answer for one sample.
 *
 * @param id            names the sample: an image's file name, or {@code file.npy[i]} for the
 *                      {@code i}-th entry of an array
 * @param classIndex    the most probable class (the first of equals)
 * @param className     its name, or null when the model has no class names
 * @param probabilities one per class, summing to 1
 */
public record Prediction(String id, int classIndex, String className, float[] probabilities) {
    /** The {@code k} most probable classes, most probable first (ties: the lower index first). */
    public int[] top(int k) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparingInt(c -> c))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return id + ": " + classIndex + (className == null ? "" : " (" + className + ")") + " " + Arrays.toString(probabilities);
    }
}
