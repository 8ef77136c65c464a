package dev.conv4j.cli;

import dev.conv4j.plan.Planner;
import picocli.CommandLine.Option;

/** {@code --threads N}, with the one default every command has: all processors. */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all processors).")
    Integer threads;

    /** The thread count asked for, or all processors. */
    public int count() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be >= 1");
        }
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The standard planner with {@link #count()} threads. */
    public Planner planner() {
        return Planner.standard().threads(count());
    }
}
