package dev.conv4j.plan;

import dev.conv4j.spec.ConvShapeException;

/**
 * Refuses work whose buffers cannot fit in what the JVM may still allocate, before anything is
 * allocated. Garbage counts as used until it is collected, so a request that does not fit beside
 * the heap's current use is measured again against what each heap pool held after its last
 * collection (the live data then), without asking for a collection.
 */
final class HeapBudget {
    private HeapBudget() {
    }

    /**
     * Throws when {@code bytes} do not fit.
     *
     * @param what    the buffers, e.g. {@code "output [1,112,112,64] and scratch"}
     * @param problem the problem, for the message
     */
    static void check(String what, long bytes, String problem) {
        // the buffers' largest array must also fit where the collector puts large arrays
        if (HeapSpace.fits(bytes)) {
            return;
        }
        long available = HeapSpace.largestArrayAfterLastCollections();
        if (bytes > available) {
            throw new ConvShapeException("input", what + " need " + (bytes >> 20) + " MiB but the JVM has "
                    + (available >> 20) + " MiB left for them (raise -Xmx, e.g. CONV4J_JAVA_OPTS=-Xmx"
                    + Math.max(1, (3 * bytes >> 30) + 1) + "g, or use a smaller batch): " + problem);
        }
    }
}
