package dev.conv4j.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's memory (DRAM) bandwidth as Java sees it, measured like STREAM's "scale": N
 * threads at once each multiply their share of one array by a constant into a second array.
 * Each array is at least four times the last-level cache and at least 256 MB (at most 1 GB), so
 * nearly every byte comes from and goes to memory; the arrays live outside the Java heap, so
 * the probe needs no heap and the stores are side effects the JIT must keep, and a sample of
 * the results is checked after the timing. Bandwidth counts the bytes the program reads plus
 * the bytes it writes, as a convolution's {@link BenchCase#bytes()} and STREAM do; the cache
 * lines a store first reads in (write-allocate) are not counted on either side.
 */
public final class StreamProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long MIN_ARRAY_BYTES = 256L << 20;
    private static final long MAX_ARRAY_BYTES = 1L << 30;
    private static final long ASSUMED_CACHE_BYTES = 32L << 20;
    private static final int TRIALS = 10;
    /** The first trials compile the loop. */
    private static final int UNTIMED_TRIALS = 2;

    /**
     * @param threads     threads that ran at once
     * @param gbPerSecond the best of the trials, bytes read plus bytes written by all threads, in 10^9 bytes/s
     * @param arrayBytes  the size of each of the two arrays
     */
    public record Result(int threads, double gbPerSecond, long arrayBytes) {
        /** e.g. {@code 38.2 GB/s on 2 threads (256 MB scaled into another 256 MB, read + written)}. */
        public String describe() {
            return String.format(Locale.ROOT, "%.1f GB/s on %d thread%s (%d MB scaled into another %d MB, read + written)",
                    gbPerSecond, threads, threads == 1 ? "" : "s", arrayBytes >> 20, arrayBytes >> 20);
        }
    }

    private StreamProbe() {
    }

    /** Measures the bandwidth with {@code threads} threads; takes a second or a few. */
    public static Result measure(int threads) {
        return measure(threads, arrayBytes(lastLevelCacheBytes()));
    }

    /** Each array {@code 4 ×} the cache, clamped to [256 MB, 1 GB]. */
    static long arrayBytes(long cacheBytes) {
        return Math.clamp(4 * cacheBytes, MIN_ARRAY_BYTES, MAX_ARRAY_BYTES);
    }

    /** Measures with two arrays of {@code arrayBytes} (rounded down to whole vectors per thread). */
    static Result measure(int threads, long arrayBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        long vectorBytes = SPECIES.vectorByteSize();
        long share = arrayBytes / threads / vectorBytes * vectorBytes;
        if (share == 0) {
            throw new IllegalArgumentException("arrays of " + arrayBytes + " bytes are too small for " + threads + " threads");
        }
        long bytes = share * threads;
        try (Arena arena = Arena.ofShared(); ThreadTrials trials = new ThreadTrials(threads, "conv4j-stream-probe")) {
            MemorySegment from = arena.allocate(bytes, vectorBytes);
            MemorySegment to = arena.allocate(bytes, vectorBytes);
            // each thread first touches its own share, as it will read and write it
            trials.seconds(i -> fill(from.asSlice(i * share, share), to.asSlice(i * share, share), i * share));
            double best = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                float factor = 1 + trial;
                double seconds = trials.seconds(i -> scale(from.asSlice(i * share, share), to.asSlice(i * share, share), factor));
                if (trial >= UNTIMED_TRIALS) {
                    best = Math.max(best, 2.0 * bytes / seconds / 1e9);
                }
            }
            checkSample(from, to, TRIALS);
            return new Result(threads, best, bytes);
        }
    }

    /** The probe's loop: {@code to = factor · from}, a vector at a time. */
    static void scale(MemorySegment from, MemorySegment to, float factor) {
        long step = SPECIES.vectorByteSize();
        for (long at = 0; at < from.byteSize(); at += step) {
            FloatVector.fromMemorySegment(SPECIES, from, at, ORDER).mul(factor).intoMemorySegment(to, at, ORDER);
        }
    }

    /** Fills {@code from} with small distinct values and {@code to} with zeros (touching every page). */
    private static void fill(MemorySegment from, MemorySegment to, long firstByte) {
        for (long at = 0; at < from.byteSize(); at += Float.BYTES) {
            from.set(ValueLayout.JAVA_FLOAT_UNALIGNED, at, (float) (((firstByte + at) / Float.BYTES) % 1000));
        }
        to.fill((byte) 0);
    }

    /** The last trial's results, at a few thousand places: a probe whose work went missing fails here. */
    private static void checkSample(MemorySegment from, MemorySegment to, float lastFactor) {
        long floats = from.byteSize() / Float.BYTES;
        long stride = Math.max(1, floats / 4096);
        for (long i = 0; i < floats; i += stride) {
            float want = lastFactor * from.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            float got = to.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            if (got != want) {
                throw new IllegalStateException("stream probe: float " + i + " is " + got + ", expected " + want);
            }
        }
    }

    /**
     * The largest cache of CPU 0 as Linux reports it ({@code /sys/devices/system/cpu/cpu0/cache}),
     * or 32 MB where it does not say.
     */
    static long lastLevelCacheBytes() {
        Path caches = Path.of("/sys/devices/system/cpu/cpu0/cache");
        try (Stream<Path> dirs = Files.list(caches)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("index"))
                    .mapToLong(StreamProbe::cacheBytes)
                    .max().orElse(ASSUMED_CACHE_BYTES);
        } catch (IOException | RuntimeException e) {
            return ASSUMED_CACHE_BYTES;
        }
    }

    /** {@code 32768K} or {@code 32M} in a cache's {@code size} file; 0 when unreadable. */
    static long cacheBytes(Path cacheDir) {
        try {
            return parseSize(Files.readString(cacheDir.resolve("size")).strip());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long parseSize(String size) {
        char unit = Character.toUpperCase(size.charAt(size.length() - 1));
        return switch (unit) {
            case 'K' -> Long.parseLong(size.substring(0, size.length() - 1)) << 10;
            case 'M' -> Long.parseLong(size.substring(0, size.length() - 1)) << 20;
            case 'G' -> Long.parseLong(size.substring(0, size.length() - 1)) << 30;
            default -> Long.parseLong(size);
        };
    }
}
