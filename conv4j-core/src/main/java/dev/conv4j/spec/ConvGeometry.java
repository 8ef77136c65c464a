package dev.conv4j.spec;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link ConvSpec} applied to concrete input and filter shapes: validated, with the output
 * shape and per-axis pads derived. Needs no data, so shapes can be checked and explained
 * before anything is read or allocated.
 *
 * <p>Decision on empty tensors: a batch of 0 gives an empty output of the derived shape (as
 * TensorFlow does); an empty spatial output, zero channels or a zero-size kernel is an error.
 */
public final class ConvGeometry {
    private final ConvSpec spec;
    private final Shape input;
    private final Shape filter;
    private final Shape output;
    private final int batch;
    private final int inChannels;
    private final int outChannels;
    private final int groups;
    private final List<AxisGeometry> axes;

    private ConvGeometry(ConvSpec spec, Shape input, Shape filter, int batch, int inChannels, int outChannels,
                         int groups, List<AxisGeometry> axes) {
        this.spec = spec;
        this.input = input;
        this.filter = filter;
        this.batch = batch;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.axes = Collections.unmodifiableList(axes);
        this.output = deriveOutputShape();
    }

    static ConvGeometry of(ConvSpec spec, Shape input, Shape filter) {
        int r = spec.spatialRank();
        DataFormat df = spec.dataFormat();
        FilterFormat ff = spec.filterFormat();
        String inputText = "input " + df.code(r) + " " + input;
        String filterText = "filter " + filterFormatName(spec) + " " + filter;
        String both = " (" + inputText + ", " + filterText + ")";
        if (input.rank() != r + 2) {
            throw new ConvShapeException("input", "input rank " + input.rank() + " does not fit a " + r
                    + "D convolution: " + df.code(r) + " needs rank " + (r + 2) + " " + axisList(df, r)
                    + ", got " + input + rankHint(input.rank(), r));
        }
        if (filter.rank() != r + 2) {
            throw new ConvShapeException("filter", "filter rank " + filter.rank() + " does not fit a " + r
                    + "D convolution: " + filterFormatName(spec) + " needs rank " + (r + 2) + ", got " + filter
                    + " (" + inputText + ")" + missingBatchHint(input, filter, df, r));
        }
        int batch = input.dim(0);
        int channels = input.dim(df.channelAxis(r));
        int filterIn = filter.dim(ff.inChannelAxis(r));
        int filterOut = filter.dim(ff.outChannelAxis(r));
        if (channels == 0) {
            throw new ConvShapeException("input", "input has 0 channels" + both);
        }
        int groups;
        int outChannels;
        if (spec.depthwise()) {
            groups = channels;
            if (ff == FilterFormat.HWIO) {
                if (filterIn != channels) {
                    throw new ConvShapeException("filter", "depthwise filter in_channels " + filterIn
                            + " does not match input in_channels " + channels + both
                            + "; a depthwise filter is [k..., in_channels, multiplier]");
                }
                outChannels = Math.multiplyExact(channels, filterOut);
            } else {
                if (filterIn != 1 || filterOut % channels != 0) {
                    throw new ConvShapeException("filter", "depthwise OIHW filter must be [in_channels*multiplier, 1, k...]"
                            + both);
                }
                outChannels = filterOut;
            }
        } else {
            groups = spec.groups();
            outChannels = filterOut;
            if (channels % groups != 0) {
                throw new ConvShapeException("groups", "input in_channels " + channels
                        + " is not divisible by groups " + groups + both);
            }
            if ((long) filterIn * groups != channels) {
                String seen = groups == 1 ? "filter in_channels " + filterIn
                        : "filter in_channels " + filterIn + " x groups " + groups + " = " + ((long) filterIn * groups);
                throw new ConvShapeException("filter", seen + " does not match input in_channels " + channels + both
                        + channelHint(spec, input, filter));
            }
            if (outChannels % groups != 0) {
                throw new ConvShapeException("groups", "filter out_channels " + outChannels
                        + " is not divisible by groups " + groups + both);
            }
        }
        if (outChannels == 0) {
            throw new ConvShapeException("filter", "filter has 0 output channels" + both);
        }
        List<AxisGeometry> axes = new ArrayList<>(r);
        for (int i = 0; i < r; i++) {
            axes.add(axis(spec, i, input.dim(df.spatialAxis(r, i)), filter.dim(ff.kernelAxis(r, i)), both));
        }
        ConvGeometry g = new ConvGeometry(spec, input, filter, batch, channels, outChannels, groups, axes);
        if (g.output.elementCount() > Tensor.MAX_ELEMENTS) {
            throw new ConvShapeException("input", "output " + g.output + " would have " + g.output.elementCount()
                    + " elements, more than a Java float array holds (" + Tensor.MAX_ELEMENTS + ")" + both);
        }
        return g;
    }

