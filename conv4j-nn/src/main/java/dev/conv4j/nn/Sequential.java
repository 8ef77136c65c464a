package dev.conv4j.nn;

import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.optim.Optimizer;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stack of layers, each feeding the next, trained with softmax cross-entropy on integer labels
 * (Keras' {@code Sequential} compiled with {@code SparseCategoricalCrossentropy(from_logits=True)}).
 *
 * <p>Seeded and reproducible: {@link #initialize(long)} draws every weight from one seed and
 * {@link #fit} shuffles from another, and every computation is independent of the thread count,
 * so the same seeds give bit-identical weights.
 */
public final class Sequential {
    private final String name;
    private final Shape inputShape;
    private final List<Layer> layers;

    private Sequential(String name, Shape inputShape, List<Layer> layers) {
        this.name = name;
        this.inputShape = inputShape;
        this.layers = List.copyOf(layers);
    }

    /**
     * Builds {@code layers} in order for samples of {@code inputShape} (no batch axis), naming
     * unnamed layers as Keras does ({@code conv2d}, {@code conv2d_1}, ...). The weights are zero
     * until {@link #initialize}.
     */
    public static Sequential of(String name, Shape inputShape, List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no layers");
        }
        Map<String, Integer> counters = new HashMap<>();
        List<String> taken = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.name() != null) {
                if (taken.contains(layer.name())) {
                    throw new IllegalArgumentException("model " + name + ": two layers are named " + layer.name());
                }
                taken.add(layer.name());
            }
        }
        Shape shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer.name() == null) {
                String stem = layer.defaultName();
                String candidate;
                do {
                    int n = counters.merge(stem, 1, Integer::sum) - 1;
                    candidate = n == 0 ? stem : stem + "_" + n;
                } while (taken.contains(candidate));
                taken.add(candidate);
                layer.named(candidate);
            }
            try {
                shape = layer.build(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model " + name + ", layer " + i + " " + layer + ": " + e.getMessage(), e);
            }
            layer.inputGradient(i > 0);
        }
        return new Sequential(name, inputShape, new ArrayList<>(layers));
    }

    public static Sequential of(String name, Shape inputShape, Layer... layers) {
        return of(name, inputShape, List.of(layers));
    }

    public String name() {
        return name;
    }

    /** The shape of one input sample. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The shape of one output sample: {@code [classes]} for a classifier. */
    public Shape outputShape() {
        return layers.getLast().outputShape();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Fresh weights: layer {@code i} draws from the {@code i}-th stream split from {@code seed}. */
    public Sequential initialize(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        for (Layer layer : layers) {
            layer.initialize(root.split());
        }
        return this;
    }

    /** Every parameter by its Keras weight name, {@code layer/param} (e.g. {@code conv2d/kernel}), in layer order. */
    public Map<String, Param> namedParams() {
        Map<String, Param> out = new LinkedHashMap<>();
        for (Layer layer : layers) {
            for (Param p : layer.params()) {
                out.put(layer.name() + "/" + p.name(), p);
            }
        }
        return out;
    }

    public List<Param> params() {
        return List.copyOf(namedParams().values());
    }

    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }

    /** Forward FLOPs of one sample (2 per multiply-add). */
    public long flops() {
        return layers.stream().mapToLong(Layer::flops).sum();
    }

    /** {@code x [batch, inputShape...]} → {@code [batch, outputShape...]}. */
    public Tensor forward(Tensor x, Pass pass) {
        Tensor y = x;
        for (Layer layer : layers) {
            y = layer.forward(y, pass);
        }
        return y;
    }

    /**
     * Class probabilities {@code [batch, classes]} for {@code x [batch, inputShape...]}: the softmax
     * of the logits, without dropout, on all processors.
     */
    public Tensor predict(Tensor x) {
        return predict(x, Compute.standard());
    }

    /** As {@link #predict(Tensor)}, computing with {@code compute}. */
    public Tensor predict(Tensor x, Compute compute) {
        checkBatch(x.shape());
        if (outputShape().rank() != 1) {
            throw new IllegalArgumentException("model " + name + " outputs " + outputShape()
                    + " per sample, not one score per class");
        }
        return SoftmaxCrossEntropy.probabilities(forward(x, Pass.inference(compute)));
    }

    /** Refuses a batch that is not {@code [N, inputShape...]}, saying what the model takes and, where it can, the fix. */
    public void checkBatch(Shape batch) {
        int[] dims = batch.dims();
        boolean fits = batch.rank() == inputShape.rank() + 1
                && Shape.of(java.util.Arrays.copyOfRange(dims, 1, dims.length)).equals(inputShape);
        if (fits) {
            return;
        }
        String hint = batch.equals(inputShape) ? "; this is one sample without the batch axis: make it [1,"
                + inputShape.toString().substring(1) : "";
        throw new IllegalArgumentException("model " + name + " takes a batch [N," + inputShape.toString().substring(1)
                + " (N samples " + inputShape + "), got " + batch + hint);
    }

    /** Back-propagates {@code dL/d(output)} through every layer, writing every parameter's gradient. */
    public void backward(Tensor gradOutput, Pass pass) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, pass);
        }
    }

    /** One update on one batch; returns the loss, the gradient and the hits. */
    public SoftmaxCrossEntropy.Result trainStep(Tensor x, int[] labels, Optimizer optimizer, Compute compute) {
        Pass pass = Pass.training(compute);
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.of(forward(x, pass), labels);
        backward(r.gradient(), pass);
        optimizer.step(params(), compute);
        return r;
    }

    /**
     * Trains on {@code train} for {@code training.epochs()} epochs of shuffled mini-batches,
     * evaluating on {@code validation} (may be null) after each; returns one record per epoch.
     */
    public List<TrainingListener.Epoch> fit(Dataset train, Dataset validation, Optimizer optimizer, Training training,
                                            TrainingListener listener) {
        checkData(train);
        SplittableRandom shuffle = new SplittableRandom(training.seed());
        List<TrainingListener.Epoch> history = new ArrayList<>();
        int n = train.size();
        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            int[] order = permutation(n, shuffle);
            long start = System.nanoTime();
            double lossSum = 0;
            int correct = 0;
            for (int from = 0; from < n; from += training.batchSize()) {
                int to = Math.min(n, from + training.batchSize());
                SoftmaxCrossEntropy.Result r = trainStep(train.gather(order, from, to), train.labelsOf(order, from, to),
                        optimizer, training.compute());
                lossSum += r.loss() * (to - from);
                correct += r.correct();
                listener.batchEnd(new TrainingListener.Progress(epoch, training.epochs(), to, n, lossSum / to,
                        (double) correct / to, System.nanoTime() - start));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation val = validation == null ? null : evaluate(validation, Math.max(training.batchSize(), 256),
                    training.compute());
            TrainingListener.Epoch e = new TrainingListener.Epoch(epoch, training.epochs(), n, n == 0 ? 0 : lossSum / n,
                    n == 0 ? 0 : (double) correct / n, val, seconds);
            history.add(e);
            listener.epochEnd(e);
        }
        return history;
    }

    /** Mean loss and accuracy on {@code data}, in batches of {@code batchSize}, without dropout. */
    public Evaluation evaluate(Dataset data, int batchSize, Compute compute) {
        checkData(data);
        int n = data.size();
        int[] order = new int[n];
        java.util.Arrays.setAll(order, i -> i);
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            Tensor logits = forward(data.gather(order, from, to), Pass.inference(compute));
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.of(logits, data.labelsOf(order, from, to));
            lossSum += r.loss() * (to - from);
            correct += r.correct();
        }
        return new Evaluation(n == 0 ? 0 : lossSum / n, n == 0 ? 0 : (double) correct / n, n);
    }

    private void checkData(Dataset data) {
        if (!data.sampleShape().equals(inputShape)) {
            throw new IllegalArgumentException("model " + name + " takes samples " + inputShape + " but " + data.name()
                    + " has samples " + data.sampleShape());
        }
        if (outputShape().rank() != 1 || outputShape().dim(0) != data.classes().size()) {
            throw new IllegalArgumentException("model " + name + " outputs " + outputShape() + " but " + data.name()
                    + " has " + data.classes().size() + " classes");
        }
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Keras' {@code model.summary()} with a FLOPs column; {@code formulas} adds each axis's shape derivation. */
    public String summary(boolean formulas) {
        return Summary.of(this, formulas);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Sequential %s: %d layers, %,d parameters", name, layers.size(),
                parameterCount());
    }
}
