package dev.conv4j.cli;

import picocli.CommandLine.Option;

/** {@code --groups G}: for the commands whose filter may be grouped (not {@code depthwise}, which is one group per channel). */
final class GroupsOption {
    @Option(names = "--groups", paramLabel = "G", defaultValue = "1",
            description = "Channel groups: filter in_channels = input channels / G (default 1).")
    int groups;
}
