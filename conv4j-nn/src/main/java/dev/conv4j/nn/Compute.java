package dev.conv4j.nn;

import dev.conv4j.plan.Planner;
import dev.conv4j.plan.WorkerPool;
import java.util.Objects;

/**
 * Where a network computes: the planner its convolutions (and the matrix products of its dense
 * layers, which are 1×1 convolutions) are planned with, and the threads its other loops are
 * split over. Results do not depend on the thread count: every split is over independent
 * samples or elements, and the planner's kernels are thread-count independent.
 *
 * @param planner chooses and runs the convolution kernels
 * @param pool    runs the per-sample and per-element loops of the other layers
 * @param threads how many chunks those loops are split into
 */
public record Compute(Planner planner, WorkerPool pool, int threads) {
    /** Loops this small are not worth a hand-off to another thread. */
    private static final int MIN_ELEMENTS_PER_THREAD = 1 << 14;

    public Compute {
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(pool, "pool");
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
    }

    /** The standard planner and the shared pool, with {@code threads} threads. */
    public static Compute threads(int threads) {
        return new Compute(Planner.standard().threads(threads), WorkerPool.shared(), threads);
    }

    /** As many threads as the machine has processors. */
    public static Compute standard() {
        return threads(Runtime.getRuntime().availableProcessors());
    }

    /** Runs {@code task} over {@code [0, units)} split into contiguous chunks, one per thread. */
    public void parallel(int units, WorkerPool.RangeTask task) {
        pool.run(units, threads, task);
    }

    /**
     * Runs an element-wise {@code task} over {@code [0, elements)}, on one thread when the
     * elements are too few to share.
     */
    public void elementwise(int elements, WorkerPool.RangeTask task) {
        int chunks = Math.max(1, Math.min(threads, elements / MIN_ELEMENTS_PER_THREAD));
        pool.run(elements, chunks, task);
    }
}
