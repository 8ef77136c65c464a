package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    private static final Shape SHAPE = Shape.of(1, 2, 2, 1);
    /** Values 100, -3, 0, 1 with Σ|x·w| 1000, 3, 0 and 1: bounds 1.0e-2 + 1e-6, 3e-5 + 1e-6, 1e-6, 1.1e-5. */
    private static final ReferenceConv.Result REFERENCE = new ReferenceConv.Result(SHAPE,
            new double[] {100, -3, 0, 1}, new double[] {1000, 3, 0, 1});

    @Test
    void boundIsSemanticsRule() {
        assertEquals(1e-5 * 1000 + 1e-6, Accuracy.bound(1000), 0.0);
        assertEquals(1e-6, Accuracy.bound(0), 0.0);
    }

    @Test
    void acceptsErrorsWithinTheBound() {
        Accuracy.assertAccurate("within", Tensors.of(SHAPE, 100.009f, -3.00003f, 0.0000009f, 1.00001f), REFERENCE);
    }

    @Test
    void namesTheFirstFailingElementAndCountsTheFailures() {
        AssertionError e = assertThrows(AssertionError.class, () -> Accuracy.assertAccurate("conv2d test",
                Tensors.of(SHAPE, 100, -3.001f, 0.00001f, 1), REFERENCE));
        String message = e.getMessage();
        assertTrue(message.startsWith("conv2d test: 2 of 4 elements"), message);
        assertTrue(message.contains("first at [0,0,1,0]"), message);
        assertTrue(message.contains("actual -3.00"), message);
        assertTrue(message.contains("expected -3.0"), message);
        assertTrue(message.contains("bound 3.1E-5"), message);
    }

    @Test
    void nanFails() {
        assertThrows(AssertionError.class,
                () -> Accuracy.assertAccurate("nan", Tensors.of(SHAPE, 100, -3, Float.NaN, 1), REFERENCE));
    }

    @Test
    void shapeMismatchFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Accuracy.assertAccurate("shape", Tensors.of(Shape.of(1, 4, 1), 100, -3, 0, 1), REFERENCE));
        assertTrue(e.getMessage().contains("output shape [1,4,1], expected [1,2,2,1]"), e.getMessage());
    }

    @Test
    void toleranceIsAtolPlusRtolTimesExpected() {
        Tensor expected = Tensors.of(Shape.of(2), 100, 0);
        Accuracy.assertWithinTolerance("ok", Tensors.of(Shape.of(2), 100.1f, 0.01f), expected, 1e-3, 0.01);
        AssertionError e = assertThrows(AssertionError.class, () ->
                Accuracy.assertWithinTolerance("peer", Tensors.of(Shape.of(2), 100.2f, 0.01f), expected, 1e-3, 0.01));
        assertTrue(e.getMessage().contains("1 of 2 elements") && e.getMessage().contains("first at [0]"), e.getMessage());
    }

    @Test
    void identicalMeansTheSameBits() {
        Tensor zeros = Tensors.of(Shape.of(2), 0, 1);
        Accuracy.assertIdentical("same", Tensors.of(Shape.of(2), 0, 1), zeros);
        AssertionError e = assertThrows(AssertionError.class,
                () -> Accuracy.assertIdentical("threads", Tensors.of(Shape.of(2), -0f, 1), zeros));
        assertTrue(e.getMessage().contains("first at [0]"), e.getMessage());
        assertThrows(AssertionError.class,
                () -> Accuracy.assertIdentical("ulp", Tensors.of(Shape.of(2), 0, Math.nextUp(1f)), zeros));
    }
}
