package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.plan.Planner;
import dev.conv4j.reference.ReferenceGradients;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.testkit.ConvCase;
import dev.conv4j.testkit.ConvProblems;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The gradient spot checks crop (input gradient) or slice (filter gradient) the problem and ask
 * the reference gradients; these tests hold them to the reference computed on the whole problem,
 * and plant wrong results that they must find.
 */
class GradientSpotCheckTest {

    /**
     * Every spec option the checks take: strides, dilations, paddings, flips, groups, depthwise,
     * batch. The random problem is brought into the form they take (channels-last data, HWIO
     * filter, zero boundary) rather than assumed to be in it, which would reject most draws.
     */
    @Property(tries = 200)
    void theReferenceGradientsPassAndShiftedOnesFail(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        Assume.that(!(c.spec().depthwise() && c.spec().filterFormat() == FilterFormat.OIHW));
        int r = c.spec().spatialRank();
        ConvSpec spec = c.spec().toBuilder().dataFormat(DataFormat.CHANNELS_LAST).filterFormat(FilterFormat.HWIO)
                .boundary(Boundary.ZERO).build();
        Tensor x = c.spec().dataFormat() == DataFormat.CHANNELS_LAST ? c.input() : c.input().permute(channelsLast(r));
        Tensor w = c.spec().filterFormat() == FilterFormat.HWIO ? c.filter() : c.filter().permute(hwio(r));
        Tensor dy = PreparedCase.uniform(spec.geometry(x.shape(), w.shape()).outputShape(),
                new SplittableRandom(c.toString().hashCode()));
        Tensor dx = ReferenceGradients.input(spec, x.shape(), w, dy).toFloat();
        Tensor dw = ReferenceGradients.filter(spec, x, w.shape(), dy).toFloat();
        SpotCheck.Result input = GradientSpotCheck.input(spec, x.shape(), w, dy, dx, 5);
        SpotCheck.Result filter = GradientSpotCheck.filter(spec, x, w.shape(), dy, dw, 5);
        assertTrue(input.passed() && input.elements() > 0, c + ": " + input.summary());
        assertTrue(filter.passed() && filter.elements() > 0, c + ": " + filter.summary());

        SpotCheck.Result shiftedInput = GradientSpotCheck.input(spec, x.shape(), w, dy, shifted(dx), 5);
        SpotCheck.Result shiftedFilter = GradientSpotCheck.filter(spec, x, w.shape(), dy, shifted(dw), 5);
        assertEquals(shiftedInput.elements(), shiftedInput.failures(), shiftedInput.summary());
        assertEquals(shiftedFilter.elements(), shiftedFilter.failures(), shiftedFilter.summary());
    }

    /** {@code [N, C, s...]} to {@code [N, s..., C]}. */
    private static int[] channelsLast(int r) {
        int[] order = new int[r + 2];
        for (int a = 0; a < r; a++) {
            order[a + 1] = a + 2;
        }
        order[r + 1] = 1;
        return order;
    }

    /** {@code [O, I, k...]} to {@code [k..., I, O]}. */
    private static int[] hwio(int r) {
        int[] order = new int[r + 2];
        for (int a = 0; a < r; a++) {
            order[a] = a + 2;
        }
        order[r] = 1;
        order[r + 1] = 0;
        return order;
    }

    @Test
    void oneWrongElementIsFoundWhereItIs() {
        ConvSpec spec = ConvSpec.builder(2).padding(Padding.SAME).strides(2, 1).dilations(1, 2).build();
        SplittableRandom random = new SplittableRandom(1);
        Tensor x = PreparedCase.uniform(Shape.of(2, 11, 9, 6), random);
        Tensor w = PreparedCase.uniform(Shape.of(3, 3, 6, 10), random);
        Tensor dy = PreparedCase.uniform(spec.geometry(x.shape(), w.shape()).outputShape(), random);

        Tensor dx = Planner.standard().planGradInput(spec, x.shape(), w).run(dy);
        assertTrue(GradientSpotCheck.input(spec, x.shape(), w, dy, dx, 3).passed());
        dx.data()[4] += 1e-3f; // [0,0,0,4]: the first position is always sampled
        SpotCheck.Result r = GradientSpotCheck.input(spec, x.shape(), w, dy, dx, 3);
        assertEquals(1, r.failures(), r.summary());
        assertTrue(r.firstFailure().startsWith("at dx[0,0,0,4]: got "), r.firstFailure());

        Tensor dw = Planner.standard().planGradFilter(spec, x.shape(), w.shape()).run(x, dy);
        assertTrue(GradientSpotCheck.filter(spec, x, w.shape(), dy, dw, 3).passed());
        int last = dw.data().length - 1; // the last (in, out) pair is always sampled
        dw.data()[last] -= 1e-3f;
        r = GradientSpotCheck.filter(spec, x, w.shape(), dy, dw, 3);
        assertEquals(1, r.failures(), r.summary());
        assertTrue(r.firstFailure().startsWith("at dW[2,2,5,9]: got "), r.firstFailure());
    }

