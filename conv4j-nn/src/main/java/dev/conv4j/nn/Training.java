package dev.conv4j.nn;

/**
 * How {@link Sequential#fit} runs.
 *
 * @param epochs    passes over the training data
 * @param batchSize samples per update (the last batch of an epoch may be smaller)
 * @param seed      seeds the shuffling of every epoch
 * @param compute   the planner and threads
 */
public record Training(int epochs, int batchSize, long seed, Compute compute) {
    public Training {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs " + epochs + " must be >= 0");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be >= 1");
        }
    }
}
