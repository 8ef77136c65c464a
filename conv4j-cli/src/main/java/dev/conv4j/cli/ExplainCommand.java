package dev.conv4j.cli;

import dev.conv4j.cli.explain.PictureOptions;
import dev.conv4j.explain.BackwardExplainer;
import dev.conv4j.explain.ConvExplainer;
import dev.conv4j.explain.picture.BackwardPictures;
import dev.conv4j.spec.ConvGeometry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explain}: the conv options with shapes instead of files; prints why the output has its shape. */
@Command(name = "explain", description = "Explain a convolution from shapes: slide directions, per-axis formulas and"
        + " pads, receptive field, cost, memory and the algorithm the planner would choose; --svg/--png/--gif draw it.")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    ProblemShapes problem;

    @Option(names = "--bias", description = "Count a bias per output channel.")
    boolean bias;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--op", paramLabel = "OP", defaultValue = "forward",
            description = "forward (default), or the backward operations of this convolution worked with numbers:"
                    + " transpose (--input is then the shape it produces), grad-input, grad-filter;"
                    + " each shown equal to a forward convolution.")
    String op;

    @Mixin
    PictureOptions pictures;

    @Override
    public Integer call() throws IOException {
        ConvGeometry g = problem.geometry();
        pictures.validate();
        if (!op.equalsIgnoreCase("forward")) {
            BackwardExplainer.Worked worked = BackwardExplainer.work(BackwardExplainer.Op.parse(op), g);
            command.commandLine().getOut().print(BackwardExplainer.explain(worked));
            pictures.write(t -> BackwardPictures.picture(worked, t), t -> BackwardPictures.animation(worked, t),
                    command.commandLine().getOut());
            return 0;
        }
        command.commandLine().getOut().print(ConvExplainer.explain(g, bias, problem.options.planner(threads)));
        pictures.write(g, command.commandLine().getOut());
        return 0;
    }
}
