package dev.conv4j.kernel.simd;

import dev.conv4j.kernel.Vectorization;

/**
 * Where a float array's elements lie relative to the boundaries of a vector in memory, so that a
 * kernel can choose which elements its vectors start at. A vector store that straddles two cache
 * lines costs about a third more than one within a line when the lines come from the
 * second-level cache; a kernel whose stores are a large share of its work (the depthwise
 * convolution writes a vector per nine multiply-adds) gains that much by starting its vectors on
 * the boundaries.
 *
 * <p>Java does not say where an array lies. HotSpot places every object on a multiple of its
 * object alignment, 8 bytes unless the JVM is started with {@code -XX:ObjectAlignmentInBytes=N},
 * and a float array's elements start {@value #FLOAT_ARRAY_BASE} bytes into the object (the
 * default object layout: compressed class pointers, headers not compacted). The JVM's options
 * cost a few tens of milliseconds to read (the management layer), more than a one-off command
 * can spare, so whoever starts the JVM with a larger alignment also declares it in the system
 * property {@value #PROPERTY} ({@code bin/conv4j} does both). An alignment that is not declared
 * is taken as unknown; one declared wrongly costs speed only, never a result, since kernels
 * compute the same values wherever their vectors start.
 */
public final class ArrayAlignment {
    /** The system property that declares the JVM's object alignment in bytes. */
    public static final String PROPERTY = "conv4j.objectAlignment";
    /** Bytes from an array object's start to its first float under HotSpot's default layout. */
    static final int FLOAT_ARRAY_BASE = 16;
    private static final int DECLARED = declared(System.getProperty(PROPERTY));

    private ArrayAlignment() {
    }

    /**
     * The first index of every float array whose element starts a vector of the kernels' width
     * ({@link Vectorization#floatLanes()}) in memory, or -1 when the object alignment is unknown or
     * not a multiple of a vector.
     */
    public static int firstAlignedFloat() {
        return firstAlignedFloat(DECLARED, Vectorization.floatLanes());
    }

    /**
     * Where a kernel's own scratch array starts its data, so that the vectors it lays out from
     * there start on vector boundaries: {@link #firstAlignedFloat()}, or 0 when that is unknown.
     */
    public static int scratchStart() {
        return Math.max(0, firstAlignedFloat());
    }

    static int firstAlignedFloat(int objectAlignment, int lanes) {
        int blockBytes = lanes * Float.BYTES;
        if (objectAlignment <= 0 || objectAlignment % blockBytes != 0) {
            return -1;
        }
        return Math.floorMod(-FLOAT_ARRAY_BASE, blockBytes) / Float.BYTES;
    }

    /** The declared alignment: a power of two of at least 8 bytes, else 0 (unknown). */
    static int declared(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int bytes = Integer.parseInt(value.strip());
            return bytes >= 8 && Integer.bitCount(bytes) == 1 ? bytes : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
