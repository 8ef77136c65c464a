package dev.conv4j.cli;

import java.util.List;

/**
 * A command that only groups others ({@code conv4j filter image|signal|volume}). It lists them
 * here rather than in {@code @Command(subcommands = ...)}, which picocli would read all at once,
 * so that {@link Conv4j#commandLine(String...)} adds only the one a run names.
 */
public interface CommandGroup {
    /** The grouped commands, in the order the usage lists them. */
    List<Class<?>> subcommands();
}
