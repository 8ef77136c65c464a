package dev.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** TensorFlow's argument forms; values from small hand-checked cases. */
class TfTest {
    private static Tensor ramp(int... dims) {
        Shape shape = Shape.of(dims);
        float[] data = new float[(int) shape.elementCount()];
        for (int i = 0; i < data.length; i++) {
            data[i] = i + 1;
        }
        return Tensor.wrap(shape, data);
    }

    @Test
    void longFormStridesEqualShortForm() {
        Tensor x = ramp(1, 7, 6, 2);
        Tensor w = ramp(3, 3, 2, 3);
        Tensor shortForm = Tf.conv2d(x, w, new int[] {2, 3}, "SAME");
        Tensor longForm = Tf.conv2d(x, w, new int[] {1, 2, 3, 1}, "SAME");
        assertEquals(Shape.of(1, 4, 2, 3), shortForm.shape());
        assertArrayEquals(shortForm.data(), longForm.data());
    }

    @Test
    void longFormMustNotStrideTheBatch() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> Tf.conv2d(ramp(1, 5, 5, 1), ramp(3, 3, 1, 1), new int[] {2, 1, 1, 1}, "VALID"));
        assertEquals("strides [2, 1, 1, 1]: the batch and channel entries of the long form must be 1"
                + " (got 2 and 1 in NHWC order)", e.getMessage());
    }

    @Test
    void conv1dSmoothsWithZeroPadding() {
        Tensor x = Tensor.filled(Shape.of(1, 5, 1), 1f);
        Tensor w = Tensor.wrap(Shape.of(3, 1, 1), new float[] {0.25f, 0.5f, 0.25f});
        assertArrayEquals(new float[] {0.75f, 1, 1, 1, 0.75f}, Tf.conv1d(x, w, 1, "SAME").data());
    }

    @Test
    void explicitPaddingPairsInDataFormatOrder() {
        Tensor x = Tensor.filled(Shape.of(1, 1, 3, 3), 1f); // NCHW
        Tensor w = Tensor.filled(Shape.of(3, 3, 1, 1), 1f);
        int[][] pads = {{0, 0}, {0, 0}, {1, 1}, {0, 0}};
        Tensor y = Tf.conv2d(x, w, new int[] {1}, pads, "NCHW", new int[] {1});
        assertEquals(Shape.of(1, 1, 3, 1), y.shape());
        assertArrayEquals(new float[] {6, 9, 6}, y.data());
    }

    @Test
    void depthwiseMultiplierOrdersOutputChannels() {
        // two channels, multiplier 2, 1x1 kernel: output channel c*2+m = x[c] * w[c][m]
        Tensor x = Tensor.wrap(Shape.of(1, 1, 1, 2), new float[] {10, 100});
        Tensor w = Tensor.wrap(Shape.of(1, 1, 2, 2), new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {10, 20, 300, 400},
                Tf.depthwiseConv2d(x, w, new int[] {1, 1, 1, 1}, "VALID").data());
    }

    @Test
    void conv3dDilated() {
        Tensor x = ramp(1, 5, 1, 1, 1);
        Tensor w = Tensor.filled(Shape.of(2, 1, 1, 1, 1), 1f);
        Tensor y = Tf.conv3d(x, w, new int[] {1, 1, 1, 1, 1}, "VALID", "NDHWC", new int[] {2, 1, 1});
        assertArrayEquals(new float[] {1 + 3, 2 + 4, 3 + 5}, y.data());
    }

    @Test
    void dataFormatOfAnotherRankIsRejected() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> Tf.conv2d(ramp(1, 5, 5, 1), ramp(3, 3, 1, 1), new int[] {1}, "VALID", "NDHWC", null));
        assertEquals("data_format NDHWC is for 3D data; this is a 2D convolution (use NHWC)", e.getMessage());
    }

    @Test
    void backpropAndTransposeForms() {
        Tensor dx = Tf.conv2dBackpropInput(new int[] {1, 2, 3, 1}, ramp(2, 2, 1, 1), ramp(1, 1, 2, 1),
                new int[] {1, 1, 1, 1}, "VALID", "NHWC", null);
        assertArrayEquals(new float[] {1, 4, 4, 3, 10, 8}, dx.data());
        Tensor dw = Tf.conv2dBackpropFilter(ramp(1, 2, 3, 1), new int[] {2, 2, 1, 1}, ramp(1, 1, 2, 1),
                new int[] {1}, "VALID", "NHWC", null);
        assertArrayEquals(new float[] {5, 8, 14, 17}, dw.data());
        Tensor y = Tf.convTranspose(2, ramp(1, 1, 2, 1), ramp(2, 2, 1, 1), new int[] {1, 2, 3, 1},
                new int[] {1}, "VALID", "NHWC", null);
        assertArrayEquals(dx.data(), y.data());
    }
}
