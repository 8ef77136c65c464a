package dev.conv4j.explain.examples;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;

/**
 * One worked example of 1D, 2D or 3D convolution: the convolution as a descriptor and shapes,
 * and what it teaches.
 *
 * @param id     file-name stem, e.g. {@code 02-conv2d-basic}
 * @param number its number in the list, e.g. {@code 2} or {@code 12b} (a letter: a variant of the one before)
 * @param title  a short heading
 * @param lesson one sentence: what the picture shows
 * @param spec   the convolution
 * @param input  input shape (with batch and channels)
 * @param filter filter shape
 */
public record WorkedExample(String id, String number, String title, String lesson, ConvSpec spec, Shape input,
                       Shape filter) {
    public ConvGeometry geometry() {
        return spec.geometry(input, filter);
    }

    /** {@code Example 2: 2D, basic}. */
    public String heading() {
        return "Example " + number + ": " + title;
    }
}
