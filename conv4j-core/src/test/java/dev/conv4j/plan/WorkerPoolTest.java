package dev.conv4j.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerPoolTest {

    /** Runs a task that records its ranges; returns them sorted. */
    private static List<int[]> ranges(WorkerPool pool, int units, int parallelism) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        pool.run(units, parallelism, (from, to) -> seen.add(new int[] {from, to}));
        List<int[]> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        return sorted;
    }

    @ParameterizedTest
    @CsvSource({"10, 2, 1", "10, 3, 2", "7, 5, 2", "3, 8, 2", "100, 7, 2", "1, 4, 2", "0, 2, 2", "12, 4, 1"})
    void chunksCoverTheRangeOnceInNearEqualPieces(int units, int parallelism, int workers) {
        try (WorkerPool pool = new WorkerPool(workers)) {
            for (int repeat = 0; repeat < 50; repeat++) {
                List<int[]> chunks = ranges(pool, units, parallelism);
                int expectedChunks = Math.max(1, Math.min(parallelism, units));
                assertEquals(expectedChunks, chunks.size());
                int next = 0;
                for (int[] c : chunks) {
                    assertEquals(next, c[0]);
                    assertTrue(c[1] - c[0] >= units / expectedChunks && c[1] - c[0] <= units / expectedChunks + 1,
                            () -> "chunk " + c[0] + ".." + c[1] + " of " + units);
                    next = c[1];
                }
                assertEquals(units, next);
            }
        }
    }

    @Test
    void everyChunkRunsOnAWorkerOrTheCallerAndResultsArrive() {
        try (WorkerPool pool = new WorkerPool(1)) {
            float[] out = new float[1000];
            java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int repeat = 0; repeat < 200; repeat++) {
                int r = repeat;
                pool.run(out.length, 2, (from, to) -> {
                    threads.add(Thread.currentThread().getName());
                    for (int i = from; i < to; i++) {
                        out[i] = i * 0.5f + r;
                    }
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
    void aWorkersExceptionReachesTheCallerAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalArgumentException thrown = new IllegalArgumentException("bad chunk");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.run(30, 3, (from, to) -> {
                        if (from == 20) {
                            throw thrown;
                        }
                    }));
            assertSame(thrown, e);
            assertEquals(3, ranges(pool, 30, 3).size());
        }
    }

    @Test
    void theCallersOwnExceptionWinsOverNothingAndWorkersStillFinish() {
        try (WorkerPool pool = new WorkerPool(1)) {
            int[] done = new int[1];
            assertThrows(IllegalStateException.class, () -> pool.run(10, 2, (from, to) -> {
                if (from == 0) {
                    throw new IllegalStateException("caller chunk");
                }
                done[0] = to;
            }));
            assertEquals(10, done[0]);
        }
    }

    @Test
    void aTaskThatCallsThePoolRunsTheInnerCallOnItsOwnThread() {
        try (WorkerPool pool = new WorkerPool(2)) {
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
        try (WorkerPool pool = new WorkerPool(2)) {
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
        try (WorkerPool pool = new WorkerPool(1)) {
            assertEquals(2, ranges(pool, 8, 2).size());
            Thread.sleep(20); // past the spin: the worker parks
            assertEquals(2, ranges(pool, 8, 2).size());
        }
    }

    @Test
    void aClosedPoolStillRunsOnTheCaller() {
        WorkerPool pool = new WorkerPool(1);
        pool.close();
        List<int[]> chunks = ranges(pool, 8, 2);
        assertEquals(1, chunks.size());
        assertArrayEquals(new int[] {0, 8}, chunks.get(0));
    }

    @Test
    void aPoolNeedsAThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
}
