package dev.conv4j.plan;

import java.util.Arrays;

/**
 * Run by {@link WorkerPoolTest} on one processor: calls of eight 10 µs units on a pool of one
 * worker, each after 5 ms of other work on the calling thread (long enough for the worker to
 * park), as a program's other computations between convolutions. Woken, the worker shares the
 * caller's processor and takes it from the caller; prints the median call time in µs.
 */
final class SharedProcessorCalls {
    static final int CALLS = 40;

    private SharedProcessorCalls() {
    }

    public static void main(String[] args) {
        long[] nanos = new long[CALLS];
        try (WorkerPool pool = new WorkerPool(1, () -> 2)) {
            for (int i = 0; i < CALLS; i++) {
                busy(5_000_000);
                long start = System.nanoTime();
                pool.run(8, 2, (from, to) -> busy(10_000L * (to - from)));
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.println(nanos[CALLS / 2] / 1000);
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
