package dev.conv4j.bench;

import dev.conv4j.plan.Planner;

/**
 * Times one case with conv4j: plan, warm up, timed runs, spot check. A gradient case is timed
 * like a forward one ({@link PreparedCase} says what a run is) and its GFLOP/s counted with the
 * forward convolution's FLOPs, as {@code shapes.json} defines them.
 */
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

    /** The case's result, without the probes' figures (attach them with {@link CaseResult#withRoofline}). */
    public static CaseResult run(BenchCase c, Settings settings) {
        PreparedCase prepared = PreparedCase.prepare(c, settings.planner(), settings.seed());
        return measure(prepared, settings);
    }

    /** Times an already prepared case (its output then holds the last run's result). */
    public static CaseResult measure(PreparedCase prepared, Settings settings) {
        Timer.Timing timing = Timer.time(settings.timing(), prepared::run);
        SpotCheck.Result check = settings.check() ? prepared.check(settings.seed()) : null;
        return new CaseResult(prepared.benchCase(), null, prepared.algorithm(), prepared.threads(), timing,
                null, check);
    }
}
