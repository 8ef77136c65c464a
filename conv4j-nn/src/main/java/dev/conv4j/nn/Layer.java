package dev.conv4j.nn;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * One step of a {@link Sequential} network. Shapes here are per sample, without the batch
 * axis, as Keras prints them after {@code None}: a layer is configured when created, then
 * {@link #build built} for an input shape, which fixes its output shape and creates its
 * parameters, then {@link #initialize initialized}.
 *
 * <p>A layer keeps what its backward pass needs from the last training forward pass, so a
 * network computes one batch at a time; the batch itself is split over threads inside the
 * layers.
 */
public abstract class Layer {
    private String name;
    private Shape inputShape;
    private Shape outputShape;
    private boolean inputGradient = true;

    /** A layer not yet named, built or initialized. */
    protected Layer() {
    }

    /** Keras' class name, e.g. {@code Conv2D}, {@code MaxPooling2D}; the key of the JSON file. */
    public abstract String className();

    /** The name, e.g. {@code conv2d_1}; null until given or assigned by {@link Sequential}. */
    public final String name() {
        return name;
    }

    /** Names the layer; weight names in model files start with it ({@code conv2d/kernel}). */
    public final Layer named(String newName) {
        if (newName == null || newName.isBlank() || newName.contains("/")) {
            throw new IllegalArgumentException("layer name '" + newName + "' must be non-empty and contain no '/'");
        }
        this.name = newName;
        return this;
    }

    /** Keras' default name stem: the class name in snake case ({@code MaxPooling2D} → {@code max_pooling2d}). */
    public final String defaultName() {
        String s = className().replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Fixes the input shape (per sample), validates it, creates the parameters; returns the output shape. */
    public final Shape build(Shape input) {
        if (outputShape != null) {
            throw new IllegalStateException("layer " + name + " is already built for input " + inputShape);
        }
        outputShape = configure(input);
        inputShape = input;
        return outputShape;
    }

    /** Validates the input shape and creates parameters; returns the output shape. */
    protected abstract Shape configure(Shape input);

    public final Shape inputShape() {
        return require(inputShape);
    }

    public final Shape outputShape() {
        return require(outputShape);
    }

    private <T> T require(T value) {
        if (value == null) {
            throw new IllegalStateException("layer " + name + " is not built yet");
        }
        return value;
    }

    /** Trainable parameters, in Keras' order (kernel, then bias). */
    public List<Param> params() {
        return List.of();
    }

    /** Fresh weights from each parameter's initializer (layers with randomness of their own seed it here). */
    public void initialize(RandomGenerator random) {
        for (Param p : params()) {
            p.initialize(random);
        }
    }

    /** {@code x} is {@code [batch, inputShape...]}; returns {@code [batch, outputShape...]}. */
    public abstract Tensor forward(Tensor x, Pass pass);

    /**
     * Given {@code dL/dy} for the last training forward pass, writes the parameters' gradients
     * and returns {@code dL/dx}, or null when {@link #inputGradientNeeded()} is false.
     */
    public abstract Tensor backward(Tensor gradOutput, Pass pass);

    /** False for the first layer of a network: nothing needs the gradient of the data. */
    protected final boolean inputGradientNeeded() {
        return inputGradient;
    }

    final void inputGradient(boolean needed) {
        this.inputGradient = needed;
    }

    /** Floating-point operations of one sample's forward pass (2 per multiply-add). */
    public long flops() {
        return 0;
    }

    /** The number of weights. */
    public final long parameterCount() {
        long n = 0;
        for (Param p : params()) {
            n += p.size();
        }
        return n;
    }

    /** The settings as Keras names them, with {@code name} first. */
    public final Config config() {
        Config c = Config.of(name).put("name", name);
        writeConfig(c);
        return c;
    }

    protected abstract void writeConfig(Config config);

    /** How the output shape follows from the input, one line per axis (empty for most layers). */
    public List<String> formulas() {
        return List.of();
    }

    /** Checks that {@code x} is {@code [batch, inputShape...]} and returns the batch size. */
    protected final int batchOf(Tensor x) {
        Shape in = inputShape();
        boolean ok = x.rank() == in.rank() + 1;
        for (int i = 0; ok && i < in.rank(); i++) {
            ok = x.shape().dim(i + 1) == in.dim(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("layer " + name + " (" + className() + ") expects input [batch,"
                    + in.toString().substring(1) + ", got " + x.shape());
        }
        return x.shape().dim(0);
    }

    /** {@code [batch, sample...]}. */
    protected static Shape withBatch(int batch, Shape sample) {
        int[] dims = new int[sample.rank() + 1];
        dims[0] = batch;
        System.arraycopy(sample.dims(), 0, dims, 1, sample.rank());
        return Shape.of(dims);
    }

    /** The trailing dimensions: {@code [a, b, c]} → {@code [b, c]}. */
    protected static Shape withoutBatch(Shape shape) {
        int[] dims = shape.dims();
        int[] out = new int[dims.length - 1];
        System.arraycopy(dims, 1, out, 0, out.length);
        return Shape.of(out);
    }

    /** Keras' output shape text: {@code (None, 28, 28, 32)}. */
    public final String outputShapeText() {
        List<String> parts = new ArrayList<>();
        parts.add("None");
        for (int d : outputShape().dims()) {
            parts.add(Integer.toString(d));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    @Override
    public String toString() {
        return name + " (" + className() + ")";
    }
}
