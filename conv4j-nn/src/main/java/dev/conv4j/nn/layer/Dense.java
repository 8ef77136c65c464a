package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Param;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.init.Initializer;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.List;

/**
 * Keras' {@code Dense}: {@code y = x·W + b} on the last axis, kernel {@code [in, units]}. The
 * products are 1×1 convolutions ({@link Matrices}): forward {@code x·W}, backward
 * {@code dx = dy·Wᵀ} and {@code dW = xᵀ·dy}.
 */
public final class Dense extends Layer {
    private final int units;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.GLOROT_UNIFORM;

    private int inputs;
    private Param kernel;
    private Param bias;
    private Tensor lastInput;

    public Dense(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("units " + units + " must be >= 1");
        }
        this.units = units;
    }

    public Dense useBias(boolean value) {
        this.useBias = value;
        return this;
    }

    public Dense kernelInitializer(Initializer value) {
        this.kernelInitializer = value;
        return this;
    }

    @Override
    public String className() {
        return "Dense";
    }

    @Override
    protected Shape configure(Shape input) {
        if (input.rank() == 0) {
            throw new IllegalArgumentException("Dense needs samples with at least one axis, got " + input);
        }
        inputs = input.dim(input.rank() - 1);
        kernel = new Param("kernel", Shape.of(inputs, units), kernelInitializer);
        bias = useBias ? new Param("bias", Shape.of(units), Initializer.ZEROS) : null;
        int[] out = input.dims();
        out[out.length - 1] = units;
        return Shape.of(out);
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(kernel) : List.of(kernel, bias);
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        int batch = batchOf(x);
        lastInput = pass.training() ? x : null;
        int rows = x.data().length / inputs;
        float[] y = Matrices.multiply(pass.compute(), x.data(), rows, inputs, kernel.value().data(), units,
                bias == null ? null : bias.value().data());
        return Tensor.wrap(withBatch(batch, outputShape()), y);
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        if (lastInput == null) {
            throw new IllegalStateException("layer " + name() + ": backward needs a training forward pass first");
        }
        int rows = lastInput.data().length / inputs;
        float[] dy = gradOutput.data();
        float[] xT = Matrices.transpose(lastInput.data(), rows, inputs);
        float[] dw = Matrices.multiply(pass.compute(), xT, inputs, rows, dy, units, null);
        System.arraycopy(dw, 0, kernel.grad().data(), 0, dw.length);
        if (bias != null) {
            float[] db = Matrices.columnSums(dy, rows, units);
            System.arraycopy(db, 0, bias.grad().data(), 0, db.length);
        }
        if (!inputGradientNeeded()) {
            return null;
        }
        float[] wT = Matrices.transpose(kernel.value().data(), inputs, units);
        float[] dx = Matrices.multiply(pass.compute(), dy, rows, units, wT, inputs, null);
        return Tensor.wrap(lastInput.shape(), dx);
    }

    @Override
    public long flops() {
        return 2L * inputShape().elementCount() * units;
    }

    @Override
    protected void writeConfig(Config c) {
        c.put("units", units).put("use_bias", useBias).put("kernel_initializer", kernelInitializer.kerasName())
                .put("bias_initializer", "zeros");
    }

    static Dense fromConfig(Config c) {
        Dense d = new Dense(c.integer("units"));
        if (c.has("use_bias")) {
            d.useBias(c.bool("use_bias"));
        }
        if (c.has("kernel_initializer")) {
            d.kernelInitializer(Initializer.named(c.string("kernel_initializer")));
        }
        return d;
    }
}
