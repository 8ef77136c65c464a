package dev.conv4j.plan;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * A fixed set of daemon threads that runs a range of work units. The range is cut into one home
 * slice per thread taking part (the caller's first, then each worker's), and every thread claims
 * contiguous pieces from the front of its own slice; a thread whose slice is empty claims pieces
 * from the back of the fullest other slice. So a worker the operating system has not scheduled
 * (the machine is busy with other work, or Spark runs several tasks on one executor's cores)
 * delays nobody: the caller takes the pieces it would have run. Pieces are at most half of what
 * is left of a slice, and taken from another's slice a smaller share of it (guided scheduling),
 * so the threads finish close together and the caller never waits long for a piece in flight.
 *
 * <p>Home slices keep a thread on the same units from call to call: a convolution run again and
 * again on data that fits in the cores' private caches (a small layer, a benchmark) finds its part
 * of the input and output in its own core's cache, where one shared counter would hand each thread
 * a different part each time and move the data between cores.
 *
 * <p>Every unit owns its outputs, so which thread runs a piece, and how the range is cut, does
 * not change the result: it is the same for any thread count and any scheduling.
 *
 * <p>Workers spin for a short while after their last piece before they park, and a caller spins
 * while a piece it did not claim is in flight: waking a parked thread costs tens of microseconds
 * on a virtual machine, as much as a whole small convolution (a 112×112×32 depthwise layer takes
 * about 100 µs), while back-to-back calls, as in a network's layers or a benchmark, find the
 * workers awake. OpenMP runtimes do the same (their "block time"). Only the first
 * {@link #PAUSE_NANOS} of a spin are pause instructions; after that a spinning thread yields its
 * processor between checks, so that a thread the operating system has put on the same processor
 * runs: on a busy machine, the caller itself may be that thread (put beside the worker it woke,
 * which took its units, it would wait out the worker's whole spin), or a neighbour process. The
 * spin is bounded, and a thread that yields costs a neighbour little.
 *
 * <p>A call uses no more threads than the processors other processes leave free
 * ({@link MachineLoad}): beside a busy neighbour, a second thread would share its core, and the
 * operating system would take it off for whole time slices while the caller waits for its piece.
 *
 * <p>One caller at a time uses the workers; a call made while they are busy (another thread's
 * call, or a task that itself calls {@code run}) computes all its units on the calling thread.
 *
 * <p>A call is cancelled cooperatively: when the calling thread is interrupted, no piece is
 * claimed after the ones in flight, and {@code run} throws {@link CancellationException} once
 * they are done.
 */
public final class WorkerPool implements AutoCloseable {
    /** How long a worker or a waiting caller spins before it parks. */
    private static final long SPIN_NANOS = 2_000_000;
    /** How long a spin issues only pause instructions before it yields the processor between checks. */
    private static final long PAUSE_NANOS = 50_000;
    /** The smallest piece is this fraction of a thread's home slice. */
    private static final int PIECES_PER_SHARE = 8;

    private static final class Shared {
        static final WorkerPool POOL = new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    private final Worker[] workers;
    /** A call uses no more threads than other processes leave processors free. */
    private final IntSupplier freeProcessors;
    /** Held by the call that is using the workers; not reentrant, so a nested call runs inline. */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Numbers the calls, so that a worker remembers which it has joined without holding on to it (and its task). */
    private long calls;
    /** The call workers should join; a worker that meets a finished call finds nothing to claim. */
    private volatile Call current;
    private volatile boolean closed;

    /** A pool of {@code size} worker threads (besides the callers). */
    public WorkerPool(int size) {
        this(size, new MachineLoad(Runtime.getRuntime().availableProcessors())::freeProcessors);
    }

    /** A pool whose calls use no more threads than {@code freeProcessors} says at their start. */
    WorkerPool(int size, IntSupplier freeProcessors) {
        this.freeProcessors = freeProcessors;
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, got " + size);
        }
        this.workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker("conv4j-worker-" + (i + 1), i);
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

    /** The most threads a {@link #run} with {@code parallelism} uses: the caller and up to every worker. */
    public int threadsFor(int parallelism) {
        return Math.min(parallelism, workers.length + 1);
    }

    /** A task over a half-open range of work units. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, units)} on up to {@code parallelism} threads (the caller
     * and {@code parallelism - 1} workers) and returns when every unit is done; the first
     * exception is rethrown.
     *
     * @throws CancellationException if the calling thread was interrupted before every unit ran
     */
    public void run(int units, int parallelism, RangeTask task) {
        if (Math.min(parallelism, units) <= 1 || closed || !busy.compareAndSet(false, true)) {
            task.run(0, units);
            return;
        }
        try {
            int threads = Math.min(Math.min(parallelism, units), freeProcessors.getAsInt());
            if (threads == 1) {
                task.run(0, units);
                return;
            }
            Call call = new Call(++calls, task, units, Math.min(threads - 1, workers.length));
            current = call;
            for (int w = 0; w < call.helpers; w++) {
                workers[w].wake();
            }
            call.work(0);
            call.awaitPiecesInFlight();
            current = null;
            call.rethrow();
        } finally {
            busy.set(false);
        }
    }

    /**
     * One step of a wait that began at {@code start}: a pause instruction at first, then a yield of
     * the processor; false once the wait has spun for {@link #SPIN_NANOS} and should park.
     */
    private static boolean spin(long start) {
        long waited = System.nanoTime() - start;
        if (waited < PAUSE_NANOS) {
            Thread.onSpinWait();
        } else if (waited < SPIN_NANOS) {
            Thread.yield();
        } else {
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** One call of {@link #run}: the home slices and what is needed to finish it. */
    private static final class Call {
        final long number;
        final RangeTask task;
        final int units;
        final int helpers;
        final int minPiece;
        final Thread caller = Thread.currentThread();
        /**
         * Per thread taking part (0 the caller, {@code w + 1} worker {@code w}): the unclaimed part of
         * its home slice, the first unit in the high half and the end in the low half, so that the
         * owner (from the front) and the others (from the back) claim with one compare-and-set.
         */
        final AtomicLongArray slices;
        /**
         * Units finished (or closed by a cancellation): the call is done when all are, so a thread
         * that has not claimed anything (a worker the OS has not scheduled yet) holds nobody up.
         */
        final AtomicInteger settled = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean cancelled;
        volatile boolean callerParked;

        Call(long number, RangeTask task, int units, int helpers) {
            this.number = number;
            this.task = task;
            this.units = units;
            this.helpers = helpers;
            int participants = helpers + 1;
            this.minPiece = Math.max(1, units / (participants * PIECES_PER_SHARE));
            this.slices = new AtomicLongArray(participants);
            for (int i = 0; i < participants; i++) {
                slices.set(i, slice(sliceStart(i, participants), sliceStart(i + 1, participants)));
            }
        }

        private int sliceStart(int participant, int participants) {
            return (int) ((long) units * participant / participants);
        }

        private static long slice(int from, int end) {
            return ((long) from << 32) | end;
        }

        private static int front(long slice) {
            return (int) (slice >>> 32);
        }

        private static int end(long slice) {
            return (int) slice;
        }

        /** Claims and runs pieces, its own slice's first, until every slice is empty (or closed by a cancellation). */
        void work(int participant) {
            boolean isCaller = participant == 0;
            while (true) {
                if (isCaller && Thread.interrupted()) {
                    cancel();
                }
                long piece = claimOwn(participant);
                if (piece < 0) {
                    piece = claimOther(participant);
                }
                if (piece < 0) {
                    return;
                }
                try {
                    task.run(front(piece), end(piece));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
                if (settled.addAndGet(end(piece) - front(piece)) == units && !isCaller && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** A piece from the front of the participant's own slice, or -1 if it is empty. */
        private long claimOwn(int participant) {
            while (true) {
                long s = slices.get(participant);
                int from = front(s);
                int end = end(s);
                if (from >= end) {
                    return -1;
                }
                int piece = Math.min(end - from, Math.max(minPiece, (end - from) / 2));
                if (slices.compareAndSet(participant, s, slice(from + piece, end))) {
                    return slice(from, from + piece);
                }
            }
        }

        /** A piece from the back of the fullest other slice, or -1 if every slice is empty. */
        private long claimOther(int participant) {
            while (true) {
                int victim = -1;
                long victimSlice = 0;
                int mostLeft = 0;
                for (int i = 0; i < slices.length(); i++) {
                    long s = slices.get(i);
                    int left = end(s) - front(s);
                    if (i != participant && left > mostLeft) {
                        victim = i;
                        victimSlice = s;
                        mostLeft = left;
                    }
                }
                if (victim < 0) {
                    return -1;
                }
                int end = end(victimSlice);
                // smaller than the owner's pieces: the owner may be about to start on the rest
                int piece = Math.min(mostLeft, Math.max(minPiece, mostLeft / (2 * slices.length())));
                if (slices.compareAndSet(victim, victimSlice, slice(front(victimSlice), end - piece))) {
                    return slice(end - piece, end);
                }
            }
        }

        /** Closes every slice: no piece is claimed after this. */
        private void cancel() {
            cancelled = true;
            for (int i = 0; i < slices.length(); i++) {
                long s;
                do {
                    s = slices.get(i);
                } while (front(s) < end(s) && !slices.compareAndSet(i, s, slice(end(s), end(s))));
                settled.addAndGet(end(s) - front(s));
            }
        }

        /** Waits for the pieces workers claimed and have not finished. */
        void awaitPiecesInFlight() {
            long start = System.nanoTime();
            while (settled.get() < units) {
                if (spin(start)) {
                    continue;
                }
                callerParked = true;
                if (settled.get() < units) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }

        void rethrow() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (cancelled) {
                Thread.currentThread().interrupt();
                throw new CancellationException("the calling thread was interrupted");
            }
        }
    }

    /** A worker joins each call its index is part of and claims pieces of it. */
    private final class Worker extends Thread {
        private final int index;
        private volatile boolean parked;
        /** The number of the last call this worker joined (or saw and left to other workers). */
        private long lastJoined;

        Worker(String name, int index) {
            super(name);
            this.index = index;
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (!closed) {
                if (!joinNewCall()) {
                    awaitNewCall();
                }
            }
        }

        /**
         * Works on the published call if this worker has not joined it yet. The call is held only
         * in this method's frame, so a worker that waits afterwards keeps no task (and no plan) alive.
         */
        private boolean joinNewCall() {
            Call call = current;
            if (call == null || call.number == lastJoined) {
                return false;
            }
            lastJoined = call.number;
            if (index < call.helpers) {
                call.work(index + 1);
            }
            return true;
        }

        private boolean newCallPublished() {
            Call call = current;
            return call != null && call.number != lastJoined;
        }

        /** Spins, then parks, until a call this worker has not joined is published or the pool closes. */
        private void awaitNewCall() {
            long start = System.nanoTime();
            while (!closed) {
                if (newCallPublished()) {
                    return;
                }
                if (spin(start)) {
                    continue;
                }
                parked = true;
                if (!newCallPublished() && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                return;
            }
        }
    }
}
