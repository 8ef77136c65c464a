package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/** Keras' {@code ReLU}: {@code max(x, 0)}; the gradient passes where the input was positive. */
public final class ReLU extends Layer {
    private Tensor lastOutput;

    /** A ReLU layer; {@link Layers#relu()} makes one too. */
    public ReLU() {
    }

    @Override
    public String className() {
        return "ReLU";
    }

    @Override
    protected Shape configure(Shape input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        batchOf(x);
        float[] in = x.data();
        float[] out = new float[in.length];
        pass.compute().elementwise(in.length, (from, to) -> {
            Simd.relu(in, out, from, to);
        });
        Tensor y = Tensor.wrap(x.shape(), out);
        lastOutput = pass.training() ? y : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        if (lastOutput == null) {
            throw new IllegalStateException("layer " + name() + ": backward needs a training forward pass first");
        }
        float[] y = lastOutput.data();
        float[] dy = gradOutput.data();
        float[] dx = new float[dy.length];
        pass.compute().elementwise(dy.length, (from, to) -> {
            Simd.reluGradient(y, dy, dx, from, to);
        });
        return Tensor.wrap(gradOutput.shape(), dx);
    }

    @Override
    public long flops() {
        return inputShape().elementCount();
    }

    @Override
    protected void writeConfig(Config c) {
        // Keras' ReLU has max_value, negative_slope and threshold; conv4j's is the plain one
    }
}
