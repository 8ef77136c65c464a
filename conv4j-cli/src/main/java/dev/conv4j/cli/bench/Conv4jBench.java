package dev.conv4j.cli.bench;

import dev.conv4j.plan.Planner;

/** Times one case with conv4j: plan, warm up, timed runs, spot check. */
public final class Conv4jBench {

    /**
     * @param planner chooses the algorithm and the threads (the bench uses {@code Planner.standard().threads(N)})
     * @param timing  the timing rule
     * @param check   whether to spot-check the output against the reference
     * @param seed    for the data and the checked positions
     */
    public record Settings(Planner planner, Timer.Options timing, boolean check, long seed) {
    }

    private Conv4jBench() {
    }

    /** The case's result; a case whose op conv4j lacks is skipped, not failed. */
    public static CaseResult run(BenchCase c, Settings settings, FmaProbe.Result peak) {
        if (!c.implemented()) {
            return CaseResult.skipped(c, BenchOp.NOT_IMPLEMENTED);
        }
        PreparedCase prepared = PreparedCase.prepare(c, settings.planner(), settings.seed());
        return measure(prepared, settings, peak);
    }

    /** Times an already prepared case (its output then holds the last run's result). */
    public static CaseResult measure(PreparedCase prepared, Settings settings, FmaProbe.Result peak) {
        Timer.Timing timing = Timer.time(settings.timing(), prepared::run);
        SpotCheck.Result check = settings.check() ? prepared.check(settings.seed()) : null;
        return new CaseResult(prepared.benchCase(), null, prepared.plan().algorithm(), prepared.plan().threads(), timing,
                peak.gflops(), check);
    }
}
