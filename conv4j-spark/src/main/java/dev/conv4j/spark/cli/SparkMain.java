package dev.conv4j.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code conv4j spark ...}: conv4j's Spark jobs from the command line, and the main class of the
 * jar handed to {@code spark-submit}. Exit codes as {@code conv4j}'s: 0 success, 1 I/O error,
 * 2 usage or shape error; {@code spark filter} returns 100 + the number of files that failed
 * (at most 200) when some did.
 */
@Command(name = "conv4j spark", mixinStandardHelpOptions = true, version = "conv4j 0.1.0",
        description = "conv4j on Apache Spark: embedded local mode by default (--master to change), or under spark-submit.",
        subcommands = {SparkVolumeCommand.class, SparkFilterCommand.class, SparkPredictCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  conv4j spark volume scan.zarr --kernel gaussian3d:2 --output smooth.zarr --chunks 64,64,64",
            "  conv4j spark filter photos/ --kernel edge,box:5 --output filtered/",
            "  conv4j spark predict --model models/fashion --input /usr/share/datasets/fashion-mnist --output preds.parquet",
            "  spark-submit --master spark://head:7077 conv4j-spark-dist.jar volume /shared/scan.zarr --kernel sobel3d --output /shared/edges.zarr"})
public final class SparkMain implements Runnable {
    static final int IO_ERROR = 1;
    static final int USAGE_OR_SHAPE_ERROR = 2;
    static final int INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("conv4j spark " + commandLine.getCommandName() + ": " + message(e));
            return exitCode(e);
        });
        return cli;
    }

    static int exitCode(Exception e) {
        Throwable cause = rootCause(e);
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
            return IO_ERROR;
        }
        return cause instanceof IllegalArgumentException ? USAGE_OR_SHAPE_ERROR : INTERNAL_ERROR;
    }

    /** A task's exception reaches the driver wrapped by Spark; the user wants the innermost reason. */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.spark.SparkException || t instanceof UncheckedIOException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Exception e) {
        Throwable cause = rootCause(e);
        if (exitCode(e) == INTERNAL_ERROR) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            return "internal error, please report it: " + trace;
        }
        String m = cause.getMessage();
        return m == null ? cause.getClass().getSimpleName() : m;
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int exitCode = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exitCode);
    }
}
