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
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * The largest array that can still be allocated: what the old generation has left where the
     * collector has one with a fixed maximum, else {@link #available()}.
     */
    public static long largestArray() {
        long largest = available();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName().toLowerCase(Locale.ROOT);
            MemoryUsage usage = pool.getUsage();
            if (pool.getType() == MemoryType.HEAP && (name.contains("old gen") || name.contains("tenured"))
                    && usage != null && usage.getMax() > 0) {
                largest = Math.min(largest, usage.getMax() - usage.getUsed());
            }
        }
        return largest;
    }
}
