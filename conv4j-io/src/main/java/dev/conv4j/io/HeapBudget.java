package dev.conv4j.io;

import dev.conv4j.plan.HeapSpace;

/**
 * Checks, before allocating, that the arrays a reader is about to create fit in what the JVM may
 * still allocate, so that a large (or lying) file ends in one line saying how much heap it needs
 * rather than an {@link OutOfMemoryError} half way through.
 */
public final class HeapBudget {
    /**
     * Left free for everything else a command allocates while the big arrays are alive (buffers,
     * the plan's small objects): 32 MiB, or a sixteenth of a smaller heap.
     */
    private static final long RESERVE_BYTES = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16);

    private HeapBudget() {
    }

    /**
     * Bytes the JVM may still allocate for the arrays of one request: no more than the largest
     * array it can place ({@link HeapSpace#largestArray}, itself within the heap left), a
     * conservative bound for readers whose largest array is most of what they allocate.
     */
    public static long availableBytes() {
        return HeapSpace.largestArray();
    }

    /**
     * Returns if {@code bytes} more can be allocated. Garbage counts as used until it is collected,
     * so a request that does not fit beside the heap's current use is measured again against the
     * heap as it was after its last collections, without asking for one.
     *
     * @param source the file the arrays are for, as the user knows it
     * @param what what the bytes hold, for the message (e.g. "the 512x512x300 float32 voxels")
     * @throws InsufficientHeapException naming the file, the need and the {@code -Xmx} that fits it
     */
    public static void require(long bytes, String source, String what) throws InsufficientHeapException {
        long needed = bytes < 0 || bytes > Long.MAX_VALUE - RESERVE_BYTES ? Long.MAX_VALUE : bytes + RESERVE_BYTES;
        if (HeapSpace.fits(needed)) {
            return;
        }
        long available = HeapSpace.largestArrayAfterLastCollections();
        if (needed > available) {
            throw new InsufficientHeapException(source, what, bytes, available);
        }
    }

    /** What {@link #require} would still grant: {@link #availableBytes()} less the reserve. */
    public static long spareBytes() {
        return Math.max(0, availableBytes() - RESERVE_BYTES);
    }

    /** {@code a * b * ...} or {@code Long.MAX_VALUE} when the product does not fit in a long. */
    public static long saturatedProduct(long... factors) {
        long product = 1;
        for (long f : factors) {
            try {
                product = Math.multiplyExact(product, f);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return product;
    }
}