    @Test
    void anInputPositionNoOutputReachesMustBeZero() {
        // stride 3 with a 1-wide kernel: input columns 1 and 2 of every 3 feed no output
        ConvSpec spec = ConvSpec.builder(1).padding(Padding.VALID).strides(3).build();
        Tensor w = Tensor.filled(Shape.of(1, 2, 8), 1);
        Tensor dy = Tensor.filled(spec.geometry(Shape.of(1, 9, 2), w.shape()).outputShape(), 1);
        Tensor dx = ReferenceGradients.input(spec, Shape.of(1, 9, 2), w, dy).toFloat();
        assertEquals(0f, dx.data()[2]);
        assertTrue(GradientSpotCheck.input(spec, Shape.of(1, 9, 2), w, dy, dx, 1).passed());
        dx.data()[dx.data().length - 1] = 1e-3f; // position 8: unreached, always sampled (the last)
        SpotCheck.Result r = GradientSpotCheck.input(spec, Shape.of(1, 9, 2), w, dy, dx, 1);
        assertFalse(r.passed());
        assertTrue(r.firstFailure().startsWith("at dx[0,8,*]"), r.firstFailure());
    }

    @Test
    void aWrongShapeFails() {
        ConvSpec spec = ConvSpec.builder(1).build();
        Tensor x = Tensor.filled(Shape.of(1, 5, 1), 1);
        Tensor w = Tensor.filled(Shape.of(3, 1, 8), 1);
        Tensor dy = Tensor.filled(Shape.of(1, 3, 8), 1);
        assertFalse(GradientSpotCheck.input(spec, x.shape(), w, dy, Tensor.zeros(Shape.of(1, 5, 2)), 1).passed());
        assertFalse(GradientSpotCheck.filter(spec, x, w.shape(), dy, Tensor.zeros(Shape.of(3, 1, 7)), 1).passed());
    }

    /** The bench's own path: a prepared gradient case checks its last run, and a corrupted run fails. */
    @Test
    void aPreparedGradientCaseChecksItsLastRun() {
        BenchSuite suite = BenchSuite.parse("""
                {"cases": [
                 {"name": "gi", "op": "conv2d_grad_input", "input": [1, 12, 10, 16], "filter": [3, 3, 16, 24],
                  "padding": "SAME"},
                 {"name": "gf", "op": "conv2d_grad_filter", "input": [2, 12, 10, 16], "filter": [3, 3, 16, 24],
                  "strides": [2, 1], "padding": "SAME"}]}
                """, "test");
        for (BenchCase c : suite.cases()) {
            PreparedCase prepared = PreparedCase.prepare(c, Planner.standard().threads(2), 42);
            prepared.run();
            assertEquals(c.resultShape(), prepared.output().shape());
            SpotCheck.Result pass = prepared.check(42);
            assertTrue(pass.passed(), c + ": " + pass.summary());
            prepared.output().data()[0] += 1e-2f;
            SpotCheck.Result fail = prepared.check(42);
            assertFalse(fail.passed(), c + ": " + fail.summary());
            prepared.run(); // a fresh run replaces the corrupted result
            assertTrue(prepared.check(42).passed(), c.toString());
        }
    }

    /** s12 and s13 themselves: the checks must stay cheap on the full-size problems (and catch zeros). */
    @Test
    void staysCheapOnTheVggGradients() {
        List<BenchCase> cases = BenchSuite.standard().select(List.of("s12_vgg_grad_input", "s13_vgg_grad_filter"));
        for (BenchCase c : cases) {
            Tensor[] data = PreparedCase.data(c, 1);
            Tensor dy = PreparedCase.gradOutput(c, 1);
            long t0 = System.nanoTime();
            SpotCheck.Result r = PreparedCase.check(c, data[0], data[1], dy, Tensor.zeros(c.resultShape()), 1);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertFalse(r.passed(), c.name());
            assertTrue(r.elements() >= 1000, r.summary());
            assertTrue(seconds < 5, c.name() + " took " + seconds + " s");
        }
    }

    private static Tensor shifted(Tensor t) {
        float[] v = t.data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.5f + Math.abs(v[i]) * 1e-3f;
        }
        return Tensor.wrap(t.shape(), v);
    }
}