    private static AxisGeometry axis(ConvSpec spec, int i, int n, int k, String both) {
        int r = spec.spatialRank();
        String name = AxisNames.axisName(r, i);
        int s = spec.stride(i);
        int d = spec.dilation(i);
        if (k == 0) {
            throw new ConvShapeException("filter", "filter has kernel size 0 along " + name + both);
        }
        long e = (long) (k - 1) * d + 1;
        if (n == 0) {
            throw new ConvShapeException("input", "input " + name + " is 0: the output would be empty" + both);
        }
        long before;
        long after;
        Padding p = spec.padding();
        if (p == Padding.SAME) {
            long out = (n + (long) s - 1) / s;
            long total = Math.max((out - 1) * s + e - n, 0);
            before = total / 2;
            after = total - before;
        } else if (p == Padding.VALID) {
            before = 0;
            after = 0;
        } else if (p == Padding.CAUSAL) {
            before = e - 1;
            after = 0;
        } else {
            Padding.Explicit ex = (Padding.Explicit) p;
            int j = ex.before().length == 1 ? 0 : i;
            before = ex.before()[j];
            after = ex.after()[j];
        }
        long padded = n + before + after;
        if (padded < e) {
            String dilated = d == 1 ? "kernel " + name + " " + k
                    : "dilated kernel " + name + " (" + k + "-1)*" + d + "+1 = " + e;
            String given = p == Padding.VALID ? "with VALID padding"
                    : "with padding " + before + "+" + after + " (padded size " + padded + ")";
            String pads = before + after == 0 ? "" : " + " + before + " + " + after;
            String formula = "out = floor((" + n + pads + " - " + e + ") / " + s + ") + 1 = "
                    + (Math.floorDiv(padded - e, s) + 1) + " < 1";
            throw new ConvShapeException("input", "input " + name + " " + n + " is smaller than the " + dilated
                    + " " + given + ": the output would be empty, " + formula + both
                    + " (pad it, use SAME padding or a smaller kernel or dilation)");
        }
        long out = (padded - e) / s + 1;
        if (before > Integer.MAX_VALUE || after > Integer.MAX_VALUE || e > Integer.MAX_VALUE) {
            throw new ConvShapeException("dilations", "dilated kernel " + name + " (" + k + "-1)*" + d + "+1 = " + e
                    + " overflows int" + both);
        }
        return new AxisGeometry(name, n, k, s, d, (int) before, (int) after, (int) out, p);
    }

    private static String filterFormatName(ConvSpec spec) {
        int r = spec.spatialRank();
        if (spec.depthwise() && spec.filterFormat() == FilterFormat.HWIO) {
            return AxisNames.spatialLetters(r) + "CM";
        }
        return spec.filterFormat().code(r);
    }

