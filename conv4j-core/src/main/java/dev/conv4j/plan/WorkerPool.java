package dev.conv4j.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of daemon threads that runs a range of work units split into contiguous chunks.
 * The calling thread computes the first chunk itself, so {@code parallelism} threads are busy
 * and none waits idle for a hand-off.
 */
public final class WorkerPool implements AutoCloseable {
    private static final class Shared {
        static final WorkerPool POOL = new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    private final ExecutorService executor;
    private final int size;

    /** A pool of {@code size} worker threads (besides the callers). */
    public WorkerPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, got " + size);
        }
        this.size = size;
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(size, runnable -> {
            Thread t = new Thread(runnable, "conv4j-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One pool per JVM, sized to the available processors, created on first use. */
    public static WorkerPool shared() {
        return Shared.POOL;
    }

    public int size() {
        return size;
    }

    /** A task over a half-open range of work units. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, units)} in {@code parallelism} contiguous chunks of
     * near-equal size and returns when all are done; the first exception is rethrown.
     */
    public void run(int units, int parallelism, RangeTask task) {
        int chunks = Math.max(1, Math.min(parallelism, units));
        if (chunks == 1) {
            task.run(0, units);
            return;
        }
        List<Future<?>> pending = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = chunkStart(units, chunks, c);
            int to = chunkStart(units, chunks, c + 1);
            pending.add(executor.submit(() -> task.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            task.run(0, chunkStart(units, chunks, 1));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new IllegalStateException("interrupted while convolving", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static int chunkStart(int units, int chunks, int c) {
        return (int) ((long) units * c / chunks);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
