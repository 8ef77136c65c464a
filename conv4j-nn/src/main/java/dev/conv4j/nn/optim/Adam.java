package dev.conv4j.nn.optim;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Param;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Adam}, with Keras' defaults (learning rate 0.001, beta_1 0.9, beta_2 0.999,
 * epsilon 1e-7) and Keras' form of the update, where epsilon is added to {@code sqrt(v)} and the
 * bias corrections are folded into the step size ("epsilon hat" in Kingma and Ba):
 *
 * <pre>
 * t = iterations + 1
 * alpha = lr(t - 1) · sqrt(1 - beta_2^t) / (1 - beta_1^t)
 * m += (g - m) · (1 - beta_1)
 * v += (g² - v) · (1 - beta_2)
 * w -= alpha · m / (sqrt(v) + epsilon)
 * </pre>
 */
public final class Adam implements Optimizer {
    private final LearningRate learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<Param, float[][]> moments = new IdentityHashMap<>();
    private long iterations;

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this(LearningRate.constant(learningRate), beta1, beta2, epsilon);
    }

    /** Adam with a learning-rate schedule. */
    public Adam(LearningRate learningRate, double beta1, double beta2, double epsilon) {
        if ( !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0)) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1) and epsilon >= 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** Keras' defaults. */
    public Adam() {
        this(0.001, 0.9, 0.999, 1e-7);
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Adam(LearningRate learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    @Override
    public void step(List<Param> params, Compute compute) {
        long t = iterations + 1;
        float alpha = (float) (learningRate.at(iterations) * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float oneMinusBeta1 = (float) (1 - beta1);
        float oneMinusBeta2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        for (Param p : params) {
            float[] w = p.value().data();
            float[] g = p.grad().data();
            float[][] mv = moments.computeIfAbsent(p, k -> new float[][] {new float[w.length], new float[w.length]});
            float[] m = mv[0];
            float[] v = mv[1];
            compute.elementwise(w.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = g[i];
                    m[i] += (gi - m[i]) * oneMinusBeta1;
                    v[i] += (gi * gi - v[i]) * oneMinusBeta2;
                    w[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + eps);
                }
            });
        }
        iterations = t;
    }

    @Override
    public String className() {
        return "Adam";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.putAll(learningRate.config());
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    @Override
    public long iterations() {
        return iterations;
    }
}
