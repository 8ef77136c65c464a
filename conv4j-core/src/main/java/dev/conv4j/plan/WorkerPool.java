package dev.conv4j.plan;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that runs a range of work units split into contiguous chunks.
 * The calling thread computes the first chunk itself, so {@code parallelism} threads are busy
 * and none waits idle for a hand-off.
 *
 * <p>Workers spin for a short while after their last chunk before they park, and a caller spins
 * while it waits for them: waking a parked thread costs tens of microseconds on a virtual
 * machine, as much as a whole small convolution (a 112×112×32 depthwise layer takes about 100
 * µs), while back-to-back calls, as in a network's layers or a benchmark, find the workers
 * awake. OpenMP runtimes do the same (their "block time").
 *
 * <p>One caller at a time uses the workers; a call made while they are busy (another thread's
 * call, or a task that itself calls {@code run}) computes all its chunks on the calling thread,
 * which gives the same result, since every chunk owns its outputs.
 */
public final class WorkerPool implements AutoCloseable {
    /** How long a worker or a waiting caller spins before it parks. */
    private static final long SPIN_NANOS = 2_000_000;

    private static final class Shared {
        static final WorkerPool POOL = new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    private final Worker[] workers;
    /** Held by the call that is using the workers; not reentrant, so a nested call runs inline. */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Chunks handed to workers and not yet finished, in the current call. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread waitingCaller;
    private volatile boolean closed;

    /** A pool of {@code size} worker threads (besides the callers). */
    public WorkerPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, got " + size);
        }
        this.workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker("conv4j-worker-" + (i + 1));
            workers[i].start();
        }
    }

    /** One pool per JVM, sized to the available processors, created on first use. */
    public static WorkerPool shared() {
        return Shared.POOL;
    }

    public int size() {
        return workers.length;
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
        if (chunks == 1 || closed || !busy.compareAndSet(false, true)) {
            task.run(0, units);
            return;
        }
        try {
            failure.set(null);
            int helpers = Math.min(chunks - 1, workers.length);
            pending.set(helpers);
            for (int w = 0; w < helpers; w++) {
                workers[w].assign(task, units, chunks, w + 1, helpers);
            }
            try {
                task.run(0, chunkStart(units, chunks, 1));
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
            awaitWorkers();
            Throwable t = failure.getAndSet(null);
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        } finally {
            busy.set(false);
        }
    }

    private void awaitWorkers() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (pending.get() > 0) {
            if (System.nanoTime() < deadline) {
                Thread.onSpinWait();
                continue;
            }
            waitingCaller = Thread.currentThread();
            if (pending.get() > 0) {
                LockSupport.park(this);
            }
            waitingCaller = null;
        }
    }

    private static int chunkStart(int units, int chunks, int c) {
        return (int) ((long) units * c / chunks);
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** A worker runs chunks {@code first, first + step, ...} of the call it is assigned. */
    private final class Worker extends Thread {
        private volatile RangeTask task;
        private volatile boolean parked;
        private int units;
        private int chunks;
        private int first;
        private int step;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void assign(RangeTask task, int units, int chunks, int first, int step) {
            this.units = units;
            this.chunks = chunks;
            this.first = first;
            this.step = step;
            // the volatile write publishes the fields above; a worker that has not yet parked
            // sees it before it parks, one that has is woken
            this.task = task;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            RangeTask t;
            while ((t = awaitTask()) != null) {
                try {
                    for (int c = first; c < chunks; c += step) {
                        t.run(chunkStart(units, chunks, c), chunkStart(units, chunks, c + 1));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                task = null;
                if (pending.decrementAndGet() == 0) {
                    Thread caller = waitingCaller;
                    if (caller != null) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** The next task, or null once the pool is closed. */
        private RangeTask awaitTask() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            RangeTask t;
            while ((t = task) == null) {
                if (closed) {
                    return null;
                }
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (task == null && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
            return t;
        }
    }
}
