package dev.conv4j.cli;

import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.spec.TfForms;
import picocli.CommandLine.Option;

/** The options that describe a convolution, shared by every command that takes one. */
final class ConvOptions {
    @Option(names = "--strides", split = ",", paramLabel = "S",
            description = "Stride per spatial axis, one value for all, or TensorFlow's long form 1,s,s,1 (default 1).")
    int[] strides = {1};

    @Option(names = "--dilations", split = ",", paramLabel = "D",
            description = "Dilation per spatial axis or one value for all (default 1).")
    int[] dilations = {1};

    @Option(names = "--padding", paramLabel = "P", defaultValue = "VALID",
            description = "SAME, VALID (default), CAUSAL (1D) or explicit b0,a0,b1,a1,... (before,after per axis).")
    String padding;

    @Option(names = "--data-format", paramLabel = "F",
            description = "NWC|NHWC|NDHWC (channels-last, default) or NCW|NCHW|NCDHW (channels-first).")
    String dataFormat;

    @Option(names = "--filter-format", paramLabel = "F", defaultValue = "HWIO",
            description = "HWIO (TensorFlow, default) or OIHW (PyTorch); 1D/3D spellings WIO, OIDHW... accepted.")
    String filterFormat;

    @Option(names = "--boundary", paramLabel = "B", defaultValue = "zero",
            description = "What padding holds: zero (default), reflect, symmetric, replicate, circular.")
    String boundary;

    @Option(names = "--flip", description = "Flip the kernel: true convolution (default: cross-correlation, like TensorFlow).")
    boolean flip;

    @Option(names = "--algo", paramLabel = "NAME",
            description = "Use this algorithm instead of the planner's choice; an unknown name or one that cannot"
                    + " compute the problem is an error saying which would or why not.")
    String algorithm;

    /** The standard planner on {@code --threads}, forced to {@code --algo} if given. */
    Planner planner(ThreadsOption threads) {
        return threads.planner().algorithm(algorithm);
    }

    /**
     * The spec for an input of {@code inputRank} axes: the spatial rank is the input's rank less
     * two. {@code groups} is 1 for a depthwise convolution, which has one group per channel.
     */
    ConvSpec spec(int inputRank, boolean depthwise, int groups) {
        int rank = inputRank - 2;
        if (rank < 1) {
            throw new ConvShapeException("input", "input has rank " + inputRank
                    + "; a convolution needs [batch, spatial..., channels] with at least one spatial axis (rank >= 3)");
        }
        DataFormat format = dataFormat == null ? DataFormat.CHANNELS_LAST : TfForms.dataFormat(dataFormat, rank);
        ConvSpec.Builder b = ConvSpec.builder(rank)
                .strides(TfForms.perSpatialAxis("strides", strides, rank, format))
                .dilations(TfForms.perSpatialAxis("dilations", dilations, rank, format))
                .padding(Padding.parse(padding))
                .dataFormat(format)
                .filterFormat(FilterFormat.parse(filterFormat))
                .boundary(Boundary.parse(boundary))
                .flipKernel(flip);
        if (depthwise) {
            if (groups != 1) {
                throw new ConvShapeException("groups", "--groups " + groups
                        + " cannot be combined with --depthwise: a depthwise convolution has one group per input channel");
            }
            b.depthwise();
        } else {
            b.groups(groups);
        }
        return b.build();
    }
}
