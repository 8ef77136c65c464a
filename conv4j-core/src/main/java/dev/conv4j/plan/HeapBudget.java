package dev.conv4j.plan;

import dev.conv4j.spec.ConvShapeException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

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
        if (bytes <= available(currentUse())) {
            return;
        }
        long available = available(useAfterLastCollections());
        if (bytes > available) {
            throw new ConvShapeException("input", what + " need " + (bytes >> 20) + " MiB but the JVM has "
                    + (available >> 20) + " MiB left (raise -Xmx or use a smaller batch): " + problem);
        }
    }

    private static long available(long used) {
        return Runtime.getRuntime().maxMemory() - used;
    }

    private static long currentUse() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The heap pools' use after their last collection (their current use where a pool does not say). */
    private static long useAfterLastCollections() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage afterCollection = pool.getCollectionUsage();
            used += afterCollection != null ? afterCollection.getUsed() : pool.getUsage().getUsed();
        }
        return Math.min(used, currentUse());
    }
}
