package dev.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A run builds the command line with only the subcommand it names ({@link Conv4j#commandLine(String...)}):
 * that subcommand must parse, help and fail exactly as in the whole tree.
 */
class LazyCommandLineTest {

    @Test
    void eachSubcommandAloneHelpsAndFailsAsInTheWholeTree() {
        CommandLine whole = Conv4j.commandLine();
        for (String name : whole.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine alone = Conv4j.commandLine(name, "--help");
            assertEquals(Set.of(name), alone.getSubcommands().keySet());
            assertEquals(output(Conv4j.commandLine(), name, "--help"), output(alone, name, "--help"), name);
            assertEquals(output(Conv4j.commandLine(), name, "--no-such-option"),
                    output(Conv4j.commandLine(name), name, "--no-such-option"), name);
        }
    }

    @Test
    void withoutASubcommandNameTheWholeTreeAnswers() {
        assertEquals(Conv4j.commandLine().getSubcommands().keySet(),
                Conv4j.commandLine("shpe").getSubcommands().keySet());
        assertEquals(Conv4j.commandLine().getSubcommands().keySet(),
                Conv4j.commandLine("help", "shape").getSubcommands().keySet());
    }

    private static String output(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return code + "\n" + out;
    }
}
