package dev.conv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {
    @Test
    void valueAndGradientOfOneRow() {
        // loss = log(e^1 + e^2 + e^3) - 3; gradient = softmax - onehot(2)
        var r = SoftmaxCrossEntropy.of(Tensor.wrap(Shape.of(1, 3), new float[] {1, 2, 3}), new int[] {2});
        assertEquals(0.40760596444438013, r.loss(), 1e-12);
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f - 1}, r.gradient().data(), 1e-7f);
        assertEquals(1, r.correct());
    }

    @Test
    void meanOverTheBatchAndGradientDividedByIt() {
        var r = SoftmaxCrossEntropy.of(Tensor.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 0, 0, 0}), new int[] {0, 1});
        assertEquals((2.40760596444438013 + Math.log(3)) / 2, r.loss(), 1e-12);
        assertArrayEquals(new float[] {(0.09003057f - 1) / 2, 0.24472847f / 2, 0.66524096f / 2,
            1 / 6f, (1 / 3f - 1) / 2, 1 / 6f}, r.gradient().data(), 1e-7f);
        assertEquals(0, r.correct(), "row 0 peaks at 2, row 1 ties and takes the first");
    }

    @Test
    void stableForHugeLogits() {
        var r = SoftmaxCrossEntropy.of(Tensor.wrap(Shape.of(1, 2), new float[] {1000, -1000}), new int[] {1});
        assertEquals(2000, r.loss(), 1e-9);
        assertArrayEquals(new float[] {1, -1}, r.gradient().data());
        var sure = SoftmaxCrossEntropy.of(Tensor.wrap(Shape.of(1, 2), new float[] {1e30f, 0}), new int[] {0});
        assertEquals(0, sure.loss());
    }

    @Test
    void badLabelsAreRefused() {
        Tensor logits = Tensor.zeros(Shape.of(1, 3));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.of(logits, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.of(logits, new int[] {0, 1}));
    }
}
