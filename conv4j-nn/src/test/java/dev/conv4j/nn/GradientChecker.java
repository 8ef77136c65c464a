package dev.conv4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks any layer's backward pass against central finite differences: with a fixed random
 * projection {@code R}, the loss {@code L = Σ y·R} (summed in float64) has {@code dL/dy = R}, so
 * backward({@code R}) must give {@code dL/dx} and {@code dL/dW}; each is compared with
 * {@code (L(v + h) - L(v - h)) / 2h}, taken element by element on the input and every parameter.
 *
 * <p>Inputs come from {@link #kinkFreeInput}: distinct values on a grid of spacing 0.05 offset
 * from zero, so that a step of {@code h = 0.01} never crosses a ReLU kink or changes a maximum.
 */
public final class GradientChecker {
    public static final double H = 0.01;
    private static final int MAX_CHECKS_PER_TENSOR = 60;

    private final Layer layer;
    private final Runnable beforeForward;
    private final Compute compute = Compute.threads(2);
    private final float[] projection;
    private double tolerance;

    /** {@code layer} must be built (its input shape fixed); {@code beforeForward} resets randomness (or null). */
    public GradientChecker(Layer layer, int batch, Runnable beforeForward, long seed) {
        this.layer = layer;
        this.beforeForward = beforeForward;
        SplittableRandom random = new SplittableRandom(seed);
        projection = new float[Math.toIntExact(batch * layer.outputShape().elementCount())];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) (2 * random.nextDouble() - 1);
        }
    }

    /** {@code [batch, shape...]} of distinct values {@code ±(0.025 + 0.05·k)}, shuffled. */
    public static Tensor kinkFreeInput(int batch, Shape sample, long seed) {
        int n = Math.toIntExact(batch * sample.elementCount());
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((i - n / 2) * 0.05 + 0.025);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        int[] dims = new int[sample.rank() + 1];
        dims[0] = batch;
        System.arraycopy(sample.dims(), 0, dims, 1, sample.rank());
        return Tensor.wrap(Shape.of(dims), v);
    }

    private double loss(Tensor x) {
        if (beforeForward != null) {
            beforeForward.run();
        }
        float[] y = layer.forward(x, Pass.training(compute)).data();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * projection[i];
        }
        return sum;
    }

    /** Runs the check; {@code tolerance} bounds {@code |numeric - analytic| / (1 + |analytic|)}. */
    public void check(Tensor x, double tolerance) {
        this.tolerance = tolerance;
        loss(x);
        Tensor dx = layer.backward(Tensor.wrap(withBatchOf(x), projection.clone()), Pass.training(compute));
        List<float[]> analyticParams = new ArrayList<>();
        for (Param p : layer.params()) {
            analyticParams.add(p.grad().data().clone());
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        if (dx != null) {
            checked += compare("input", x.data(), dx.data(), x, failures);
        }
        for (int k = 0; k < layer.params().size(); k++) {
            Param p = layer.params().get(k);
            checked += compare(p.name(), p.value().data(), analyticParams.get(k), x, failures);
        }
        assertTrue(checked > 0, layer + ": nothing to check");
        assertTrue(failures.isEmpty(), layer + ": " + failures.size() + " of " + checked
                + " derivatives disagree with finite differences, e.g. " + failures.subList(0, Math.min(5, failures.size())));
    }

    private Shape withBatchOf(Tensor x) {
        int[] out = layer.outputShape().dims();
        int[] dims = new int[out.length + 1];
        dims[0] = x.shape().dim(0);
        System.arraycopy(out, 0, dims, 1, out.length);
        return Shape.of(dims);
    }

    /** Perturbs {@code values[i]} (the input or a parameter) for up to 60 indices and compares. */
    private int compare(String what, float[] values, float[] analytic, Tensor x, List<String> failures) {
        int step = Math.max(1, values.length / MAX_CHECKS_PER_TENSOR);
        int count = 0;
        for (int i = 0; i < values.length; i += step, count++) {
            float original = values[i];
            values[i] = (float) (original + H);
            double plus = loss(x);
            values[i] = (float) (original - H);
            double minus = loss(x);
            values[i] = original;
            double numeric = (plus - minus) / (2 * H);
            double error = Math.abs(numeric - analytic[i]) / (1 + Math.abs(analytic[i]));
            if (error > tolerance) {
                failures.add(what + "[" + i + "] numeric " + numeric + " analytic " + analytic[i]);
            }
        }
        return count;
    }
}
