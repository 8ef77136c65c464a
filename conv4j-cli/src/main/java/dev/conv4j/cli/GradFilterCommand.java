package dev.conv4j.cli;

import dev.conv4j.Conv;
import dev.conv4j.io.Npy;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grad-filter}: dL/dW of a forward convolution, as TensorFlow's conv2d_backprop_filter. */
@Command(name = "grad-filter",
        description = "Gradient with respect to the filter of the convolution described by the options.")
final class GradFilterCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", description = "The forward input.")
    Path input;

    @Option(names = "--grad-output", required = true, paramLabel = "G.npy",
            description = "dL/dy, with the forward output's shape.")
    Path gradOutput;

    @Option(names = "--filter-shape", required = true, paramLabel = "SHAPE", description = "The filter's shape.")
    String filterShape;

    @Option(names = "--depthwise", description = "The filter is depthwise [k..., channels, multiplier].")
    boolean depthwise;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DW.npy", description = "Where to write dL/dW (.npy, a new name).")
    Path output;

    @Mixin
    GroupsOption groups;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ConvOptions options;

    @Override
    public Integer call() throws IOException {
        CliFiles.checkInput(input, "--input");
        CliFiles.checkInput(gradOutput, "--grad-output");
        CliFiles.checkOutput(output, "--output", List.of(".npy"), List.of(input, gradOutput));
        Shape wShape = Shape.parse(filterShape);
        Tensor x = Npy.read(input);
        ConvSpec spec = options.spec(x.rank(), depthwise, groups.groups);
        Tensor dw = Conv.gradFilter(options.planner(threads), spec, x, wShape, Npy.read(gradOutput));
        Npy.write(output, dw);
        command.commandLine().getOut().println("dL/dW " + dw.shape() + " written to " + output);
        return 0;
    }
}
