package dev.conv4j.bench;

/**
 * What the benchmark found for one case: skipped (with the reason), or timed with its plan's
 * algorithm and, if asked for, the spot check.
 *
 * @param benchCase  the case
 * @param skipReason why it was not run; null when it ran
 * @param algorithm  the plan's algorithm; null when skipped
 * @param threads    threads the plan computed with
 * @param timing     the timed runs; null when skipped
 * @param roofline   the probes' figures for the same threads (the 100 % of {@link #percentOfPeak}); null when
 *                   skipped, and until the bench attaches them after the last case ({@link #withRoofline})
 * @param check      the spot check; null when skipped or not asked for
 */
public record CaseResult(BenchCase benchCase, String skipReason, String algorithm, int threads, Timer.Timing timing,
                         Roofline roofline, SpotCheck.Result check) {

    public static CaseResult skipped(BenchCase c, String reason) {
        return new CaseResult(c, reason, null, 0, null, null, null);
    }

    public boolean skipped() {
        return skipReason != null;
    }

    /** The same result against the probes' figures (a skipped case has none). */
    public CaseResult withRoofline(Roofline other) {
        return skipped() ? this : new CaseResult(benchCase, null, algorithm, threads, timing, other, check);
    }

    /** GFLOP/s at the median time; NaN when skipped. */
    public double gflops() {
        return skipped() ? Double.NaN : timing.gflops(benchCase.flops());
    }

    /** The FMA probe's GFLOP/s; NaN when skipped. */
    public double peakGflops() {
        return skipped() ? Double.NaN : roofline.peak().gflops();
    }

    /** {@link #gflops} as a percentage of the FMA probe's peak. */
    public double percentOfPeak() {
        return 100 * gflops() / peakGflops();
    }

    /** The roofline floor as a percentage of the median time ({@link Roofline#percentOfFloor}); NaN when skipped. */
    public double percentOfRoofline() {
        return skipped() ? Double.NaN : roofline.percentOfFloor(benchCase, timing.medianMs());
    }

    /** {@code pass}, {@code fail}, {@code off} (not asked for) or {@code skipped}. */
    public String checkStatus() {
        if (skipped()) {
            return "skipped";
        }
        if (check == null) {
            return "off";
        }
        return check.passed() ? "pass" : "fail";
    }

    /** True unless the spot check ran and failed. */
    public boolean ok() {
        return check == null || check.passed();
    }
}