    private static String axisList(DataFormat df, int r) {
        StringBuilder sb = new StringBuilder("[batch, ");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            names.add(AxisNames.axisName(r, i));
        }
        if (df == DataFormat.CHANNELS_FIRST) {
            sb.append("channels, ").append(String.join(", ", names));
        } else {
            sb.append(String.join(", ", names)).append(", channels");
        }
        return sb.append(']').toString();
    }

    /**
     * The commonest mistake, the batch axis left out (Keras' and PyTorch's habit): the filter has
     * the rank of one more spatial axis than the input provides.
     */
    private static String missingBatchHint(Shape input, Shape filter, DataFormat df, int r) {
        if (filter.rank() != r + 3) {
            return "";
        }
        return "; input rank " + input.rank() + " is read as " + axisList(df, r) + "; did you mean "
                + withLeadingOne(input) + "?";
    }

    /** {@code 1,224,224,3}: the shape as one types it, with a batch of one in front. */
    private static String withLeadingOne(Shape shape) {
        StringBuilder sb = new StringBuilder("1");
        for (int d : shape.dims()) {
            sb.append(',').append(d);
        }
        return sb.toString();
    }

    private static String rankHint(int rank, int r) {
        if (rank == r + 1) {
            return " (missing the batch dimension? add a leading 1)";
        }
        if (rank == r + 3) {
            return " (is this a " + (r + 1) + "D problem?)";
        }
        return "";
    }

    /** Guesses a layout mix-up: NCHW data read as NHWC, or an OIHW filter read as HWIO. */
    private static String channelHint(ConvSpec spec, Shape input, Shape filter) {
        int r = spec.spatialRank();
        int filterIn = filter.dim(spec.filterFormat().inChannelAxis(r));
        DataFormat other = spec.dataFormat() == DataFormat.CHANNELS_LAST ? DataFormat.CHANNELS_FIRST
                : DataFormat.CHANNELS_LAST;
        if ((long) input.dim(other.channelAxis(r)) == (long) filterIn * spec.groups()) {
            return "; the input looks like " + other.code(r) + " data: pass data format " + other.code(r);
        }
        FilterFormat otherFilter = spec.filterFormat() == FilterFormat.HWIO ? FilterFormat.OIHW : FilterFormat.HWIO;
        int otherIn = filter.dim(otherFilter.inChannelAxis(r));
        if ((long) otherIn * spec.groups() == input.dim(spec.dataFormat().channelAxis(r))) {
            return "; the filter looks like " + otherFilter.code(r) + ": pass filter format " + otherFilter.code(r);
        }
        return "";
    }

    private Shape deriveOutputShape() {
        int r = axes.size();
        int[] dims = new int[r + 2];
        DataFormat df = spec.dataFormat();
        dims[0] = batch;
        dims[df.channelAxis(r)] = outChannels;
        for (int i = 0; i < r; i++) {
            dims[df.spatialAxis(r, i)] = axes.get(i).output();
        }
        return Shape.of(dims);
    }

    /** Checks that a bias has one value per output channel. */
    public void checkBias(Shape bias) {
        if (bias.rank() != 1 || bias.dim(0) != outChannels) {
            throw new ConvShapeException("bias", "bias " + bias + " must be [" + outChannels
                    + "]: one value per output channel (output " + spec.dataFormat().code(spatialRank()) + " " + output + ")");
        }
    }

    public ConvSpec spec() {
        return spec;
    }

    public int spatialRank() {
        return axes.size();
    }

    public Shape inputShape() {
        return input;
    }

    public Shape filterShape() {
        return filter;
    }

    public Shape outputShape() {
        return output;
    }

    public int batch() {
        return batch;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    /** The effective groups: the spec's, or the input channels for a depthwise convolution. */
    public int groups() {
        return groups;
    }

    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    public List<AxisGeometry> axes() {
        return axes;
    }

    public AxisGeometry axis(int i) {
        return axes.get(i);
    }

    /** Input sizes per spatial axis. */
    public int[] inputSizes() {
        return axes.stream().mapToInt(AxisGeometry::input).toArray();
    }

    public int[] kernelSizes() {
        return axes.stream().mapToInt(AxisGeometry::kernel).toArray();
    }

    public int[] outputSizes() {
        return axes.stream().mapToInt(AxisGeometry::output).toArray();
    }

    public int[] padsBefore() {
        return axes.stream().mapToInt(AxisGeometry::padBefore).toArray();
    }

    public int[] padsAfter() {
        return axes.stream().mapToInt(AxisGeometry::padAfter).toArray();
    }

    /** Product of the kernel sizes. */
    public long kernelVolume() {
        long v = 1;
        for (AxisGeometry a : axes) {
            v *= a.kernel();
        }
        return v;
    }

    /** Input positions per image: product of the input sizes. */
    public long inputVolume() {
        long v = 1;
        for (AxisGeometry a : axes) {
            v *= a.input();
        }
        return v;
    }

    /** Output positions per image: product of the output sizes. */
    public long outputVolume() {
        long v = 1;
        for (AxisGeometry a : axes) {
            v *= a.output();
        }
        return v;
    }

    /** Multiply-adds, counting padded taps: {@code N * prod(out) * C_out * prod(k) * C_in / groups}. */
    public long multiplyAdds() {
        return (long) batch * outputVolume() * outChannels * kernelVolume() * inChannelsPerGroup();
    }

    /** Two FLOPs per multiply-add, the convention of the benchmark suite and of TensorFlow's profiler. */
    public long flops() {
        return 2 * multiplyAdds();
    }

    /** Weights (and biases when {@code withBias}). */
    public long parameters(boolean withBias) {
        return filter.elementCount() + (withBias ? outChannels : 0);
    }

    /**
     * A one-line problem string shared by tests, benchmarks and the CLI, e.g.
     * {@code conv2d n1 in224x224x3 k7x7x3x64 out112x112x64 s2x2 d1x1 pad2+3,2+3 g1 NHWC zero}.
     */
    public String problem() {
        StringBuilder sb = new StringBuilder();
        int r = spatialRank();
        sb.append(spec.depthwise() ? "depthwise" : "conv").append(r).append("d n").append(batch)
                .append(" in").append(join(inputSizes())).append('x').append(inChannels)
                .append(" k").append(join(kernelSizes())).append('x').append(inChannelsPerGroup()).append('x').append(outChannels)
                .append(" out").append(join(outputSizes())).append('x').append(outChannels)
                .append(" s").append(join(spec.strides()))
                .append(" d").append(join(spec.dilations()))
                .append(" pad");
        for (int i = 0; i < r; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(axes.get(i).padBefore()).append('+').append(axes.get(i).padAfter());
        }
        sb.append(" g").append(groups).append(' ').append(spec.dataFormat().code(r)).append(' ')
                .append(spec.boundary().code());
        if (spec.flipKernel()) {
            sb.append(" flipped");
        }
        return sb.toString();
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(values[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return problem();
    }
}
