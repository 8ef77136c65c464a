package dev.conv4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code conv4j} command: exit 0 on success, 2 for usage and shape errors, 1 for I/O errors
 * (70 for a defect in conv4j itself).
 */
@Command(name = "conv4j", mixinStandardHelpOptions = true, version = "conv4j 0.1.0",
        description = "TensorFlow-exact 1D/2D/3D convolution: compute it, size it, explain it.",
        subcommands = {ShapeCommand.class, ExplainCommand.class, GradInputCommand.class, GradFilterCommand.class,
            TransposeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Conv4j implements Runnable {
    static final int USAGE_OR_SHAPE_ERROR = 2;
    static final int IO_ERROR = 1;
    /** A defect in conv4j rather than in the input (sysexits' EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    /** The command line with every subcommand and the exit-code mapping installed. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Conv4j());
        cli.addSubcommand("conv", withDescription(new ConvolveCommand(false),
                "Convolve X.npy with W.npy (TensorFlow's conv1d/conv2d/conv3d; the rank comes from the input)."));
        cli.addSubcommand("depthwise", withDescription(new ConvolveCommand(true),
                "Depthwise convolution: filter [k..., channels, multiplier], output channel c*multiplier+m."));
        cli.addSubcommand(new dev.conv4j.cli.bench.BenchCommand());
        cli.addSubcommand(new dev.conv4j.cli.explain.ExplainAllCommand());
        cli.addSubcommand(new dev.conv4j.cli.explain.ServeCommand());
        cli.addSubcommand("filter", new dev.conv4j.cli.filter.FilterCommand());
        cli.addSubcommand(new dev.conv4j.cli.convert.ConvertCommand());
        cli.addSubcommand(new dev.conv4j.cli.nn.TrainCommand());
        cli.addSubcommand(new dev.conv4j.cli.nn.EvaluateCommand());
        cli.addSubcommand(new dev.conv4j.cli.nn.SummaryCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("conv4j " + commandLine.getCommandName() + ": " + message(e));
            return exitCode(e);
        });
        return cli;
    }

    private static CommandLine withDescription(Object command, String description) {
        CommandLine sub = new CommandLine(command);
        sub.getCommandSpec().usageMessage().description(description);
        sub.getCommandSpec().mixinStandardHelpOptions(true);
        return sub;
    }

    static int exitCode(Exception e) {
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return IO_ERROR;
        }
        return e instanceof IllegalArgumentException ? USAGE_OR_SHAPE_ERROR : INTERNAL_ERROR;
    }

    private static String message(Exception e) {
        if (exitCode(e) == INTERNAL_ERROR) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            return "internal error, please report it: " + trace;
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int exitCode = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exitCode);
    }
}
