package dev.conv4j.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerPoolTest {
    /** Every processor free, whatever else runs beside the tests. */
    private static final java.util.function.IntSupplier EVERY_PROCESSOR = () -> Integer.MAX_VALUE;

    /** Runs a task that records its ranges; returns them sorted. */
    private static List<int[]> ranges(WorkerPool pool, int units, int parallelism) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        pool.run(units, parallelism, (from, to) -> seen.add(new int[] {from, to}));
        List<int[]> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        return sorted;
    }

    @ParameterizedTest
    @CsvSource({"10, 2, 1", "10, 3, 2", "7, 5, 2", "3, 8, 2", "100, 7, 2", "1, 4, 2", "0, 2, 2", "12, 4, 1",
            "100000, 2, 1", "4097, 3, 2"})
    void piecesCoverTheRangeOnceAndAreAtMostHalfASlice(int units, int parallelism, int workers) {
        try (WorkerPool pool = new WorkerPool(workers, EVERY_PROCESSOR)) {
            for (int repeat = 0; repeat < 50; repeat++) {
                List<int[]> pieces = ranges(pool, units, parallelism);
                int threads = Math.max(1, Math.min(Math.min(parallelism, units), workers + 1));
                int halfSlice = Math.ceilDiv(Math.ceilDiv(units, threads), 2);
                int next = 0;
                for (int[] p : pieces) {
                    assertEquals(next, p[0]);
                    assertTrue(p[1] > p[0] || units == 0, () -> "empty piece at " + p[0]);
                    // no piece is larger than half a home slice, unless one thread runs it all
                    assertTrue(threads == 1 || p[1] - p[0] <= halfSlice,
                            () -> "piece " + p[0] + ".." + p[1] + " of " + units);
                    next = p[1];
                }
                assertEquals(units, next);
            }
        }
    }

    @Test
    void aRunUsesAtMostTheCallerAndEveryWorker() {
        try (WorkerPool pool = new WorkerPool(3, EVERY_PROCESSOR)) {
            assertEquals(4, pool.threadsFor(64));
            assertEquals(2, pool.threadsFor(2));
            assertEquals(1, pool.threadsFor(1));
        }
    }

    @Test
    void theCallerTakesEveryPieceAWorkerDoesNotGetTo() throws InterruptedException {
        int units = 1000;
        try (WorkerPool pool = new WorkerPool(1, EVERY_PROCESSOR)) {
            for (int repeat = 0; repeat < 20; repeat++) {
                AtomicInteger doneByCaller = new AtomicInteger();
                AtomicInteger workerPieces = new AtomicInteger();
                AtomicInteger workerPieceSize = new AtomicInteger();
                CountDownLatch othersDone = new CountDownLatch(1);
                Thread callerThread = Thread.currentThread();
                boolean[] workerWaitedInVain = new boolean[1];
                pool.run(units, 2, (from, to) -> {
                    if (Thread.currentThread() == callerThread) {
                        int ran = doneByCaller.addAndGet(to - from);
                        if (ran + workerPieceSize.get() == units) {
                            othersDone.countDown();
                        }
                        return;
                    }
                    // a worker that stalls in its first piece, like one the OS does not schedule:
                    // it goes on only once the caller has run every other unit
                    if (workerPieces.getAndIncrement() == 0) {
                        workerPieceSize.set(to - from);
                        if (doneByCaller.get() + (to - from) == units) {
                            othersDone.countDown();
                        }
                        try {
                            workerWaitedInVain[0] = !othersDone.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                assertTrue(!workerWaitedInVain[0], "the caller waited for the stalled worker's share");
                assertTrue(workerPieces.get() <= 1, "a stalled worker claims nothing more");
                assertEquals(units - workerPieceSize.get(), doneByCaller.get());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"11, 2, 1", "16, 3, 2", "100, 3, 2", "7, 3, 2"})
    void eachThreadStartsAtTheFrontOfItsHomeSlice(int units, int parallelism, int workers) {
        try (WorkerPool pool = new WorkerPool(workers, EVERY_PROCESSOR)) {
            for (int repeat = 0; repeat < 20; repeat++) {
                Thread callerThread = Thread.currentThread();
                java.util.Map<String, Integer> firstUnit = new ConcurrentHashMap<>();
                CountDownLatch allStarted = new CountDownLatch(parallelism);
                pool.run(units, parallelism, (from, to) -> {
                    if (firstUnit.putIfAbsent(Thread.currentThread().getName(), from) != null) {
                        return;
                    }
                    // every thread holds its first piece until all have claimed one, so that no
                    // slice is emptied by another thread before its owner starts
                    allStarted.countDown();
                    try {
                        assertTrue(allStarted.await(30, TimeUnit.SECONDS), "every thread joined");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertEquals(0, firstUnit.get(callerThread.getName()));
                for (int w = 1; w < parallelism; w++) {
                    assertEquals((int) ((long) units * w / parallelism), firstUnit.get("conv4j-worker-" + w),
                            firstUnit::toString);
                }
            }
        }
    }

    @Test
    void anInterruptedCallerStopsClaimingAndThrows() {
        try (WorkerPool pool = new WorkerPool(1, EVERY_PROCESSOR)) {
            AtomicInteger ran = new AtomicInteger();
            Thread callerThread = Thread.currentThread();
            CancellationException e = assertThrows(CancellationException.class, () -> pool.run(100_000, 2,
                    (from, to) -> {
                        ran.addAndGet(to - from);
                        if (Thread.currentThread() == callerThread) {
                            callerThread.interrupt();
                        } else {
                            LockSupport.parkNanos(5_000_000); // the worker alone would need 40 ms or more
                        }
                    }));
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            assertTrue(ran.get() < 100_000, () -> "ran " + ran.get() + " units: " + e.getMessage());
            assertEquals(10, ranges(pool, 10, 2).stream().mapToInt(r -> r[1] - r[0]).sum(),
                    "the pool stays usable");
        }
    }

    @Test
    void everyChunkRunsOnAWorkerOrTheCallerAndResultsArrive() {
        try (WorkerPool pool = new WorkerPool(1, EVERY_PROCESSOR)) {
            float[] out = new float[1000];
            java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int repeat = 0; repeat < 200; repeat++) {
                int r = repeat;
                pool.run(out.length, 2, (from, to) -> {
                    threads.add(Thread.currentThread().getName());
                    for (int i = from; i < to; i++) {
                        out[i] = i * 0.5f + r;
                    }
                    LockSupport.parkNanos(100_000); // long enough for a worker on a busy machine to join
                });
                float[] expected = new float[out.length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = i * 0.5f + r;
                }
                assertArrayEquals(expected, out);
            }
            assertTrue(threads.contains("conv4j-worker-1"), threads::toString);
            assertTrue(threads.contains(Thread.currentThread().getName()), threads::toString);
        }
    }

    @Test
    void aCallUsesNoMoreThreadsThanProcessorsAreFree() {
        AtomicInteger free = new AtomicInteger(1);
        try (WorkerPool pool = new WorkerPool(2, free::get)) {
            java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int repeat = 0; repeat < 50; repeat++) {
                pool.run(64, 3, (from, to) -> {
                    threads.add(Thread.currentThread().getName());
                    LockSupport.parkNanos(20_000);
                });
            }
            assertEquals(java.util.Set.of(Thread.currentThread().getName()), threads, "one free processor: the caller alone");
            free.set(2);
            for (int repeat = 0; repeat < 200 && threads.size() < 2; repeat++) {
                pool.run(64, 3, (from, to) -> {
                    threads.add(Thread.currentThread().getName());
                    LockSupport.parkNanos(20_000);
                });
            }
            assertTrue(threads.contains("conv4j-worker-1"), threads::toString);
            assertTrue(!threads.contains("conv4j-worker-2"), () -> "two free processors: the caller and one worker, " + threads);
        }
    }

    @Test
    void aWorkersExceptionReachesTheCallerAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2, EVERY_PROCESSOR)) {
            IllegalArgumentException thrown = new IllegalArgumentException("bad chunk");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.run(30, 3, (from, to) -> {
                        if (from <= 20 && 20 < to) {
                            throw thrown;
                        }
                    }));
            assertSame(thrown, e);
            assertEquals(30, ranges(pool, 30, 3).stream().mapToInt(r -> r[1] - r[0]).sum());
        }
    }

    @Test
    void theCallersOwnExceptionWinsOverNothingAndTheOtherPiecesStillRun() {
        try (WorkerPool pool = new WorkerPool(1, EVERY_PROCESSOR)) {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            assertThrows(IllegalStateException.class, () -> pool.run(10, 2, (from, to) -> {
                if (from == 0) {
                    failed.set(to);
                    throw new IllegalStateException("caller piece");
                }
                ran.addAndGet(to - from);
            }));
            assertEquals(10, ran.get() + failed.get());
        }
    }

    @Test
    void aTaskThatCallsThePoolRunsTheInnerCallOnItsOwnThread() {
        try (WorkerPool pool = new WorkerPool(2, EVERY_PROCESSOR)) {
            int[] sums = new int[4];
            pool.run(4, 2, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int row = i;
                    pool.run(10, 2, (a, b) -> {
                        synchronized (sums) {
                            sums[row] += b - a;
                        }
                    });
                }
            });
            assertArrayEquals(new int[] {10, 10, 10, 10}, sums);
        }
    }

    @Test
    void concurrentCallersEachGetTheirWholeRange() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, EVERY_PROCESSOR)) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<long[]>> results = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    results.add(callers.submit(() -> {
                        start.await();
                        long[] out = new long[10_000];
                        for (int repeat = 0; repeat < 100; repeat++) {
                            pool.run(out.length, 3, (from, to) -> {
                                for (int i = from; i < to; i++) {
                                    out[i]++;
                                }
                            });
                        }
                        return out;
                    }));
                }
                start.countDown();
                for (Future<long[]> f : results) {
                    for (long v : f.get(60, TimeUnit.SECONDS)) {
                        assertEquals(100, v);
                    }
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void callsAfterAPauseWakeParkedWorkers() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(1, EVERY_PROCESSOR)) {
            assertEquals(8, ranges(pool, 8, 2).stream().mapToInt(r -> r[1] - r[0]).sum());
            Thread.sleep(20); // past the spin: the worker parks
            java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int repeat = 0; repeat < 50 && threads.size() < 2; repeat++) {
                pool.run(64, 2, (from, to) -> {
                    threads.add(Thread.currentThread().getName());
                    LockSupport.parkNanos(1_000_000); // long enough for the woken worker to join
                });
            }
            assertTrue(threads.contains("conv4j-worker-1"), threads::toString);
        }
    }

    @Test
    void aCallerSharingItsProcessorWithTheWorkerIsNotHeldForTheWorkersSpin() throws Exception {
        Path taskset = Path.of("/usr/bin/taskset");
        assumeTrue(Files.isExecutable(taskset), "needs taskset to put the caller and the worker on one processor");
        Process p = new ProcessBuilder(taskset.toString(), "-c", "0",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classDirectory(WorkerPool.class) + java.io.File.pathSeparator + classDirectory(SharedProcessorCalls.class),
                SharedProcessorCalls.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the calls did not finish");
        assertEquals(0, p.exitValue(), out);
        // eight units of 10 µs: about 100 µs; a worker that spun out its 2 ms beside the caller made it 2100
        long medianMicros = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(medianMicros < 1000, "median call " + medianMicros + " µs");
    }

    /** Where a class was loaded from (the tests may run on the module path, which a child JVM does not see). */
    private static String classDirectory(Class<?> c) throws java.net.URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aClosedPoolStillRunsOnTheCaller() {
        WorkerPool pool = new WorkerPool(1, EVERY_PROCESSOR);
        pool.close();
        List<int[]> chunks = ranges(pool, 8, 2);
        assertEquals(1, chunks.size());
        assertArrayEquals(new int[] {0, 8}, chunks.get(0));
    }

    @Test
    void aPoolNeedsAThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0, EVERY_PROCESSOR));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
}
