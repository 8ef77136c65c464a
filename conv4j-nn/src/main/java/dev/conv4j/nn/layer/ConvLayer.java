package dev.conv4j.nn.layer;

import dev.conv4j.Conv;
import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Param;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.init.Initializer;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras' {@code Conv1D}, {@code Conv2D} and {@code Conv3D} (one class; the rank is the number of
 * directions the kernel slides): a {@link ConvSpec} with a kernel {@code [k..., C_in/groups,
 * filters]} and an optional bias. Forward runs a plan of the {@link dev.conv4j.plan.Planner};
 * backward takes the input and kernel gradients from the planner's gradient plans (the fast
 * kernels serve both) and the bias gradient from {@link Conv#gradBias}.
 *
 * <p>Configure before building: {@code conv2d(32, 3).padding(Padding.SAME).strides(2)}.
 */
public final class ConvLayer extends Layer {
    private final int rank;
    private final int filters;
    private final int[] kernelSize;
    private int[] strides;
    private int[] dilations;
    private Padding padding = Padding.VALID;
    private int groups = 1;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.GLOROT_UNIFORM;

    private ConvSpec spec;
    private ConvGeometry sampleGeometry;
    private Param kernel;
    private Param bias;
    private Tensor lastInput;

    /** An r-dimensional convolution with {@code filters} outputs and kernel sizes (one, or one per axis). */
    public ConvLayer(int rank, int filters, int... kernelSize) {
        if (rank < 1) {
            throw new IllegalArgumentException("a convolution slides in at least one direction, rank " + rank);
        }
        if (filters < 1) {
            throw new IllegalArgumentException("filters " + filters + " must be >= 1");
        }
        this.rank = rank;
        this.filters = filters;
        this.kernelSize = perAxis("kernel_size", kernelSize);
        this.strides = perAxis("strides", new int[] {1});
        this.dilations = perAxis("dilation_rate", new int[] {1});
    }

    private int[] perAxis(String what, int[] values) {
        if (values.length == 1) {
            int[] out = new int[rank];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != rank) {
            throw new IllegalArgumentException(what + " " + java.util.Arrays.toString(values) + " has "
                    + values.length + " values; a " + rank + "D convolution takes 1 or " + rank);
        }
        return values.clone();
    }

    public ConvLayer strides(int... values) {
        this.strides = perAxis("strides", values);
        return this;
    }

    public ConvLayer dilations(int... values) {
        this.dilations = perAxis("dilation_rate", values);
        return this;
    }

    /** {@link Padding#VALID} (Keras' default), {@link Padding#SAME}, {@link Padding#CAUSAL} (1D) or explicit pads. */
    public ConvLayer padding(Padding value) {
        this.padding = value;
        return this;
    }

    public ConvLayer groups(int value) {
        this.groups = value;
        return this;
    }

    public ConvLayer dataFormat(DataFormat value) {
        this.dataFormat = value;
        return this;
    }

    public ConvLayer useBias(boolean value) {
        this.useBias = value;
        return this;
    }

    public ConvLayer kernelInitializer(Initializer value) {
        this.kernelInitializer = value;
        return this;
    }

    @Override
    public String className() {
        return "Conv" + rank + "D";
    }

    @Override
    protected Shape configure(Shape input) {
        if (input.rank() != rank + 1) {
            throw new IllegalArgumentException(className() + " takes samples of rank " + (rank + 1) + " ("
                    + dataFormat.code(rank).substring(1) + "), got " + input);
        }
        spec = ConvSpec.builder(rank).strides(strides).dilations(dilations).padding(padding).groups(groups)
                .dataFormat(dataFormat).build();
        int channels = input.dim(dataFormat == DataFormat.CHANNELS_LAST ? rank : 0);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(className() + ": input channels " + channels
                    + " are not divisible by groups " + groups);
        }
        int[] kernelDims = new int[rank + 2];
        System.arraycopy(kernelSize, 0, kernelDims, 0, rank);
        kernelDims[rank] = channels / groups;
        kernelDims[rank + 1] = filters;
        sampleGeometry = spec.geometry(withBatch(1, input), Shape.of(kernelDims));
        kernel = new Param("kernel", Shape.of(kernelDims), kernelInitializer);
        bias = useBias ? new Param("bias", Shape.of(filters), Initializer.ZEROS) : null;
        return withoutBatch(sampleGeometry.outputShape());
    }

    public ConvSpec spec() {
        return spec;
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(kernel) : List.of(kernel, bias);
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        batchOf(x);
        lastInput = pass.training() ? x : null;
        return pass.compute().planner().plan(spec, x.shape(), kernel.value(), bias == null ? null : bias.value()).run(x);
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        if (lastInput == null) {
            throw new IllegalStateException("layer " + name() + ": backward needs a training forward pass first");
        }
        Tensor x = lastInput;
        float[] dw = pass.compute().planner().planGradFilter(spec, x.shape(), kernel.shape()).run(x, gradOutput).data();
        System.arraycopy(dw, 0, kernel.grad().data(), 0, dw.length);
        if (bias != null) {
            float[] db = Conv.gradBias(spec, gradOutput).data();
            System.arraycopy(db, 0, bias.grad().data(), 0, db.length);
        }
        if (!inputGradientNeeded()) {
            return null;
        }
        return pass.compute().planner().planGradInput(spec, x.shape(), kernel.value()).run(gradOutput);
    }

    @Override
    public long flops() {
        return sampleGeometry.flops();
    }

    /** The geometry for one sample: output shape, pads, multiply-adds. */
    public ConvGeometry geometry() {
        return sampleGeometry;
    }

    @Override
    public List<String> formulas() {
        List<String> lines = new ArrayList<>();
        for (AxisGeometry a : sampleGeometry.axes()) {
            lines.add(a.name() + ": " + a.formula());
        }
        return lines;
    }

    @Override
    protected void writeConfig(Config c) {
        c.put("filters", filters).put("kernel_size", kernelSize).put("strides", strides)
                .put("padding", Paddings.name(padding)).put("data_format", Paddings.dataFormatName(dataFormat))
                .put("dilation_rate", dilations).put("groups", groups).put("use_bias", useBias)
                .put("kernel_initializer", kernelInitializer.kerasName()).put("bias_initializer", "zeros");
    }

    /** Rebuilds a layer from {@link #config()} (rank from the Keras class name). */
    static ConvLayer fromConfig(int rank, Config c) {
        ConvLayer layer = new ConvLayer(rank, c.integer("filters"), c.integers("kernel_size"));
        if (c.has("strides")) {
            layer.strides(c.integers("strides"));
        }
        if (c.has("dilation_rate")) {
            layer.dilations(c.integers("dilation_rate"));
        }
        if (c.has("padding")) {
            layer.padding(Paddings.parse(c.raw("padding")));
        }
        if (c.has("groups")) {
            layer.groups(c.integer("groups"));
        }
        if (c.has("data_format")) {
            layer.dataFormat(Paddings.parseDataFormat(c.string("data_format")));
        }
        if (c.has("use_bias")) {
            layer.useBias(c.bool("use_bias"));
        }
        if (c.has("kernel_initializer")) {
            layer.kernelInitializer(Initializer.named(c.string("kernel_initializer")));
        }
        return layer;
    }
}
