package dev.conv4j.spec;

import dev.conv4j.tensor.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * What to compute: an immutable description of an r-dimensional convolution, independent of
 * the data (oneDNN's "descriptor"). {@link #geometry} applies it to concrete shapes.
 *
 * <p>Strides and dilations hold one value per spatial axis; a single value given to the builder
 * applies to every axis. A depthwise convolution ({@link Builder#depthwise()}) takes a filter
 * {@code [k..., C, multiplier]} and is computed as a grouped convolution with {@code groups = C}.
 */
public final class ConvSpec {
    private final int spatialRank;
    private final int[] strides;
    private final int[] dilations;
    private final Padding padding;
    private final int groups;
    private final boolean depthwise;
    private final DataFormat dataFormat;
    private final FilterFormat filterFormat;
    private final Boundary boundary;
    private final boolean flipKernel;

    private ConvSpec(Builder b) {
        this.spatialRank = b.spatialRank;
        this.strides = perAxis("strides", b.strides, b.spatialRank);
        this.dilations = perAxis("dilations", b.dilations, b.spatialRank);
        this.padding = b.padding;
        this.groups = b.groups;
        this.depthwise = b.depthwise;
        this.dataFormat = b.dataFormat;
        this.filterFormat = b.filterFormat;
        this.boundary = b.boundary;
        this.flipKernel = b.flipKernel;
        if (groups < 1) {
            throw new ConvShapeException("groups", "groups " + groups + " must be >= 1");
        }
        if (depthwise && groups != 1) {
            throw new ConvShapeException("groups", "a depthwise convolution sets groups to the input's channels;"
                    + " groups " + groups + " cannot be given as well");
        }
        if (padding == Padding.CAUSAL && spatialRank != 1) {
            throw new ConvShapeException("padding", "CAUSAL padding is defined for 1D convolutions only (Keras);"
                    + " this convolution is " + spatialRank + "D");
        }
        if (padding instanceof Padding.Explicit e && e.before().length != 1 && e.before().length != spatialRank) {
            throw new ConvShapeException("padding", "explicit padding " + e + " gives " + e.before().length
                    + " axes; a " + spatialRank + "D convolution needs before,after for each of its "
                    + spatialRank + " spatial axes (" + (2 * spatialRank) + " numbers)");
        }
    }

    private static int[] perAxis(String argument, int[] values, int rank) {
        int[] out;
        if (values.length == rank) {
            out = values.clone();
        } else if (values.length == 1) {
            out = new int[rank];
            Arrays.fill(out, values[0]);
        } else {
            throw new ConvShapeException(argument, argument + " " + Arrays.toString(values) + " has "
                    + values.length + " values; a " + rank + "D convolution takes 1 or " + rank);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 1) {
                throw new ConvShapeException(argument, argument + " " + Arrays.toString(values)
                        + " has " + out[i] + " at axis " + i + ": every " + argument.replaceAll("s$", "")
                        + " must be >= 1");
            }
        }
        return out;
    }

    /** A builder for an r-dimensional convolution (r = number of directions the kernel slides). */
    public static Builder builder(int spatialRank) {
        return new Builder(spatialRank);
    }

    /** Shape arithmetic: validates the shapes against this spec and derives the output. */
    public ConvGeometry geometry(Shape input, Shape filter) {
        return ConvGeometry.of(this, input, filter);
    }

    public int spatialRank() {
        return spatialRank;
    }

    public int[] strides() {
        return strides.clone();
    }

    public int stride(int axis) {
        return strides[axis];
    }

    public int[] dilations() {
        return dilations.clone();
    }

    public int dilation(int axis) {
        return dilations[axis];
    }

    public Padding padding() {
        return padding;
    }

    /** The groups as given; for a depthwise spec, 1 here and the input's channels in its geometry. */
    public int groups() {
        return groups;
    }

    public boolean depthwise() {
        return depthwise;
    }

    public DataFormat dataFormat() {
        return dataFormat;
    }

    public FilterFormat filterFormat() {
        return filterFormat;
    }

    public Boundary boundary() {
        return boundary;
    }

    /** True for mathematical convolution (kernel reversed along every spatial axis). */
    public boolean flipKernel() {
        return flipKernel;
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        Builder b = new Builder(spatialRank);
        b.strides = strides.clone();
        b.dilations = dilations.clone();
        b.padding = padding;
        b.groups = groups;
        b.depthwise = depthwise;
        b.dataFormat = dataFormat;
        b.filterFormat = filterFormat;
        b.boundary = boundary;
        b.flipKernel = flipKernel;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvSpec s && spatialRank == s.spatialRank && Arrays.equals(strides, s.strides)
                && Arrays.equals(dilations, s.dilations) && padding.equals(s.padding) && groups == s.groups
                && depthwise == s.depthwise && dataFormat == s.dataFormat && filterFormat == s.filterFormat
                && boundary == s.boundary && flipKernel == s.flipKernel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(spatialRank, Arrays.hashCode(strides), Arrays.hashCode(dilations), padding, groups,
                depthwise, dataFormat, filterFormat, boundary, flipKernel);
    }

    /** e.g. {@code conv2d strides=[2,2] dilations=[1,1] padding=SAME groups=1 NHWC HWIO boundary=zero}. */
    @Override
    public String toString() {
        return (depthwise ? "depthwise" : "conv") + spatialRank + "d strides=" + Arrays.toString(strides).replace(" ", "")
                + " dilations=" + Arrays.toString(dilations).replace(" ", "") + " padding=" + padding
                + " groups=" + groups + " " + dataFormat.code(spatialRank) + " " + filterFormat.code(spatialRank)
                + " boundary=" + boundary.code() + (flipKernel ? " flipped" : "");
    }

    /** Collects the options; every one has TensorFlow's default. */
    public static final class Builder {
        private final int spatialRank;
        private int[] strides = {1};
        private int[] dilations = {1};
        private Padding padding = Padding.VALID;
        private int groups = 1;
        private boolean depthwise;
        private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
        private FilterFormat filterFormat = FilterFormat.HWIO;
        private Boundary boundary = Boundary.ZERO;
        private boolean flipKernel;

        private Builder(int spatialRank) {
            if (spatialRank < 1) {
                throw new ConvShapeException("rank", "a convolution slides in at least one direction;"
                        + " spatial rank " + spatialRank + " must be >= 1");
            }
            this.spatialRank = spatialRank;
        }

        /** One stride per spatial axis, or one for all. */
        public Builder strides(int... strides) {
            this.strides = strides.clone();
            return this;
        }

        /** One dilation per spatial axis, or one for all. */
        public Builder dilations(int... dilations) {
            this.dilations = dilations.clone();
            return this;
        }

        public Builder padding(Padding padding) {
            this.padding = Objects.requireNonNull(padding, "padding");
            return this;
        }

        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Filter {@code [k..., C, multiplier]}: each input channel gets its own filters. */
        public Builder depthwise() {
            this.depthwise = true;
            return this;
        }

        public Builder dataFormat(DataFormat dataFormat) {
            this.dataFormat = Objects.requireNonNull(dataFormat, "dataFormat");
            return this;
        }

        public Builder filterFormat(FilterFormat filterFormat) {
            this.filterFormat = Objects.requireNonNull(filterFormat, "filterFormat");
            return this;
        }

        public Builder boundary(Boundary boundary) {
            this.boundary = Objects.requireNonNull(boundary, "boundary");
            return this;
        }

        /** Reverse the kernel: true convolution, as {@code scipy.ndimage.convolve}. */
        public Builder flipKernel(boolean flip) {
            this.flipKernel = flip;
            return this;
        }

        public ConvSpec build() {
            return new ConvSpec(this);
        }
    }
}
