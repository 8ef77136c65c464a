package dev.conv4j.plan;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;

/**
 * What the JVM can still allocate, for checks made before a large allocation. Two numbers
 * matter: the heap left in all ({@code max - used}), and the largest single array, which a
 * generational collector places in its old generation: under the parallel collector that is two
 * thirds of the heap, so an output that fits in the heap left may still not fit beside an input
 * already there.
 */
public final class HeapSpace {
    private HeapSpace() {
    }

    /** Bytes the heap has left: its maximum minus what is in use (garbage included). */
    public static long available() {
        return Runtime.getRuntime().maxMemory() - currentUse();
    }

    /**
     * Whether an array of {@code bytes} can still be allocated ({@code bytes <= }{@link
     * #largestArray()}), answered from the heap's totals alone for arrays of at most a
     * 64th of the maximum heap that fit in what it has left: the collector places arrays that
     * small in the young generation and makes room in the old one before it gives up, so the
     * memory pools' figures could not change the answer, and reading them starts the JVM's
     * management layer, a few tens of milliseconds of a one-off command.
     */
    public static boolean fits(long bytes) {
        if (bytes <= Runtime.getRuntime().maxMemory() / 64 && bytes <= available()) {
            return true;
        }
        return bytes <= largestArray();
    }

    /**
     * The largest array that can still be allocated: what the old generation has left where the
     * collector has one with a fixed maximum, else {@link #available()}. Garbage counts as used.
     */
    public static long largestArray() {
        return largestArray(false);
    }

    /**
     * {@link #largestArray()} with each heap pool's use taken after its last collection (the live
     * data then): what a collection would make room for, without asking for one. Live data added
     * since then is not counted, so this is the lenient measure, for a second look at a request
     * the strict one refused.
     */
    public static long largestArrayAfterLastCollections() {
        return largestArray(true);
    }

    private static long largestArray(boolean afterLastCollections) {
        long heapUsed = 0;
        long largest = Long.MAX_VALUE;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage now = pool.getUsage();
            MemoryUsage afterCollection = afterLastCollections ? pool.getCollectionUsage() : null;
            long used = afterCollection != null ? afterCollection.getUsed() : now.getUsed();
            heapUsed += used;
            String name = pool.getName().toLowerCase(Locale.ROOT);
            if ((name.contains("old gen") || name.contains("tenured")) && now.getMax() > 0) {
                largest = Math.min(largest, now.getMax() - used);
            }
        }
        long heapLeft = Runtime.getRuntime().maxMemory() - (afterLastCollections ? Math.min(heapUsed, currentUse())
                : currentUse());
        return Math.min(largest, heapLeft);
    }

    private static long currentUse() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
