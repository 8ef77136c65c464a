package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;
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
        ScriptedClock clock = new ScriptedClock(run -> 1.0);
        Timer.Timing t = Timer.time(new Timer.Options(1, 2, 30, 0.2), clock::run, clock, JitActivity.UNKNOWN);
        // runs of 1 ms: the warm-up lasts 0.1 s, 100 runs (the cap of 100 x 30 far away); timing
        // 0.2 s / 1 ms (200 runs) is capped at 30
        assertEquals(100, t.warmupRuns());
        assertEquals(30, t.runs());
        assertEquals(130, clock.runs);
    }

    @Test
    void theWarmUpGoesOnUntilTheRunsHaveSettled() {
        // as the JIT compiles kernel after kernel, runs get faster in steps: 40 ms, 30, 22.5, ...
        // down to 1 ms from the 14th on; the planned warm-up (20 ms) would end after the first run
        // and time the steps
        ScriptedClock clock = new ScriptedClock(run -> Math.max(1, 40 * Math.pow(0.75, run)));
        Timer.Timing t = Timer.time(new Timer.Options(1, 9, 9, 0.04), clock::run, clock, JitActivity.UNKNOWN);
        // each step is 25 % faster than the one before until run 13 reaches 1 ms; the warm-up then
        // goes on for 10 ms (half its planned length) of runs that are no faster
        assertEquals(14 + 10, t.warmupRuns());
        assertEquals(1.0, t.medianMs(), 1e-9);
        assertEquals(40.0, t.firstMs(), 1e-9);
    }

    @Test
    void theWarmUpWaitsForTheJitAndLeavesItTheProcessors() {
        // runs of 1 ms at once (settled), but the JIT reports work for its first six looks: the
        // warm-up sleeps before each of the six runs that follow, and ends at the seventh look
        ScriptedClock clock = new ScriptedClock(run -> 1.0);
        int[] looks = {0};
        JitActivity jit = () -> ++looks[0] <= 6;
        Timer.Timing t = Timer.time(new Timer.Options(1, 5, 5, 0.01), clock::run, clock, jit);
        assertEquals(7, looks[0]);
        assertEquals(6, clock.sleeps);
        assertEquals(5 + 6, t.warmupRuns());
        assertEquals(5, t.runs());
    }

    @Test
    void aJitThatIsNeverIdleEndsTheWarmUpAtItsBoundInWallClockTime() {
        ScriptedClock clock = new ScriptedClock(run -> 1.0);
        Timer.Timing t = Timer.time(new Timer.Options(1, 5, 5, 0.01), clock::run, clock, () -> true);
        // bound: 10 x the planned 5 ms = 50 ms after the first run; each round is a 5 ms sleep and a
        // 1 ms run, after the 5 planned runs: 45 ms / 6 ms rounds
        assertEquals(5 + 8, t.warmupRuns());
        assertEquals(8, clock.sleeps);
        assertTrue(clock.now <= 1e6 * (1 + 50 + Timer.JIT_PAUSE_MILLIS + 1 + 5), "now " + clock.now);
    }

    @Test
    void aWarmUpOfOperationsThatTakeNoTimeEnds() {
        Timer.Timing t = Timer.time(new Timer.Options(1, 1, 2, 1e6), () -> { });
        assertEquals(200, t.warmupRuns());
        assertEquals(2, t.runs());
    }

    @Test
    void aSlowOperationRunsTheMinimum() {
        ScriptedClock clock = new ScriptedClock(run -> 5.0);
        Timer.Timing t = Timer.time(new Timer.Options(2, 3, 30, 0.001), clock::run, clock, JitActivity.UNKNOWN);
        assertEquals(2, t.warmupRuns());
        assertEquals(3, t.runs());
        assertEquals(5.0, t.minMs(), 1e-9);
    }

    @Test
    void theCompilerQueueListsWorkWhenItNamesAMethod() {
        String idle = "Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n\n";
        String compiling = "Current compiles: \nC2 CompilerThread0  1761       4       a.B::step (891 bytes)\n\n"
                + "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n";
        String queued = "Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\n"
                + "1750       4       java.util.ArrayList$Itr::hasNext (20 bytes)\n";
        assertFalse(JitActivity.listsWork(idle));
        assertTrue(JitActivity.listsWork(compiling));
        assertTrue(JitActivity.listsWork(queued));
    }

    @Test
    void thisJvmsJitCanBeAsked() {
        // HotSpot answers; the answer itself depends on what it is compiling now
        JitActivity jit = JitActivity.hotSpot();
        assertNotSame(JitActivity.UNKNOWN, jit);
        jit.busy();
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

    /** A clock that a run moves on by the time its script gives for that run, and a sleep by its length. */
    private static final class ScriptedClock implements Timer.Clock {
        private final IntToDoubleFunction millisOfRun;
        long now;
        int runs;
        int sleeps;

        ScriptedClock(IntToDoubleFunction millisOfRun) {
            this.millisOfRun = millisOfRun;
        }

        void run() {
            now += Math.round(millisOfRun.applyAsDouble(runs++) * 1e6);
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long millis) {
            sleeps++;
            now += millis * 1_000_000;
        }
    }
}
