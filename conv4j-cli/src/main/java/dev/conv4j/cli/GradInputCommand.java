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

/** {@code grad-input}: dL/dx of a forward convolution, as TensorFlow's conv2d_backprop_input. */
@Command(name = "grad-input",
        description = "Gradient with respect to the input of the convolution described by the options.")
final class GradInputCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--filter", required = true, paramLabel = "W.npy",
            description = "The forward filter: [k..., in_channels/groups, out_channels], or with --depthwise [k..., channels, multiplier].")
    Path filter;

    @Option(names = "--depthwise", description = "The forward convolution is depthwise.")
    boolean depthwise;

    @Option(names = "--grad-output", required = true, paramLabel = "G.npy",
            description = "dL/dy, with the forward output's shape.")
    Path gradOutput;

    @Option(names = "--input-shape", required = true, paramLabel = "SHAPE", description = "The forward input's shape.")
    String inputShape;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DX.npy", description = "Where to write dL/dx (.npy, a new name).")
    Path output;

    @Mixin
    GroupsOption groups;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ConvOptions options;

    @Override
    public Integer call() throws IOException {
        Shape shape = Shape.parse(inputShape);
        ConvSpec spec = options.spec(shape.rank(), depthwise, groups.groups);
        CliFiles.checkInput(filter, "--filter");
        CliFiles.checkInput(gradOutput, "--grad-output");
        CliFiles.checkOutput(output, "--output", List.of(".npy"), List.of(filter, gradOutput));
        Tensor dx = Conv.gradInput(options.planner(threads), spec, shape, Npy.read(filter), Npy.read(gradOutput));
        Npy.write(output, dx);
        command.commandLine().getOut().println("dL/dx " + dx.shape() + " written to " + output);
        return 0;
    }
}
