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
    void aGroupsNamedSubcommandIsAddedAloneAndHelpsAndFailsAsInTheWholeTree() {
        CommandLine whole = Conv4j.commandLine();
        for (String group : whole.getSubcommands().keySet()) {
            java.util.Set<String> members = whole.getSubcommands().get(group).getSubcommands().keySet();
            for (String name : members) {
                CommandLine alone = Conv4j.commandLine(group, name, "--help");
                assertEquals(Set.of(name), alone.getSubcommands().get(group).getSubcommands().keySet(), group + " " + name);
                assertEquals(output(Conv4j.commandLine(), group, name, "--help"), output(alone, group, name, "--help"));
                assertEquals(output(Conv4j.commandLine(), group, name, "--no-such-option"),
                        output(Conv4j.commandLine(group, name), group, name, "--no-such-option"));
            }
            if (!members.isEmpty()) {
                assertEquals(members, Conv4j.commandLine(group, "--help").getSubcommands().get(group).getSubcommands().keySet(),
                        "without a member's name, " + group + " lists them all");
                assertEquals(output(Conv4j.commandLine(), group, "imag"), output(Conv4j.commandLine(group, "imag"), group, "imag"));
            }
        }
        assertEquals(Set.of("image", "signal", "volume"), whole.getSubcommands().get("filter").getSubcommands().keySet());
    }

    @Test
    void withoutASubcommandNameTheWholeTreeAnswers() {
        assertEquals(Conv4j.commandLine().getSubcommands().keySet(),
                Conv4j.commandLine("shpe").getSubcommands().keySet());
        assertEquals(Conv4j.commandLine().getSubcommands().keySet(),
                Conv4j.commandLine("help", "shape").getSubcommands().keySet());
    }

    /** {@link Conv4j#commandLine(String...)} leaves picocli's java.time and java.sql converters out: no option may need them. */
    @Test
    void noOptionTakesADateATimeOrADatabaseType() {
        java.util.List<String> offending = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> commands = new java.util.ArrayDeque<>(java.util.List.of(Conv4j.commandLine()));
        int options = 0;
        while (!commands.isEmpty()) {
            CommandLine cli = commands.pop();
            commands.addAll(cli.getSubcommands().values());
            for (CommandLine.Model.ArgSpec arg : cli.getCommandSpec().args()) {
                options++;
                for (Class<?> type : arg.auxiliaryTypes()) {
                    if (type.getName().startsWith("java.time.") || type.getName().startsWith("java.sql.")) {
                        offending.add(cli.getCommandSpec().qualifiedName() + " " + arg.paramLabel() + ": " + type.getName());
                    }
                }
            }
        }
        assertEquals(java.util.List.of(), offending);
        assertEquals(true, options > 100, "every command's options were looked at: " + options);
    }

    private static String output(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return code + "\n" + out;
    }
}
