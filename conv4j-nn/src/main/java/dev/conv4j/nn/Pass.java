package dev.conv4j.nn;

/**
 * One forward (and, when training, backward) pass through a network.
 *
 * @param training true while fitting: dropout drops, layers keep what their backward pass needs
 * @param compute  the planner and threads to compute with
 */
public record Pass(boolean training, Compute compute) {
    public static Pass training(Compute compute) {
        return new Pass(true, compute);
    }

    public static Pass inference(Compute compute) {
        return new Pass(false, compute);
    }
}
