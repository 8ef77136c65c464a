package dev.conv4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** The probes' way of timing work on N threads at once: a pool of daemon threads released together. */
final class ThreadTrials implements AutoCloseable {
    private final ExecutorService pool;
    private final int threads;

    ThreadTrials(int threads, String name) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
    }

    /**
     * Runs {@code work.accept(i)} on thread {@code i}, all started together; the seconds from the
     * first one's start to the last one's end. Each thread reads the clock itself: a caller that
     * read it after releasing them could be descheduled until their work was done.
     */
    double seconds(IntConsumer work) {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] starts = new long[threads];
        long[] ends = new long[threads];
        List<Future<?>> done = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int thread = i;
            done.add(pool.submit(() -> {
                start.await();
                starts[thread] = System.nanoTime();
                work.accept(thread);
                ends[thread] = System.nanoTime();
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("probe on " + threads + " threads failed", e);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < threads; i++) {
            first = Math.min(first, starts[i]);
            last = Math.max(last, ends[i]);
        }
        return (last - first) / 1e9;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
