package dev.conv4j.cli.filter;

import dev.conv4j.cli.CommandGroup;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code conv4j filter image|signal|volume}: named kernels on real files. */
@Command(name = "filter",
        description = "Filter real data with named kernels (or your own): images (PNG/JPEG), signals (CSV/WAV), volumes "
            + "(NIfTI/.npy, also larger than memory). Every filter is a conv4j depthwise convolution.")
public final class FilterCommand implements Runnable, CommandGroup {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public List<Class<?>> subcommands() {
        return List.of(FilterImageCommand.class, FilterSignalCommand.class, FilterVolumeCommand.class);
    }

    @Override
    public void run() {
        throw dev.conv4j.cli.Conv4j.missingSubcommand(spec);
    }
}
