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

    /** Runs {@code work.accept(i)} on thread {@code i}, all started together; the seconds until the last one ends. */
    double seconds(IntConsumer work) {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Future<?>> done = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int thread = i;
            done.add(pool.submit(() -> {
                start.await();
                work.accept(thread);
                return null;
            }));
        }
        try {
            start.await();
            long t0 = System.nanoTime();
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } catch (Exception e) {
            throw new IllegalStateException("probe on " + threads + " threads failed", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
