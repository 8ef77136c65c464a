package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.Conv;
import dev.conv4j.plan.Planner;
import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.reference.ReferenceGradients;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The gradients against float64 finite differences (which checks the reference gradients), and
 * the production gradients against the reference ones on random problems of every option.
 */
class GradientPropertiesTest {

    /**
     * The forward pass is linear in x and in w, so a central difference is exact up to rounding:
     * {@code (L(x + h e_i) - L(x - h e_i)) / 2h = dL/dx_i} for {@code L = <dy, conv(x, w)>}.
     */
    @Property(tries = 60)
    void referenceGradientsEqualFiniteDifferences(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        Tensor dy = random(c.geometry().outputShape(), 7);
        double[] dx = ReferenceGradients.input(c.spec(), c.input().shape(), c.filter(), dy).values();
        double[] dw = ReferenceGradients.filter(c.spec(), c.input(), c.filter().shape(), dy).values();
        Random pick = new Random(c.toString().hashCode());
        for (int probe = 0; probe < 4; probe++) {
            int i = pick.nextInt(dx.length);
            assertEquals(finiteDifference(c, dy, c.input(), i), dx[i], 1e-9 * (1 + Math.abs(dx[i])), "dx[" + i + "] " + c);
            int k = pick.nextInt(dw.length);
            assertEquals(finiteDifference(c, dy, c.filter(), k), dw[k], 1e-9 * (1 + Math.abs(dw[k])), "dw[" + k + "] " + c);
        }
    }

    @Property(tries = 200)
    void productionGradientsMatchTheReference(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ConvSpec spec = c.spec();
        Tensor dy = random(c.geometry().outputShape(), 11);
        Planner planner = Planner.standard().threads(c.threads());
        Accuracy.assertAccurate("grad input " + c, planner.planGradInput(spec, c.input().shape(), c.filter()).run(dy),
                ReferenceGradients.input(spec, c.input().shape(), c.filter(), dy));
        Accuracy.assertAccurate("grad filter " + c, planner.planGradFilter(spec, c.input().shape(), c.filter().shape())
                .run(c.input(), dy), ReferenceGradients.filter(spec, c.input(), c.filter().shape(), dy));
    }

    @Property(tries = 100)
    void gradientsDoNotDependOnTheThreadCount(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        Tensor dy = random(c.geometry().outputShape(), 13);
        Planner one = Planner.standard().threads(1);
        Planner three = Planner.standard().threads(3);
        Accuracy.assertIdentical("grad input " + c,
                three.planGradInput(c.spec(), c.input().shape(), c.filter()).run(dy),
                one.planGradInput(c.spec(), c.input().shape(), c.filter()).run(dy));
        Accuracy.assertIdentical("grad filter " + c,
                three.planGradFilter(c.spec(), c.input().shape(), c.filter().shape()).run(c.input(), dy),
                one.planGradFilter(c.spec(), c.input().shape(), c.filter().shape()).run(c.input(), dy));
    }

    /** {@code d<dy, conv(x, w)> / d(target[at])} by a central difference in float64. */
    private static double finiteDifference(ConvCase c, Tensor dy, Tensor target, int at) {
        float saved = target.data()[at];
        // divide by the steps float32 actually took, so the difference quotient stays exact
        float up = saved + 0.5f;
        float down = saved - 0.5f;
        target.data()[at] = up;
        double plus = loss(c, dy);
        target.data()[at] = down;
        double minus = loss(c, dy);
        target.data()[at] = saved;
        return (plus - minus) / ((double) up - down);
    }

    private static double loss(ConvCase c, Tensor dy) {
        double[] y = ReferenceConv.forward(c.spec(), c.input(), c.filter(), c.bias()).values();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i] * dy.data()[i];
        }
        return sum;
    }

    private static Tensor random(Shape shape, long seed) {
        Random rnd = new Random(seed + shape.hashCode());
        float[] d = new float[(int) shape.elementCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() * 2 - 1;
        }
        return Tensor.wrap(shape, d);
    }
}
