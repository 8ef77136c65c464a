package dev.conv4j.nn.layer;

import dev.conv4j.Conv;
import dev.conv4j.nn.Compute;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * Matrix products as 1×1 convolutions, so that they run on whatever kernel the planner picks
 * for a pointwise convolution: {@code A [m×k]} is a row of {@code m} positions with {@code k}
 * channels, {@code B [k×n]} a one-tap filter from {@code k} to {@code n} channels.
 */
final class Matrices {
    private static final ConvSpec POINTWISE = ConvSpec.builder(1).build();
    private static final int TILE = 32;

    private Matrices() {
    }

    /** {@code A·B (+ bias per column)}, all row-major; {@code bias} may be null. */
    static float[] multiply(Compute compute, float[] a, int m, int k, float[] b, int n, float[] bias) {
        Tensor filter = Tensor.wrap(Shape.of(1, k, n), b);
        Tensor biasTensor = bias == null ? null : Tensor.wrap(Shape.of(n), bias);
        return compute.planner().plan(POINTWISE, Shape.of(1, m, k), filter, biasTensor)
                .run(Tensor.wrap(Shape.of(1, m, k), a)).data();
    }

    /** Sums over the rows of a row-major {@code rows×cols} matrix (in double, as the conv bias gradient). */
    static float[] columnSums(float[] a, int rows, int cols) {
        return Conv.gradBias(POINTWISE, Tensor.wrap(Shape.of(1, rows, cols), a)).data();
    }

    /** The transpose of a row-major {@code rows×cols} matrix, in tiles that stay in cache. */
    static float[] transpose(float[] src, int rows, int cols) {
        return transpose(src, 0, rows, cols);
    }

    /** The transpose of the {@code rows×cols} matrix starting at {@code src[offset]}. */
    static float[] transpose(float[] src, int offset, int rows, int cols) {
        float[] dst = new float[Math.multiplyExact(rows, cols)];
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        dst[c * rows + r] = src[offset + r * cols + c];
                    }
                }
            }
        }
        return dst;
    }
}
