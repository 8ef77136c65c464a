package dev.conv4j.cli.nn;

import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.zoo.Models;
import dev.conv4j.tensor.Shape;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code summary}: Keras' model.summary() of a named architecture, with FLOPs and optionally each axis's shape formula. */
@Command(name = "summary",
        description = {"Print the layer table of a named architecture: output shapes, parameters and FLOPs per layer.",
            "Models: lenet, vgg-block, inception-1x1, c3d-block, fashion-cnn, signal-1d, volume-3d."})
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The architecture.")
    String model;

    @Option(names = "--input", paramLabel = "SHAPE",
            description = "Sample shape without the batch, e.g. 28,28,1 (a leading batch of 1 is accepted; default: the model's).")
    String input;

    @Option(names = "--formulas", description = "Show how each conv and pool axis gets its output size.")
    boolean formulas;

    @Override
    public Integer call() {
        Models.Entry entry = Models.named(model);
        Shape shape = entry.defaultInput();
        if (input != null) {
            shape = Shape.parse(input);
            if (shape.rank() == entry.defaultInput().rank() + 1 && shape.dim(0) == 1) {
                shape = Shape.of(java.util.Arrays.copyOfRange(shape.dims(), 1, shape.rank()));
            }
            if (shape.rank() != entry.defaultInput().rank()) {
                throw new IllegalArgumentException("--input " + input + ": " + model + " takes samples of rank "
                        + entry.defaultInput().rank() + ", e.g. " + entry.defaultInput());
            }
        }
        Sequential net = entry.build(shape);
        PrintWriter out = command.commandLine().getOut();
        out.println(entry.description());
        out.print(net.summary(formulas));
        return 0;
    }
}
