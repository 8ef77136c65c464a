package dev.conv4j.plan;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Shapes written as {@code 1-64-64-1} (a parameterised test's column) and seeded random tensors. */
final class PlanTestData {
    private PlanTestData() {
    }

    static Shape shape(String dims) {
        return Shape.of(Arrays.stream(dims.split("-")).mapToInt(Integer::parseInt).toArray());
    }

    /** Uniform in [-0.5, 0.5). */
    static Tensor random(Shape shape, long seed) {
        Random r = new Random(seed);
        float[] data = new float[shape.checkedElementCount("test")];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat() - 0.5f;
        }
        return Tensor.wrap(shape, data);
    }
}
