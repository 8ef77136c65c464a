package dev.conv4j.bench;

import java.util.Arrays;

/**
 * The benchmark's timing rule, the same for conv4j and for TensorFlow: warm up (at least
 * {@code warmup} runs and at least half of {@code minSeconds}), then time
 * {@code max(minRuns, enough runs to fill minSeconds)} runs, at most {@code maxRuns}; report
 * the median and the minimum.
 *
 * <p>The warm-up is measured in time, not in runs: the JIT compiles a kernel after it has run
 * for a while, and a case of a tenth of a millisecond would otherwise be timed a few
 * milliseconds into its life, on code still interpreted or compiled only by C1. And it lasts
 * until the runs have settled: an operation made of several kernels gets faster in steps as the
 * JIT compiles one after another, so the warm-up goes on until half its planned length has
 * passed without a run {@link #IMPROVED} times faster than every run before it, up to
 * {@link #MAX_WARMUP_FACTOR} times its planned length.
 *
 * <p>It also lasts until the JIT has nothing left to compile ({@link JitActivity}). An operation
 * on every processor leaves the JIT's compiler threads little of the machine: C2 may compile a
 * kernel seconds after it was queued, and meanwhile the code of the first tier runs at a steady
 * pace that the settling rule alone takes for the end of the warm-up (a vector kernel there is
 * several times slower, as each of its vector operations allocates). So while the JIT has work,
 * the warm-up sleeps between runs ({@link #JIT_PAUSE_MILLIS}), which hands the processors to the
 * compiler threads, within the same bound in wall-clock time.
 */
public final class Timer {
    /** Warm-up runs at most, per timed run allowed: a bound for operations that take no time. */
    private static final int WARMUP_RUNS_PER_TIMED_RUN = 100;
    /** A run this fraction of the fastest before it or less says the JIT has just compiled something. */
    private static final double IMPROVED = 0.8;
    /** How much longer than half of {@code minSeconds} the warm-up may go on for runs to settle. */
    private static final int MAX_WARMUP_FACTOR = 10;
    /** How long the warm-up sleeps between runs while the JIT has work queued or in progress. */
    static final long JIT_PAUSE_MILLIS = 5;

    /**
     * @param warmup     untimed runs first, at least; the first run is never timed (in a cold JVM
     *                   it is ~20x slower) and the last warm-up run sizes the timed loop
     * @param minRuns    timed runs, at least
     * @param maxRuns    timed runs, at most (and a hundred times as many warm-up runs)
     * @param minSeconds timed runs continue until they fill this many seconds (estimated from the warm-up)
     */
    public record Options(int warmup, int minRuns, int maxRuns, double minSeconds) {
        public Options {
            if (warmup < 0) {
                throw new IllegalArgumentException("warm-up runs " + warmup + " must be >= 0");
            }
            if (minRuns < 1) {
                throw new IllegalArgumentException("runs " + minRuns + " must be >= 1");
            }
            if (maxRuns < minRuns) {
                throw new IllegalArgumentException("max runs " + maxRuns + " must be >= runs " + minRuns);
            }
            if (!(minSeconds >= 0) || Double.isInfinite(minSeconds)) {
                throw new IllegalArgumentException("min time " + minSeconds + " s must be >= 0");
            }
        }

        /** 3 warm-up runs, 10 to 200 timed runs filling at least 1 s: the suite's method. */
        public static Options standard() {
            return new Options(3, 10, 200, 1.0);
        }
    }

    /**
     * @param sortedMs       every timed run, ascending
     * @param warmupRuns     untimed runs before them
     * @param firstMs        the very first run (cold)
     * @param otherCpuPercent share of the machine that other processes used while timing (NaN if unknown)
     */
    public record Timing(double[] sortedMs, int warmupRuns, double firstMs, double otherCpuPercent) {
        public Timing {
            sortedMs = sortedMs.clone();
            Arrays.sort(sortedMs);
        }

        public int runs() {
            return sortedMs.length;
        }

        public double medianMs() {
            int n = sortedMs.length;
            return n % 2 == 1 ? sortedMs[n / 2] : (sortedMs[n / 2 - 1] + sortedMs[n / 2]) / 2;
        }

        public double minMs() {
            return sortedMs[0];
        }

        @Override
        public double[] sortedMs() {
            return sortedMs.clone();
        }

        /** GFLOP/s at the median time. */
        public double gflops(long flops) {
            return flops / (medianMs() * 1e6);
        }
    }

    private Timer() {
    }

    /** Times {@code op} by the rule above. */
    public static Timing time(Options options, Runnable op) {
        return time(options, op, Clock.SYSTEM, JitActivity.hotSpot());
    }

    /** What the rule reads the time from and how it waits: the system's clock, or a test's. */
    interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long millis) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        long nanoTime();

        void sleep(long millis);
    }

    /** Times {@code op} by the rule above, reading {@code clock} and asking {@code jit} whether it is compiling. */
    static Timing time(Options options, Runnable op, Clock clock, JitActivity jit) {
        long t0 = clock.nanoTime();
        op.run();
        long first = clock.nanoTime() - t0;
        int warmupRuns = 1;
        long warmupNanos = first;
        long lastWarm = first;
        long warmupTarget = (long) (options.minSeconds() * 0.5e9);
        long warmupCap = (long) WARMUP_RUNS_PER_TIMED_RUN * options.maxRuns();
        long wallCap = t0 + first + MAX_WARMUP_FACTOR * warmupTarget;
        long fastest = first;
        long improvedAt = warmupNanos;
        while (warmupRuns < warmupCap) {
            boolean planned = warmupRuns < options.warmup() || warmupNanos < warmupTarget;
            if (!planned) {
                if (clock.nanoTime() - wallCap >= 0) {
                    break;
                }
                boolean settled = warmupNanos - improvedAt >= warmupTarget / 2;
                if (settled) {
                    if (!jit.busy()) {
                        break;
                    }
                    clock.sleep(JIT_PAUSE_MILLIS);
                }
            }
            long t = clock.nanoTime();
            op.run();
            lastWarm = clock.nanoTime() - t;
            warmupNanos += lastWarm;
            warmupRuns++;
            if (lastWarm < IMPROVED * fastest) {
                improvedAt = warmupNanos;
            }
            fastest = Math.min(fastest, lastWarm);
        }
        double estimate = Math.max(lastWarm, 1) / 1e9;
        int runs = (int) Math.min(options.maxRuns(), Math.max(options.minRuns(),
                Math.ceil(options.minSeconds() / estimate)));
        double[] ms = new double[runs];
        CpuLoad.Sample before = CpuLoad.sample();
        for (int i = 0; i < runs; i++) {
            long t = clock.nanoTime();
            op.run();
            ms[i] = (clock.nanoTime() - t) / 1e6;
        }
        double other = CpuLoad.otherPercent(before, CpuLoad.sample());
        return new Timing(ms, warmupRuns, first / 1e6, other);
    }
}
