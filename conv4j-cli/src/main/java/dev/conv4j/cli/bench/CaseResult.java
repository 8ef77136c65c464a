package dev.conv4j.cli.bench;

/**
 * What the benchmark found for one case: skipped (with the reason), or timed with its plan's
 * algorithm and, if asked for, the spot check.
 *
 * @param benchCase  the case
 * @param skipReason why it was not run; null when it ran
 * @param algorithm  the plan's algorithm; null when skipped
 * @param threads    threads the plan computed with
 * @param timing     the timed runs; null when skipped
 * @param peakGflops the FMA probe's figure for the same threads (the 100 % of {@link #percentOfPeak})
 * @param check      the spot check; null when skipped or not asked for
 */
public record CaseResult(BenchCase benchCase, String skipReason, String algorithm, int threads, Timer.Timing timing,
                         double peakGflops, SpotCheck.Result check) {

    public static CaseResult skipped(BenchCase c, String reason) {
        return new CaseResult(c, reason, null, 0, null, Double.NaN, null);
    }

    public boolean skipped() {
        return skipReason != null;
    }

    /** GFLOP/s at the median time; NaN when skipped. */
    public double gflops() {
        return skipped() ? Double.NaN : timing.gflops(benchCase.flops());
    }

    /** {@link #gflops} as a percentage of the FMA probe's peak. */
    public double percentOfPeak() {
        return 100 * gflops() / peakGflops;
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
