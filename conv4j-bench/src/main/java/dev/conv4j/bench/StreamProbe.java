package dev.conv4j.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's memory bandwidth as Java sees it: N threads at once each copy an array of
 * {@value #MEGABYTES_PER_THREAD} MB into another with vector loads and stores, so the data
 * stream from and to memory (together well past the last-level cache). Bandwidth counts the
 * bytes the program reads plus the bytes it writes, as a convolution's {@link BenchCase#bytes()}
 * does; the cache lines a store first reads in (write-allocate) are not counted on either side,
 * so the probe's figure predicts a convolution that reads and writes as much as it does.
 */
public final class StreamProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Megabytes each thread reads (and as many it writes) per pass. */
    public static final int MEGABYTES_PER_THREAD = 48;
    private static final int FLOATS = MEGABYTES_PER_THREAD * (1 << 20) / Float.BYTES;
    /** Keeps the JIT from discarding the copies. */
    private static volatile float sink;

    /**
     * @param threads threads that copied at once
     * @param gbPerSecond the best of the trials, bytes read plus bytes written by all threads, in 10^9 bytes/s
     */
    public record Result(int threads, double gbPerSecond) {
        /** e.g. {@code 41.3 GB/s on 2 threads (copies of 48 MB per thread)}. */
        public String describe() {
            return String.format(Locale.ROOT, "%.1f GB/s on %d thread%s (copies of %d MB per thread, read + written)",
                    gbPerSecond, threads, threads == 1 ? "" : "s", MEGABYTES_PER_THREAD);
        }
    }

    private StreamProbe() {
    }

    /** Measures the bandwidth with {@code threads} threads; takes about half a second. */
    public static Result measure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        float[][] from = new float[threads][FLOATS];
        float[][] to = new float[threads][FLOATS];
        try (ThreadTrials trials = new ThreadTrials(threads, "conv4j-stream-probe")) {
            // the first trials compile the loop and touch every page
            double best = 0;
            for (int trial = 0; trial < 8; trial++) {
                double seconds = trials.seconds(i -> copy(from[i], to[i]));
                if (trial >= 2) {
                    best = Math.max(best, 2.0 * Float.BYTES * FLOATS * threads / seconds / 1e9);
                }
            }
            sink = to[0][FLOATS / 2];
            return new Result(threads, best);
        }
    }

    /** The probe's loop: a vector copy. */
    static void copy(float[] from, float[] to) {
        int whole = SPECIES.loopBound(from.length);
        for (int i = 0; i < whole; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, from, i).intoArray(to, i);
        }
        System.arraycopy(from, whole, to, whole, from.length - whole);
    }
}
