package dev.conv4j.cli;

import dev.conv4j.io.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code conv4j} command: exit 0 on success, 2 for usage and shape errors, 1 for I/O errors
 * (70 for a defect in conv4j itself). Every command and subcommand takes {@code --help/-h} and
 * {@code --version/-V}; a command that only groups others ({@code conv4j}, {@code conv4j filter})
 * given none of them, or an unknown one, prints its usage to stderr and exits 2.
 */
@Command(name = "conv4j", mixinStandardHelpOptions = true, version = Conv4j.VERSION,
        description = "TensorFlow-exact 1D/2D/3D convolution: compute it, size it, explain it.")
public final class Conv4j implements Runnable {
    /**
     * Every subcommand, in the order the usage lists them. Picocli reads a command's options from
     * its annotations when the command is added, which for all of them took most of a one-off
     * run's start-up (a quarter of a second), so a run adds only the one it was asked for (and
     * of a group's, such as {@code filter}'s, only the one named).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ShapeCommand.class, ExplainCommand.class,
            GradInputCommand.class, GradFilterCommand.class, TransposeCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class, ConvCommand.class, DepthwiseCommand.class,
            dev.conv4j.cli.bench.BenchCommand.class, dev.conv4j.cli.explain.ExplainAllCommand.class,
            dev.conv4j.cli.explain.ServeCommand.class, dev.conv4j.cli.explain.ExplainModelCommand.class,
            dev.conv4j.cli.filter.FilterCommand.class, dev.conv4j.cli.convert.ConvertCommand.class,
            dev.conv4j.cli.nn.TrainCommand.class, dev.conv4j.cli.nn.EvaluateCommand.class,
            dev.conv4j.cli.nn.SummaryCommand.class, dev.conv4j.cli.nn.PredictCommand.class);

    static final String VERSION = "conv4j 0.1.0";
    private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";
    static final int USAGE_OR_SHAPE_ERROR = 2;
    static final int IO_ERROR = 1;
    /** A defect in conv4j rather than in the input (sysexits' EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        throw missingSubcommand(command);
    }

    /** What a command that only groups others does when given none: usage on stderr, exit 2. */
    public static CommandLine.ParameterException missingSubcommand(CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }

    /** The command line with every subcommand and the exit-code mapping installed. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for running {@code args}: where an argument names a subcommand, that
     * subcommand alone at its level (which parses, helps and fails the same way), down through
     * the groups ({@link CommandGroup}); every subcommand where none is named, for the usage and
     * "did you mean".
     */
    public static CommandLine commandLine(String... args) {
        // no option takes a date, a time or a database driver: picocli would load their converters
        // reflectively, with java.time's and java.sql's classes, a tenth of its start-up
        if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTER_EXCLUDES, "java\\.time\\..*|java\\.sql\\..*");
        }
        CommandLine cli = new CommandLine(new Conv4j());
        addSubcommands(cli, SUBCOMMANDS, List.of(args));
        everyCommand(cli, sub -> {
            sub.getCommandSpec().mixinStandardHelpOptions(true);
            sub.getCommandSpec().version(VERSION);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + message(e));
            return exitCode(e);
        });
        cli.setParameterExceptionHandler(Conv4j::usageError);
        return cli;
    }

    /** Adds the one of {@code commands} that {@code args} begins with, or all of them when it names none. */
    private static void addSubcommands(CommandLine parent, List<Class<?>> commands, List<String> args) {
        List<Class<?>> named = args.isEmpty() ? List.of() : commands.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args.getFirst()))
                .toList();
        for (Class<?> command : named.isEmpty() ? commands : named) {
            parent.addSubcommand(command);
            CommandLine added = parent.getSubcommands().get(command.getAnnotation(Command.class).name());
            if (added.getCommand() instanceof CommandGroup group) {
                addSubcommands(added, group.subcommands(), named.isEmpty() ? List.of() : args.subList(1, args.size()));
            }
        }
    }

    private static void everyCommand(CommandLine cli, java.util.function.Consumer<CommandLine> action) {
        action.accept(cli);
        cli.getSubcommands().values().forEach(sub -> everyCommand(sub, action));
    }

    /**
     * A usage error: the message with the full command path, a "did you mean" for an unknown
     * command, then the usage, all on stderr; exit 2.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        java.io.PrintWriter err = cli.getErr();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !cli.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            String unknown = u.getUnmatched().getFirst();
            List<String> near = nearest(unknown, cli.getSubcommands().keySet());
            message = "unknown command '" + unknown + "'" + (near.isEmpty() ? "" : "; did you mean "
                    + String.join(" or ", near) + "?");
        }
        err.println(cli.getCommandSpec().qualifiedName() + ": " + message);
        cli.usage(err);
        return USAGE_OR_SHAPE_ERROR;
    }

    /** The names closest to {@code typed}: those it starts or is contained in, else within a third of its length in edits. */
    static List<String> nearest(String typed, java.util.Collection<String> names) {
        List<String> contained = names.stream().filter(n -> !n.equals("help"))
                .filter(n -> n.startsWith(typed) || typed.startsWith(n) || n.contains(typed)).sorted().toList();
        if (!contained.isEmpty()) {
            return contained;
        }
        int limit = Math.max(1, typed.length() / 3);
        return names.stream().filter(n -> !n.equals("help")).filter(n -> editDistance(typed, n) <= limit)
                .sorted(Comparator.comparingInt((String n) -> editDistance(typed, n)).thenComparing(n -> n)).toList();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
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
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return f.getFile() + ": " + switch (f) {
                case NoSuchFileException n -> "no such file or directory";
                case AccessDeniedException a -> "permission denied";
                case NotDirectoryException n -> "not a directory";
                case FileAlreadyExistsException x -> "already exists";
                case DirectoryNotEmptyException d -> "directory not empty";
                default -> "cannot be used (" + f.getClass().getSimpleName() + ")";
            };
        }
        String m = e.getMessage();
        if (m != null && m.contains("No space left on device")) {
            return m.replace("No space left on device", "disk full (no space left on device)");
        }
        return m == null ? e.getClass().getSimpleName() : Printable.escape(m);
    }

    /**
     * The last resort for a heap too small for the job: one line saying how to give the JVM more,
     * instead of a trace. The partly built arrays are garbage by the time it is printed.
     */
    static String outOfMemoryMessage(String command, long maxHeapBytes) {
        long suggestedGiB = Math.max(2, 2 * ((maxHeapBytes >> 30) + 1));
        return command + ": out of memory with a heap of " + (maxHeapBytes >> 20)
                + " MiB; give the JVM more (e.g. CONV4J_JAVA_OPTS=-Xmx" + suggestedGiB + "g) or a smaller input";
    }

    /** Runs {@code args} on {@code cli}, turning an {@link OutOfMemoryError} into its one line and exit code 1. */
    static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            String command = args.length > 0 && cli.getSubcommands().containsKey(args[0])
                    ? cli.getCommandName() + " " + args[0] : cli.getCommandName();
            cli.getErr().println(outOfMemoryMessage(command, Runtime.getRuntime().maxMemory()));
            return IO_ERROR;
        }
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine(args);
        int exitCode = execute(cli, args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exitCode);
    }
}
