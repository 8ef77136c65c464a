package dev.conv4j.cli;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.FilterFormat;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depthwise}: TensorFlow's depthwise_conv2d (and its 1D/3D analogues) on .npy files. */
@Command(name = "depthwise", description = {"Depthwise convolution of X.npy with W.npy: each input channel is"
        + " convolved with its own MULTIPLIER filters and nothing is summed across channels (TensorFlow's"
        + " depthwise_conv2d).",
        "Filter layout [k..., channels, multiplier], e.g. [3,3,3,2]: 3x3 kernels, 3 input channels, 2 filters per"
        + " channel; output channels = channels x multiplier, channel c*multiplier+m from input channel c and filter m."})
final class DepthwiseCommand extends NpyConvolution {
    @Option(names = "--filter", required = true, paramLabel = "W.npy",
            description = "Filter [k..., channels, multiplier] (e.g. [3,3,3,2]).")
    Path filter;

    @Override
    Path filter() {
        return filter;
    }

    @Override
    ConvSpec spec(int inputRank) {
        return options.spec(inputRank, true, 1);
    }

    @Override
    String describeFilter(ConvGeometry g) {
        if (g.spec().filterFormat() != FilterFormat.HWIO) {
            return g.spec().filterFormat().code(g.spec().spatialRank()) + " " + g.filterShape();
        }
        int[] dims = g.filterShape().dims();
        return g.filterShape() + " (" + dims[dims.length - 2] + " channel" + (dims[dims.length - 2] == 1 ? "" : "s")
                + " x multiplier " + dims[dims.length - 1] + ")";
    }
}
