package dev.conv4j.explain.network;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.data.BuiltInData;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.nn.layer.ConvLayer;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a saved model computes on one sample, layer by layer, each layer run by conv4j (the
 * model's own {@code forward}): every layer's output (its feature maps), the predicted class
 * with the probabilities, and for any output value of a convolution layer the window of its
 * input, the learned weights, their products and their sum.
 */
public final class NetworkView {
    /** One layer and what it computed for the sample; {@code output} has a batch axis of 1. */
    public record LayerOutput(int index, Layer layer, Tensor output) {
        public boolean convolution() {
            return layer instanceof ConvLayer;
        }

        /**
         * How the output shape follows from the input: the layer's own formulas (convolutions,
         * pooling), or for a layer without any, what it does to the input's values.
         */
        public List<String> formulas(Shape input) {
            if (!layer.formulas().isEmpty()) {
                return layer.formulas();
            }
            long in = input.elementCount() / input.dim(0);
            long out = output.shape().elementCount() / output.shape().dim(0);
            Shape sample = Shape.of(java.util.Arrays.copyOfRange(input.dims(), 1, input.rank()));
            return List.of(switch (layer.className()) {
                case "Flatten" -> sample + " -> one vector of " + sample.toString().replaceAll("[\\[\\]]", "")
                        .replace(",", "*") + " = " + out + " values";
                case "Dense" -> out + " outputs, each the weighted sum of all " + in + " inputs plus a bias ("
                        + in * out + " weights)";
                case "ReLU" -> "max(x, 0) for each of the " + out + " values";
                case "Dropout" -> "the " + out + " values unchanged (dropout acts in training only)";
                default -> in + " values -> " + out + " values";
            });
        }
    }

    /** The predicted class and every class's probability (softmax of the last layer). */
    public record Prediction(int predicted, float[] probabilities, List<String> classes) {
        public String predictedName() {
            return classes.get(predicted);
        }
    }

    /**
     * One output value of a convolution layer taken apart: the input it read (zero where the
     * window lies on padding), the weights, their products, the bias and the sum.
     *
     * @param layer     the layer's index
     * @param channel   the output channel (filter)
     * @param position  the output position, one coordinate per spatial axis
     * @param inputs    the window, {@code [k..., channels of the group]}
     * @param weights   the filter's weights, same shape
     * @param onPadding per window position (spatial, row-major): whether it lies on padding
     * @param bias      the filter's bias (0 without one)
     * @param sum       sum of the products plus the bias, in double
     * @param value     the value conv4j computed for that position
     */
    public record Window(int layer, int channel, int[] position, Tensor inputs, Tensor weights, boolean[] onPadding,
                        float bias, double sum, float value) {
        /** Products input * weight, in the window's order. */
        public float[] products() {
            float[] p = new float[inputs.data().length];
            for (int i = 0; i < p.length; i++) {
                p[i] = inputs.data()[i] * weights.data()[i];
            }
            return p;
        }
    }

    /**
     * One channel of a layer's output as a picture: a 2D map, or of a 3D map its middle depth
     * slice ({@code depth}), row-major.
     */
    public record Map2d(int height, int width, int depth, float[] values) {
        /** Channel {@code channel} of {@code output}, {@code [1, H, W, C]} or {@code [1, D, H, W, C]}. */
        public static Map2d of(Tensor output, int channel) {
            int[] d = output.shape().dims();
            boolean volume = d.length == 5;
            int h = d[volume ? 2 : 1];
            int w = d[volume ? 3 : 2];
            int depth = volume ? d[1] / 2 : 0;
            int channels = d[d.length - 1];
            float[] map = new float[h * w];
            for (int i = 0; i < map.length; i++) {
                map[i] = output.data()[(depth * h * w + i) * channels + channel];
            }
            return new Map2d(h, w, depth, map);
        }
    }

    private final Sequential model;
    private final Tensor sample;
    private final List<LayerOutput> outputs;
    private final Prediction prediction;

    private NetworkView(Sequential model, Tensor sample, List<LayerOutput> outputs, Prediction prediction) {
        this.model = model;
        this.sample = sample;
        this.outputs = outputs;
        this.prediction = prediction;
    }

    /** A model saved by {@code conv4j train --output DIR} and the names of its classes (from the data it learned). */
    public record Saved(Sequential model, List<String> classes) {
    }

    public static Saved load(Path directory) throws IOException {
        SavedModel saved = ModelFiles.loadSaved(directory);
        long count = saved.model().outputShape().elementCount();
        return new Saved(saved.model(), saved.classNames().isEmpty() ? classes("", count) : saved.classNames());
    }

    /** The class names of the data sets conv4j trains on; "class i" otherwise. */
    public static List<String> classes(String data, long count) {
        List<String> known = BuiltInData.find(data.toLowerCase(Locale.ROOT)).map(BuiltInData::classes).orElse(List.of());
        if (known.size() == count) {
            return known;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("class " + i);
        }
        return names;
    }

    /** Runs {@code sample} (the model's input shape, with or without a batch axis of 1) through every layer. */
    public static NetworkView run(Sequential model, Tensor sample, List<String> classes) {
        Shape expected = model.inputShape();
        Tensor x = sample;
        if (x.shape().equals(expected)) {
            int[] dims = new int[expected.rank() + 1];
            dims[0] = 1;
            System.arraycopy(expected.dims(), 0, dims, 1, expected.rank());
            x = x.reshape(Shape.of(dims));
        } else if (x.rank() != expected.rank() + 1 || x.shape().dim(0) != 1
                || !Shape.of(java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank())).equals(expected)) {
            throw new IllegalArgumentException("the input " + x.shape() + " does not fit model " + model.name()
                    + ", which takes one sample of " + expected + " (or [1," + expected.toString().substring(1) + ")");
        }
        Pass pass = Pass.inference(Compute.threads(1));
        List<LayerOutput> outputs = new ArrayList<>();
        Tensor current = x;
        for (int i = 0; i < model.layers().size(); i++) {
            current = model.layers().get(i).forward(current, pass);
            outputs.add(new LayerOutput(i, model.layers().get(i), current));
        }
        return new NetworkView(model, x, List.copyOf(outputs), predict(current.data(), classes));
    }

    private static Prediction predict(float[] logits, List<String> classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            total += e[i];
        }
        float[] p = new float[e.length];
        int best = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / total);
            best = p[i] > p[best] ? i : best;
        }
        return new Prediction(best, p, classes);
    }

    public Sequential model() {
        return model;
    }

    /** The sample as the first layer reads it, {@code [1, ...input]}. */
    public Tensor sample() {
        return sample;
    }

    public List<LayerOutput> outputs() {
        return outputs;
    }

    public Prediction prediction() {
        return prediction;
    }

    /** The input of layer {@code index}: the sample or the previous layer's output. */
    public Tensor inputOf(int index) {
        return index == 0 ? sample : outputs.get(index - 1).output();
    }

    /**
     * Output value {@code position} of channel {@code channel} of convolution layer {@code layer}
     * taken apart into products and their sum.
     *
     * @throws IllegalArgumentException naming what is out of range
     */
    public Window window(int layer, int channel, int[] position) {
        if (layer < 0 || layer >= outputs.size() || !(outputs.get(layer).layer() instanceof ConvLayer conv)) {
            throw new IllegalArgumentException("layer " + layer + " is not a convolution layer of " + model.name());
        }
        if (conv.spec().dataFormat() != DataFormat.CHANNELS_LAST) {
            throw new IllegalArgumentException("layer " + conv.name() + " is channels-first; windows are shown for"
                    + " channels-last layers");
        }
        ConvGeometry g = conv.geometry();
        int r = g.spatialRank();
        if (channel < 0 || channel >= g.outChannels()) {
            throw new IllegalArgumentException("channel " + channel + " is outside 0.." + (g.outChannels() - 1));
        }
        if (position.length != r) {
            throw new IllegalArgumentException("position " + java.util.Arrays.toString(position) + " needs " + r
                    + " coordinates");
        }
        for (int a = 0; a < r; a++) {
            if (position[a] < 0 || position[a] >= g.axis(a).output()) {
                throw new IllegalArgumentException("position " + position[a] + " along " + g.axis(a).name()
                        + " is outside 0.." + (g.axis(a).output() - 1));
            }
        }
        Tensor in = inputOf(layer);
        Tensor kernel = conv.params().get(0).value();
        float bias = conv.params().size() > 1 ? conv.params().get(1).value().data()[channel] : 0f;
        int perGroup = g.inChannelsPerGroup();
        int group = channel / g.outChannelsPerGroup();
        int[] k = g.kernelSizes();
        int taps = 1;
        for (int v : k) {
            taps *= v;
        }
        float[] inputs = new float[taps * perGroup];
        float[] weights = new float[taps * perGroup];
        boolean[] onPadding = new boolean[taps];
        double sum = bias;
        int[] j = new int[r];
        for (int t = 0; t < taps; t++) {
            int[] at = new int[r + 2];
            boolean inside = true;
            for (int a = 0; a < r; a++) {
                AxisGeometry ax = g.axis(a);
                at[a + 1] = position[a] * ax.stride() - ax.padBefore() + j[a] * ax.dilation();
                inside &= at[a + 1] >= 0 && at[a + 1] < ax.input();
            }
            onPadding[t] = !inside;
            int[] w = java.util.Arrays.copyOf(j, r + 2);
            w[r + 1] = channel;
            for (int c = 0; c < perGroup; c++) {
                at[r + 1] = group * perGroup + c;
                w[r] = c;
                float x = inside ? in.get(at) : 0f;
                float weight = kernel.get(w);
                inputs[t * perGroup + c] = x;
                weights[t * perGroup + c] = weight;
                sum += (double) x * weight;
            }
            for (int a = r - 1; a >= 0 && ++j[a] == k[a]; a--) {
                j[a] = 0;
            }
        }
        int[] out = new int[r + 2];
        System.arraycopy(position, 0, out, 1, r);
        out[r + 1] = channel;
        int[] windowDims = java.util.Arrays.copyOf(k, r + 1);
        windowDims[r] = perGroup;
        return new Window(layer, channel, position.clone(), Tensor.wrap(Shape.of(windowDims), inputs),
                Tensor.wrap(Shape.of(windowDims), weights), onPadding, bias, sum, outputs.get(layer).output().get(out));
    }

    /** Every layer with its output shape and formulas, then the prediction. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(model.name()).append(": input ").append(sample.shape()).append(", ")
                .append(model.parameterCount()).append(" parameters\n\n");
        for (LayerOutput o : outputs) {
            Layer l = o.layer();
            sb.append(String.format(Locale.ROOT, "%2d %-14s %-18s -> %s%n", o.index(), l.name(), l.className(),
                    o.output().shape()));
            for (String f : o.formulas(inputOf(o.index()).shape())) {
                sb.append("     ").append(f).append('\n');
            }
        }
        sb.append("\nprediction: ").append(prediction.predictedName()).append(String.format(Locale.ROOT, " (%.1f %%)%n",
                100 * prediction.probabilities()[prediction.predicted()]));
        for (int c = 0; c < prediction.probabilities().length; c++) {
            sb.append(String.format(Locale.ROOT, "  %-12s %6.2f %%%n", prediction.classes().get(c),
                    100 * prediction.probabilities()[c]));
        }
        return sb.toString();
    }

    /** The window's derivation: each product, the bias and the sum beside the value conv4j computed. */
    public static String text(Window w, String layerName) {
        StringBuilder sb = new StringBuilder();
        sb.append(layerName).append(" filter ").append(w.channel()).append(" at ")
                .append(java.util.Arrays.toString(w.position()).replace(" ", "")).append(": ")
                .append(w.inputs().data().length).append(" products of input and weight, plus the bias\n");
        float[] p = w.products();
        int shown = Math.min(p.length, 12);
        for (int i = 0; i < shown; i++) {
            sb.append(String.format(Locale.ROOT, "  %9.4f * %9.4f = %9.4f%n", w.inputs().data()[i],
                    w.weights().data()[i], p[i]));
        }
        if (p.length > shown) {
            sb.append("  ... ").append(p.length - shown).append(" more\n");
        }
        sb.append(String.format(Locale.ROOT, "  sum of products %.5f + bias %.5f = %.5f; conv4j computed %.5f%n",
                w.sum() - w.bias(), w.bias(), w.sum(), w.value()));
        return sb.toString();
    }
}
