package dev.conv4j.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.tensor.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializerTest {
    @Test
    void fansAsKerasComputesThem() {
        assertEquals(new Fans(3 * 3 * 32, 3 * 3 * 64), Fans.of(Shape.of(3, 3, 32, 64)));
        assertEquals(new Fans(27 * 4, 27 * 8), Fans.of(Shape.of(3, 3, 3, 4, 8)));
        assertEquals(new Fans(5 * 16, 5 * 32), Fans.of(Shape.of(5, 16, 32)));
        assertEquals(new Fans(784, 128), Fans.of(Shape.of(784, 128)));
        assertEquals(new Fans(10, 10), Fans.of(Shape.of(10)));
        assertEquals(new Fans(1, 1), Fans.of(Shape.of()));
    }

    private static double[] moments(float[] v) {
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean)};
    }

    @Test
    void glorotUniformStaysWithinItsLimitWithTheUniformSpread() {
        Shape shape = Shape.of(3, 3, 32, 64);
        float[] v = new float[(int) shape.elementCount()];
        Initializer.GLOROT_UNIFORM.fill(v, shape, new SplittableRandom(1));
        double limit = Math.sqrt(6.0 / (288 + 576));
        assertEquals(limit, Initializer.glorotLimit(Fans.of(shape)), 1e-15);
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max <= limit && max > 0.99 * limit, "max |w| " + max + " vs limit " + limit);
        double[] m = moments(v);
        double std = limit / Math.sqrt(3);
        assertEquals(0, m[0], 4 * std / Math.sqrt(v.length));
        assertEquals(std, m[1], 0.02 * std);
    }

    @Test
    void heNormalIsATruncatedNormalWithStddevSqrtTwoOverFanIn() {
        Shape shape = Shape.of(3, 3, 64, 128);
        float[] v = new float[(int) shape.elementCount()];
        Initializer.HE_NORMAL.fill(v, shape, new SplittableRandom(2));
        double target = Math.sqrt(2.0 / 576);
        double drawStddev = target / .87962566103423978;
        assertEquals(drawStddev, Initializer.heStddev(Fans.of(shape)), 1e-15);
        double[] m = moments(v);
        assertEquals(0, m[0], 4 * target / Math.sqrt(v.length));
        assertEquals(target, m[1], 0.01 * target, "after the cut at two draw-stddevs the stddev is sqrt(2/fan_in)");
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max <= 2 * drawStddev + 1e-6 && max > 1.9 * drawStddev, "max |w| " + max);
    }

    @Test
    void zerosAndNames() {
        float[] v = {1, 2};
        Initializer.ZEROS.fill(v, Shape.of(2), new SplittableRandom(0));
        assertEquals(0, v[0] + v[1]);
        assertEquals(Initializer.HE_NORMAL, Initializer.named("he_normal"));
        assertEquals("glorot_uniform", Initializer.GLOROT_UNIFORM.kerasName());
    }
}
