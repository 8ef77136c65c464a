package dev.conv4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Param;
import dev.conv4j.nn.init.Initializer;
import dev.conv4j.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single steps against updates worked out by hand with Keras' formulas. */
class OptimizerTest {
    private static final Compute COMPUTE = Compute.threads(1);

    private static Param param(float... values) {
        Param p = new Param("w", Shape.of(values.length), Initializer.ZEROS);
        System.arraycopy(values, 0, p.value().data(), 0, values.length);
        return p;
    }

    private static void grad(Param p, float... g) {
        System.arraycopy(g, 0, p.grad().data(), 0, g.length);
    }

    @Test
    void adamWithKerasDefaults() {
        Param p = param(1, -2);
        Adam adam = new Adam();
        grad(p, 0.5f, -0.1f);
        adam.step(List.of(p), COMPUTE);
        // t=1: m = 0.1 g, v = 0.001 g^2, alpha = 0.001 sqrt(0.001) / 0.1: the first step is lr * sign(g)
        assertArrayEquals(new float[] {0.99900001f, -1.99900003f}, p.value().data(), 2e-7f);
        grad(p, -0.3f, 0.2f);
        adam.step(List.of(p), COMPUTE);
        // t=2: m0 = 0.05 + (-0.3 - 0.05) * 0.1 = 0.015, v0 = 0.00025 + (0.09 - 0.00025) * 0.001 = 0.00033975,
        // alpha = 0.001 * sqrt(1 - 0.999^2) / (1 - 0.9^2); w0 = 0.999 - alpha * m0 / (sqrt(v0) + 1e-7)
        assertArrayEquals(new float[] {0.99880851f, -1.99936613f}, p.value().data(), 2e-7f);
        assertEquals(2, adam.iterations());
        assertEquals(1e-7, (double) adam.config().get("epsilon"));
    }

    @Test
    void sgdPlainMomentumAndNesterov() {
        Param plain = param(1);
        Sgd sgd = new Sgd();
        grad(plain, 0.5f);
        sgd.step(List.of(plain), COMPUTE);
        assertEquals(1 - 0.01f * 0.5f, plain.value().data()[0], 1e-7);

        Param p = param(1);
        Sgd momentum = new Sgd(0.1, 0.9, false);
        grad(p, 0.5f);
        momentum.step(List.of(p), COMPUTE);
        assertEquals(0.95f, p.value().data()[0], 1e-6); // m = -0.05
        momentum.step(List.of(p), COMPUTE);
        assertEquals(0.855f, p.value().data()[0], 1e-6); // m = 0.9 * -0.05 - 0.05 = -0.095

        Param n = param(1);
        Sgd nesterov = new Sgd(0.1, 0.9, true);
        grad(n, 0.5f);
        nesterov.step(List.of(n), COMPUTE);
        assertEquals(0.905f, n.value().data()[0], 1e-6); // m = -0.05; w += 0.9 m - 0.05
        nesterov.step(List.of(n), COMPUTE);
        assertEquals(0.7695f, n.value().data()[0], 1e-6); // m = -0.095; w += 0.9 m - 0.05
    }

    @Test
    void exponentialDecayAsKeras() {
        LearningRate stairs = LearningRate.exponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, stairs.at(0), 1e-15);
        assertEquals(0.1, stairs.at(9), 1e-15);
        assertEquals(0.05, stairs.at(10), 1e-15);
        assertEquals(0.025, stairs.at(25), 1e-15);
        assertEquals(0.1 * Math.pow(0.5, 0.5), LearningRate.exponentialDecay(0.1, 10, 0.5, false).at(5), 1e-15);
        // SGD follows the schedule: the second step uses 0.05
        Param p = param(1);
        Sgd sgd = new Sgd(LearningRate.exponentialDecay(0.1, 1, 0.5, true), 0, false);
        grad(p, 1);
        sgd.step(List.of(p), COMPUTE);
        sgd.step(List.of(p), COMPUTE);
        assertEquals(1 - 0.1f - 0.05f, p.value().data()[0], 1e-7);
    }
}
