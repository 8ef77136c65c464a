package dev.conv4j.cli;

import dev.conv4j.io.Npy;
import dev.conv4j.plan.ConvPlan;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conv} and {@code depthwise}: convolve .npy files. The rank comes from the input's rank;
 * the subclasses say what the filter is.
 */
abstract class NpyConvolution implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input tensor [batch, spatial..., channels].")
    Path input;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Bias [out_channels], added to every output position.")
    Path bias;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Where to write the result (.npy, a new name); written whole or not at all.")
    Path output;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ConvOptions options;

    abstract Path filter();

    abstract ConvSpec spec(int inputRank);

    /** The filter as the user should read it, e.g. {@code HWIO [3,3,3,64]} or {@code [3,3,3,2] (3 channels x multiplier 2)}. */
    abstract String describeFilter(ConvGeometry g);

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = Arrays.asList(input, filter(), bias);
        for (Path p : inputs.stream().filter(Objects::nonNull).toList()) {
            CliFiles.checkInput(p, p == input ? "--input" : p == bias ? "--bias" : "--filter");
        }
        CliFiles.checkOutput(output, "--output", List.of(".npy"), inputs);
        Tensor x = Npy.read(input);
        Tensor w = Npy.read(filter());
        Tensor b = bias == null ? null : Npy.read(bias);
        ConvSpec spec = spec(x.rank());
        ConvPlan plan = options.planner(threads).plan(spec, x.shape(), w, b);
        long start = System.nanoTime();
        Tensor y = plan.run(x);
        double ms = (System.nanoTime() - start) / 1e6;
        Npy.write(output, y);
        ConvGeometry g = plan.geometry();
        int r = spec.spatialRank();
        command.commandLine().getOut().printf(Locale.ROOT, "%s: input %s %s, filter %s -> output %s %s written to %s"
                + " (%s, %.1f ms)%n", command.name(), spec.dataFormat().code(r), g.inputShape(), describeFilter(g),
                spec.dataFormat().code(r), y.shape(), output, plan.algorithm(), ms);
        return 0;
    }
}
