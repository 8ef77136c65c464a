package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimerTest {

    @Test
    void runsTheWarmUpThenTheTimedRuns() {
        AtomicInteger calls = new AtomicInteger();
        Timer.Timing t = Timer.time(new Timer.Options(4, 7, 50, 0), calls::incrementAndGet);
        assertEquals(4, t.warmupRuns());
        assertEquals(7, t.runs());
        assertEquals(11, calls.get());
        assertTrue(t.minMs() <= t.medianMs());
    }

    @Test
    void warmsUpForHalfTheMinimumTimeAndTimesUpToTheCap() {
        AtomicInteger calls = new AtomicInteger();
        Timer.Timing t = Timer.time(new Timer.Options(1, 2, 30, 0.2), () -> {
            calls.incrementAndGet();
            sleep(1);
        });
        // warm-up lasts 0.1 s (at most 100 runs of >= 1 ms, the cap of 100 x 30 far away); timing
        // 0.2 s / 1 ms (~200 runs) is capped at 30
        assertTrue(t.warmupRuns() > 10 && t.warmupRuns() <= 100, "warm-up runs " + t.warmupRuns());
        assertEquals(30, t.runs());
        assertEquals(t.warmupRuns() + 30, calls.get());
    }

    @Test
    void theWarmUpGoesOnUntilTheRunsHaveSettled() {
        // as the JIT compiles kernel after kernel, runs get faster in steps: 40 ms, 30, 22, ... down
        // to 1 ms from the 14th on (about 0.16 s in all); the planned warm-up (20 ms) would end
        // after the first run and time the steps
        AtomicInteger calls = new AtomicInteger();
        Timer.Timing t = Timer.time(new Timer.Options(1, 9, 9, 0.04),
                () -> sleep(Math.max(1, Math.round(40 * Math.pow(0.75, calls.getAndIncrement())))));
        assertTrue(t.warmupRuns() >= 14, "warm-up runs " + t.warmupRuns());
        assertTrue(t.medianMs() < 1.9, "timed after the steps: median " + t.medianMs() + " ms");
    }

    @Test
    void aWarmUpOfOperationsThatTakeNoTimeEnds() {
        Timer.Timing t = Timer.time(new Timer.Options(1, 1, 2, 1e6), () -> { });
        assertEquals(200, t.warmupRuns());
        assertEquals(2, t.runs());
    }

    @Test
    void aSlowOperationRunsTheMinimum() {
        Timer.Timing t = Timer.time(new Timer.Options(2, 3, 30, 0.001), () -> sleep(5));
        assertEquals(2, t.warmupRuns());
        assertEquals(3, t.runs());
        assertTrue(t.minMs() >= 4.5, "" + t.minMs());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Timer.Timing t = new Timer.Timing(new double[] {4, 1, 3, 2}, 0, 9, Double.NaN);
        assertEquals(2.5, t.medianMs());
        assertEquals(1, t.minMs());
        assertEquals(1e9 / 2.5e6, t.gflops(1_000_000_000L) * 1e3 / 1e3, 1e-9);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Timer.Options(1, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timer.Options(1, 10, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timer.Options(-1, 1, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timer.Options(1, 1, 5, Double.NaN));
    }

    @Test
    void theFmaProbeMeasuresSomething() {
        FmaProbe.Result r = FmaProbe.measure(1);
        assertEquals(1, r.threads());
        assertEquals(FmaProbe.CHAINS, r.chains());
        assertTrue(r.gflops() > 1 && r.vectorBits() >= 128, r.describe());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
