package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/** Keras' {@code Flatten}: {@code [batch, a, b, c]} → {@code [batch, a·b·c]}, the same data. */
public final class Flatten extends Layer {
    private Shape lastInputShape;

    /** A flatten layer; {@link Layers#flatten()} makes one too. */
    public Flatten() {
    }

    @Override
    public String className() {
        return "Flatten";
    }

    @Override
    protected Shape configure(Shape input) {
        return Shape.of(input.checkedElementCount("flattened sample"));
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        int batch = batchOf(x);
        lastInputShape = x.shape();
        return x.reshape(withBatch(batch, outputShape()));
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        return inputGradientNeeded() ? gradOutput.reshape(lastInputShape) : null;
    }

    @Override
    protected void writeConfig(Config c) {
        c.put("data_format", "channels_last");
    }
}
