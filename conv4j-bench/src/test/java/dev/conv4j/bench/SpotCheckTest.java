package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.Conv;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.testkit.ConvCase;
import dev.conv4j.testkit.ConvProblems;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The spot check crops each sampled position's receptive field and convolves the crops with the
 * reference; these tests hold it to the reference computed on the whole problem.
 */
class SpotCheckTest {

    /** Every spec option (strides, dilations, paddings, boundaries, flips, groups, OIHW, bias). */
    @Property(tries = 300)
    void theReferenceItselfPassesAndAShiftedOneFails(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        Assume.that(c.spec().dataFormat() == DataFormat.CHANNELS_LAST);
        Tensor exact = c.reference().toFloat();
        SpotCheck.Result pass = SpotCheck.check(c.spec(), c.input(), c.filter(), c.bias(), exact, 7);
        assertTrue(pass.passed(), c + ": " + pass.summary());
        assertTrue(pass.elements() > 0 && pass.maxErrorRatio() < 1, pass.summary());

        float[] shifted = exact.data().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.5f + Math.abs(shifted[i]) * 1e-3f;
        }
        SpotCheck.Result fail = SpotCheck.check(c.spec(), c.input(), c.filter(), c.bias(),
                Tensor.wrap(exact.shape(), shifted), 7);
        assertFalse(fail.passed(), c + ": " + fail.summary());
        assertEquals(fail.elements(), fail.failures(), fail.summary());
    }

    @Test
    void oneWrongElementAtTheFirstPositionIsFound() {
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).strides(2, 1).build();
        SplittableRandom random = new SplittableRandom(1);
        Tensor x = PreparedCase.uniform(Shape.of(2, 40, 33, 5), random);
        Tensor w = PreparedCase.uniform(Shape.of(3, 4, 5, 7), random);
        Tensor y = Conv.forward(spec, x, w);
        assertTrue(SpotCheck.check(spec, x, w, null, y, 3).passed());
        y.data()[3] += 1e-3f;
        SpotCheck.Result r = SpotCheck.check(spec, x, w, null, y, 3);
        assertFalse(r.passed());
        assertEquals(1, r.failures(), r.summary());
        assertTrue(r.firstFailure().startsWith("at [0,0,0,3]: got "), r.firstFailure());
    }

    @Test
    void samplesAFewHundredElementsAndStaysCheapOnALargeVolume() {
        // s10's shape: the reference on the whole 200^3 volume would take minutes
        ConvSpec spec = ConvSpec.builder(3).padding(Padding.SAME).build();
        SplittableRandom random = new SplittableRandom(2);
        Tensor x = PreparedCase.uniform(Shape.of(1, 200, 200, 200, 1), random);
        Tensor w = PreparedCase.uniform(Shape.of(5, 5, 5, 1, 3), random);
        Tensor y = Tensor.zeros(spec.geometry(x.shape(), w.shape()).outputShape());
        long t0 = System.nanoTime();
        SpotCheck.Result r = SpotCheck.check(spec, x, w, null, y, 3);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(r.passed());
        assertEquals(SpotCheck.MAX_POSITIONS, r.positions());
        assertEquals(SpotCheck.MAX_POSITIONS * 3, r.elements());
        assertTrue(seconds < 2, "took " + seconds + " s");
    }

    @Test
    void aWrongShapeFails() {
        ConvSpec spec = ConvSpec.builder(1).build();
        Tensor x = Tensor.filled(Shape.of(1, 5, 1), 1);
        Tensor w = Tensor.filled(Shape.of(3, 1, 1), 1);
        SpotCheck.Result r = SpotCheck.check(spec, x, w, null, Tensor.zeros(Shape.of(1, 5, 1)), 1);
        assertFalse(r.passed());
        assertTrue(r.firstFailure().contains("output shape [1,5,1], expected [1,3,1]"), r.firstFailure());
        ReferenceConv.Result ref = ReferenceConv.forward(spec, x, w, null);
        assertTrue(SpotCheck.check(spec, x, w, null, ref.toFloat(), 1).passed());
    }
}
