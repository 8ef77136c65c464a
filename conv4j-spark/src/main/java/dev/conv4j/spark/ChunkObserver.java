package dev.conv4j.spark;

import java.io.IOException;
import java.io.Serializable;

/**
 * Told, on the executor, after each output chunk a task has written: for progress, for logging,
 * and for tests that fail or stall tasks on purpose. Runs inside the task, so an exception fails
 * the task's attempt (Spark retries it).
 */
@FunctionalInterface
public interface ChunkObserver extends Serializable {
    /**
     * @param chunk the chunk's index in the output's chunk grid
     * @param attempt the task attempt (0 for the first)
     */
    void written(long[] chunk, int attempt) throws IOException;

    static ChunkObserver none() {
        return (chunk, attempt) -> {
        };
    }
}
