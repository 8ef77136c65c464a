package dev.conv4j.testkit;

import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ConvFunction;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One case from a peer's test suite ({@code peer_cases.json}; its format and each case's origin
 * are described in the {@code README.md} beside it). Tensors are channels-last
 * ({@code [N, spatial..., C]}) with HWIO filters; a channels-first peer's own arrays are under
 * {@link #original()}. Absent fields are null (or empty lists).
 *
 * @param id              unique, e.g. {@code tf.conv2d.testConv2D1x1Filter[NCHW]}
 * @param spatialRank     the number of directions the kernel slides in
 * @param dataFormat      the layout the peer ran, e.g. {@code NCHW}; the arrays here are channels-last regardless
 * @param strides         per spatial axis
 * @param dilations       per spatial axis
 * @param padding         SAME, VALID or explicit pairs (ONNX pads and Keras causal arrive converted to pairs)
 * @param bias            per output channel, or null
 * @param input           the forward ops' and filter gradient's input
 * @param filter          HWIO, or {@code [k..., C, multiplier]} for depthwise; the transposed filter for backprop-input
 * @param pointwiseFilter separable only: the 1x1 filter {@code [1, 1, C*multiplier, out]}
 * @param expected        the peer's expected result
 * @param inputSizes      backprop-input only: the shape of the gradient (the forward input)
 * @param filterSizes     backprop-filter only: the shape of the gradient (the forward filter)
 * @param outBackprop     backprop only: the gradient arriving at the forward output
 * @param edgeCase        empty batches, zero sizes, kernels larger than the input
 * @param variantOf       for a channels-first re-run, the id of the channels-last case
 * @param original        the peer's own arrays and layouts, or null
 */
public record PeerCase(String id, Source source, Op op, int spatialRank, String dataFormat, int[] strides,
                       int[] dilations, Padding padding, int groups, Tensor bias, Tensor input, Tensor filter,
                       Tensor pointwiseFilter, Tensor expected, int[] inputSizes, int[] filterSizes,
                       Tensor outBackprop, Tolerance tolerance, boolean edgeCase, String notes,
                       List<String> features, String variantOf, Original original) {

    /** The operation a case checks, as {@code peer_cases.json} names it. */
    public enum Op {
        CONV,
        DEPTHWISE_CONV2D,
        /** Depthwise, then a 1x1 convolution with the pointwise filter. */
        SEPARABLE_CONV2D,
        CONV_BACKPROP_INPUT,
        CONV_BACKPROP_FILTER;

        static Op parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        /** True for the forward convolutions, false for the gradients. */
        public boolean isForward() {
            return this == CONV || this == DEPTHWISE_CONV2D || this == SEPARABLE_CONV2D;
        }
    }

    /** Where the case comes from: repository, file and test name. */
    public record Source(String repo, String path, String test) {
    }

    /** The peer's own tolerance: a value passes when {@code |actual - expected| <= atol + rtol*|expected|}. */
    public record Tolerance(double rtol, double atol) {
        public void assertClose(String context, Tensor actual, Tensor expected) {
            Accuracy.assertWithinTolerance(context, actual, expected, rtol, atol);
        }
    }

    /**
     * The peer's own arrays, kept when its layout was converted.
     *
     * @param dataFormat   the peer's data format, e.g. {@code NCHW}
     * @param conversion   how the channels-last arrays were derived: {@code nchw_transpose}, {@code onnx_conv},
     *                     {@code dl4j}, {@code tflite_conv}, ...
     * @param input        in the peer's data format, or null
     * @param expected     in the peer's data format, or null
     * @param weightLayout ONNX's {@code weight_layout} or DL4J's {@code weight_format} (e.g. {@code OIHW},
     *                     {@code out_in_kernel}, {@code kernel_in_out}), describing {@link #weight}
     * @param weight       the peer's weights, or null
     * @param filterLayout TensorFlow's and TF Lite's {@code filter_layout} (e.g. {@code OHWI}), describing {@link #filter}
     * @param filter       the peer's filter when it is not HWIO, or null
     * @param inputSizes   backprop-input: the gradient's shape in the peer's format, or null
     * @param outBackprop  backprop: the incoming gradient in the peer's format, or null
     */
    public record Original(String dataFormat, String conversion, Tensor input, Tensor expected, String weightLayout,
                           Tensor weight, String filterLayout, Tensor filter, int[] inputSizes, Tensor outBackprop) {

        public boolean isChannelsFirst() {
            return DataFormat.parse(dataFormat) == DataFormat.CHANNELS_FIRST;
        }

        /** True when {@link #weight} is {@code [out, in, k...]}: ONNX's OIHW or DL4J's {@code out_in_kernel}. */
        public boolean weightIsOutInKernel() {
            return weightLayout != null && (weightLayout.matches("OI[DHW]+") || weightLayout.equals("out_in_kernel"));
        }
    }

    /**
     * A forward case in one layout, ready to compute.
     *
     * @param pointwiseFilter for a separable convolution, the 1x1 filter applied after the depthwise {@code spec}
     * @param bias            added at the end, or null
     */
    public record ForwardRun(ConvSpec spec, Tensor input, Tensor filter, Tensor pointwiseFilter, Tensor bias,
                             Tensor expected) {

        /** E.g. {@code NCHW OIHW}. */
        public String layout() {
            int rank = spec.spatialRank();
            return spec.dataFormat().code(rank) + " " + spec.filterFormat().code(rank);
        }

        /** The run's output as {@code conv} computes it, in two steps for a separable convolution. */
        public Tensor compute(ConvFunction conv) {
            if (pointwiseFilter == null) {
                return conv.apply(spec, input, filter, bias);
            }
            Tensor depthwise = conv.apply(spec, input, filter, null);
            ConvSpec pointwise = ConvSpec.builder(spec.spatialRank()).dataFormat(spec.dataFormat()).build();
            return conv.apply(pointwise, depthwise, pointwiseFilter, bias);
        }
    }

    /**
     * The spec of a forward case, channels-last with an HWIO filter; for a separable case, the
     * spec of its depthwise step.
     *
     * @throws IllegalStateException for a gradient case
     */
    public ConvSpec toSpec() {
        if (!op.isForward()) {
            throw new IllegalStateException(id + " is a " + op + " case, not a forward convolution");
        }
        ConvSpec.Builder builder = ConvSpec.builder(spatialRank).strides(strides).dilations(dilations).padding(padding);
        return op == Op.CONV ? builder.groups(groups).build() : builder.depthwise().build();
    }

    /** The case as stored: channels-last input and output, HWIO filter. */
    public ForwardRun channelsLast() {
        return new ForwardRun(toSpec(), input, filter, pointwiseFilter, bias, expected);
    }

    /**
     * The case in the peer's channels-first layout, from its own input and expected arrays: once
     * with the HWIO filter, and once more with the peer's OIHW weights when it gave them. Empty
     * when the peer ran channels-last or kept no arrays.
     */
    public List<ForwardRun> channelsFirst() {
        if (original == null || !original.isChannelsFirst() || original.input() == null || original.expected() == null) {
            return List.of();
        }
        ConvSpec spec = toSpec().toBuilder().dataFormat(DataFormat.CHANNELS_FIRST).build();
        List<ForwardRun> runs = new ArrayList<>();
        runs.add(new ForwardRun(spec, original.input(), filter, pointwiseFilter, bias, original.expected()));
        if (original.weightIsOutInKernel()) {
            runs.add(new ForwardRun(spec.toBuilder().filterFormat(FilterFormat.OIHW).build(), original.input(),
                    originalWeightAsOihw(), pointwiseFilter, bias, original.expected()));
        }
        return runs;
    }

    /** Every layout the case can run in: channels-last first. */
    public List<ForwardRun> forwardRuns() {
        List<ForwardRun> runs = new ArrayList<>();
        runs.add(channelsLast());
        runs.addAll(channelsFirst());
        return runs;
    }

    /** Computes every {@linkplain #forwardRuns() run} with {@code conv} and checks it within the peer's tolerance. */
    public void check(ConvFunction conv) {
        for (ForwardRun run : forwardRuns()) {
            tolerance.assertClose(id + " (" + run.layout() + ")", run.compute(conv), run.expected());
        }
    }

    /**
     * The peer's {@code [out, in, k...]} weights in conv4j's OIHW meaning. DL4J keeps depthwise
     * weights as {@code [multiplier, C, k...]}, while conv4j's OIHW depthwise filter is
     * {@code [C*multiplier, 1, k...]} with output channel {@code c*multiplier + m}: C moves in front.
     */
    private Tensor originalWeightAsOihw() {
        Tensor weight = original.weight();
        if (op != Op.DEPTHWISE_CONV2D) {
            return weight;
        }
        int[] dims = weight.shape().dims(); // [M, C, k...]
        int[] swapMultiplierAndChannels = IntStream.range(0, dims.length).toArray();
        swapMultiplierAndChannels[0] = 1;
        swapMultiplierAndChannels[1] = 0;
        int[] oihw = dims.clone();
        oihw[0] = dims[0] * dims[1];
        oihw[1] = 1;
        return weight.permute(swapMultiplierAndChannels).reshape(Shape.of(oihw));
    }

    @Override
    public String toString() {
        return id;
    }
}
