package dev.conv4j.nn.optim;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Param;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code SGD}: without momentum {@code w -= lr·g}; with momentum {@code m = momentum·m - lr·g},
 * then {@code w += m}, or with Nesterov {@code w += momentum·m - lr·g}. Defaults as Keras:
 * learning rate 0.01, momentum 0.
 */
public final class Sgd implements Optimizer {
    private final LearningRate learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final Map<Param, float[]> velocities = new IdentityHashMap<>();
    private long iterations;

    public Sgd(double learningRate, double momentum, boolean nesterov) {
        this(LearningRate.constant(learningRate), momentum, nesterov);
    }

    /** SGD with a learning-rate schedule. */
    public Sgd(LearningRate learningRate, double momentum, boolean nesterov) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD needs momentum in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    public Sgd() {
        this(0.01, 0, false);
    }

    @Override
    public void step(List<Param> params, Compute compute) {
        float lr = (float) learningRate.at(iterations);
        for (Param p : params) {
            float[] w = p.value().data();
            float[] g = p.grad().data();
            if (momentum == 0) {
                compute.elementwise(w.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        w[i] -= lr * g[i];
                    }
                });
                continue;
            }
            float[] m = velocities.computeIfAbsent(p, k -> new float[w.length]);
            compute.elementwise(w.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    m[i] = momentum * m[i] - lr * g[i];
                    w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i];
                }
            });
        }
        iterations++;
    }

    @Override
    public String className() {
        return "SGD";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.putAll(learningRate.config());
        c.put("momentum", (double) momentum);
        c.put("nesterov", nesterov);
        return c;
    }

    @Override
    public long iterations() {
        return iterations;
    }
}
