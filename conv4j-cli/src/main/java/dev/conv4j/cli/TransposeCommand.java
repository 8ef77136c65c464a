package dev.conv4j.cli;

import dev.conv4j.Conv;
import dev.conv4j.io.Npy;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.TransposedSizes;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transpose}: the transposed convolution. The options describe the forward convolution
 * it reverses; the output size comes from {@code --output-shape} (TensorFlow) or
 * {@code --output-padding} (PyTorch).
 */
@Command(name = "transpose",
        description = "Transposed convolution of X.npy with W.npy [k..., out_channels, in_channels].")
final class TransposeCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", description = "The input.")
    Path input;

    @Option(names = "--filter", required = true, paramLabel = "W.npy",
            description = "The filter of the forward convolution reversed: [k..., out_channels, in_channels] (HWIO).")
    Path filter;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy", description = "Where to write the result (.npy, a new name).")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Size size;

    static final class Size {
        @Option(names = "--output-shape", paramLabel = "SHAPE", description = "The output shape (TensorFlow).")
        String outputShape;

        @Option(names = "--output-padding", split = ",", paramLabel = "P",
                description = "Extra size at the end of each axis, 0 <= P < stride (PyTorch).")
        int[] outputPadding;
    }

    @Mixin
    GroupsOption groups;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ConvOptions options;

    @Override
    public Integer call() throws IOException {
        CliFiles.checkInput(input, "--input");
        CliFiles.checkInput(filter, "--filter");
        CliFiles.checkOutput(output, "--output", List.of(".npy"), List.of(input, filter));
        Shape requested = size.outputShape != null ? Shape.parse(size.outputShape) : null;
        Tensor x = Npy.read(input);
        Tensor w = Npy.read(filter);
        ConvSpec spec = options.spec(x.rank(), false, groups.groups);
        Shape outputShape = requested != null ? requested
                : TransposedSizes.outputShape(spec, x.shape(), w.shape(), size.outputPadding);
        Tensor y = Conv.transpose(options.planner(threads), spec, x, w, outputShape);
        Npy.write(output, y);
        command.commandLine().getOut().println("transposed convolution " + x.shape() + " -> " + y.shape()
                + " written to " + output);
        return 0;
    }
}
