package dev.conv4j.cli;

import dev.conv4j.io.Npy;
import dev.conv4j.plan.ConvPlan;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conv} and {@code depthwise}: convolve .npy files. The rank comes from the input's rank. */
final class ConvolveCommand implements Callable<Integer> {
    private final boolean depthwise;

    @Spec
    CommandSpec command;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Input tensor [batch, spatial..., channels].")
    Path input;

    @Option(names = "--filter", required = true, paramLabel = "W.npy",
            description = "Filter [k..., in_channels/groups, out_channels] (depthwise: [k..., channels, multiplier]).")
    Path filter;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Bias [out_channels], added to every output position.")
    Path bias;

    @Option(names = "--output", required = true, paramLabel = "Y.npy",
            description = "Where to write the result; written whole or not at all.")
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all processors).")
    Integer threads;

    @Mixin
    ConvOptions options;

    ConvolveCommand(boolean depthwise) {
        this.depthwise = depthwise;
    }

    @Override
    public Integer call() throws IOException {
        Tensor x = Npy.read(input);
        Tensor w = Npy.read(filter);
        Tensor b = bias == null ? null : Npy.read(bias);
        ConvSpec spec = options.spec(x.rank(), depthwise);
        ConvPlan plan = options.planner(threads).plan(spec, x.shape(), w, b);
        long start = System.nanoTime();
        Tensor y = plan.run(x);
        double ms = (System.nanoTime() - start) / 1e6;
        Npy.write(output, y);
        command.commandLine().getOut().printf("%s -> %s %s written to %s (%s, %.1f ms)%n", plan.geometry().problem(),
                spec.dataFormat().code(spec.spatialRank()), y.shape(), output, plan.algorithm(), ms);
        return 0;
    }
}
