package dev.conv4j.cli;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conv}: TensorFlow's conv1d/conv2d/conv3d on .npy files. */
@Command(name = "conv", description = "Convolve X.npy with W.npy (TensorFlow's conv1d/conv2d/conv3d; the rank comes"
        + " from the input: [N,W,C] is 1D, [N,H,W,C] 2D, [N,D,H,W,C] 3D).")
final class ConvCommand extends NpyConvolution {
    @Option(names = "--filter", required = true, paramLabel = "W.npy",
            description = "Filter [k..., in_channels/groups, out_channels] (HWIO; OIHW with --filter-format).")
    Path filter;

    @Mixin
    GroupsOption groups;

    @Override
    Path filter() {
        return filter;
    }

    @Override
    ConvSpec spec(int inputRank) {
        return options.spec(inputRank, false, groups.groups);
    }

    @Override
    String describeFilter(ConvGeometry g) {
        return g.spec().filterFormat().code(g.spec().spatialRank()) + " " + g.filterShape();
    }
}
