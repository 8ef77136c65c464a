package dev.conv4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code conv4j} command: its exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code conv4j args...} with the command line {@code main} builds for them, capturing both streams. */
    public static CliRun run(String... args) {
        CommandLine cli = Conv4j.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
