package dev.conv4j.kernel;

import java.util.List;

/**
 * conv4j's forward algorithms in the order the planner tries them: specialised and fast first,
 * the direct algorithm (which accepts everything) last.
 */
public final class Algorithms {
    private Algorithms() {
    }

    /** The standard list. */
    public static List<ConvAlgorithm> standard() {
        return List.of(
                new DirectConv());
    }
}
