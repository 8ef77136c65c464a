package dev.conv4j.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 peak as Java sees it: {@value #CHAINS} independent {@code fma} chains
 * on {@link FloatVector#SPECIES_PREFERRED} vectors, run on N threads at once. Twelve chains
 * cover the FMA latency (4 cycles) times two FMA pipes with room to spare and stay below the
 * 16 vector registers the JIT keeps without spilling. The species is a {@code static final}
 * constant; otherwise the Vector API is not intrinsified and runs ~30x slower.
 *
 * <p>The chains compute {@code acc = acc * a + b} with {@code a} just below 1, so the values
 * converge to {@code b / (1 - a)} and never become denormal or infinite.
 */
public final class FmaProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators. */
    public static final int CHAINS = 12;
    /** FLOPs of one inner iteration: CHAINS fma instructions of 2 FLOPs per lane. */
    private static final long FLOPS_PER_ITERATION = 2L * CHAINS * SPECIES.length();
    /** Keeps the JIT from discarding the chains. */
    private static volatile float sink;

    /**
     * @param threads    threads that ran the chains at once
     * @param gflops     the best of the trials, all threads together
     * @param vectorBits the width of the vectors
     * @param chains     independent accumulators per thread
     */
    public record Result(int threads, double gflops, int vectorBits, int chains) {
        /** e.g. {@code 560.2 GFLOP/s on 2 threads (512-bit FloatVector, 12 fma chains)}. */
        public String describe() {
            return String.format(Locale.ROOT, "%.1f GFLOP/s on %d thread%s (%d-bit FloatVector, %d fma chains)", gflops,
                    threads, threads == 1 ? "" : "s", vectorBits, chains);
        }
    }

    private FmaProbe() {
    }

    /** Measures the peak with {@code threads} threads; takes about 0.3 s. */
    public static Result measure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        // warm up until the loop is compiled (C2), then size a trial to ~40 ms
        for (int i = 0; i < 40; i++) {
            sink = chains(2_000);
        }
        long iterations = 200_000;
        long t = 0;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            sink = chains(iterations);
            t = System.nanoTime() - t0;
        }
        long trial = Math.max(10_000, (long) (iterations * 40e6 / Math.max(t, 1)));
        float[] results = new float[threads];
        try (ThreadTrials trials = new ThreadTrials(threads, "conv4j-fma-probe")) {
            double best = 0;
            for (int i = 0; i < 6; i++) {
                double seconds = trials.seconds(thread -> results[thread] = chains(trial));
                best = Math.max(best, (double) FLOPS_PER_ITERATION * trial * threads / seconds / 1e9);
            }
            sink = results[0];
            return new Result(threads, best, SPECIES.vectorBitSize(), CHAINS);
        }
    }

    /** The probe's loop: {@value #CHAINS} independent fma chains. */
    static float chains(long iterations) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999_999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-6f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 0.10f);
        FloatVector c1 = FloatVector.broadcast(SPECIES, 0.11f);
        FloatVector c2 = FloatVector.broadcast(SPECIES, 0.12f);
        FloatVector c3 = FloatVector.broadcast(SPECIES, 0.13f);
        FloatVector c4 = FloatVector.broadcast(SPECIES, 0.14f);
        FloatVector c5 = FloatVector.broadcast(SPECIES, 0.15f);
        FloatVector c6 = FloatVector.broadcast(SPECIES, 0.16f);
        FloatVector c7 = FloatVector.broadcast(SPECIES, 0.17f);
        FloatVector c8 = FloatVector.broadcast(SPECIES, 0.18f);
        FloatVector c9 = FloatVector.broadcast(SPECIES, 0.19f);
        FloatVector c10 = FloatVector.broadcast(SPECIES, 0.20f);
        FloatVector c11 = FloatVector.broadcast(SPECIES, 0.21f);
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
