package dev.conv4j.explain.seed;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;

/**
 * One case of the seed's table (mission.md): the convolution as a descriptor and shapes, and
 * what it teaches.
 *
 * @param id     file-name stem, e.g. {@code 02-conv2d-basic}
 * @param row    the table's row, e.g. {@code 2} or {@code 12b}
 * @param title  a short heading
 * @param lesson one sentence: what the picture shows
 * @param spec   the convolution
 * @param input  input shape (with batch and channels)
 * @param filter filter shape
 */
public record SeedCase(String id, String row, String title, String lesson, ConvSpec spec, Shape input,
                       Shape filter) {
    public ConvGeometry geometry() {
        return spec.geometry(input, filter);
    }

    /** {@code Row 2: 2D, basic}. */
    public String heading() {
        return "Row " + row + ": " + title;
    }
}
