package dev.conv4j.bench;

import java.util.Locale;

/**
 * The least time a case can take on this machine: its FLOPs at the FMA probe's peak, or its
 * bytes at the stream probe's bandwidth, whichever is longer (the roofline model). A case is
 * <em>compute-bound</em> or <em>memory-bound</em> by which of the two is longer; the share of
 * the floor a measured time reaches says how much faster any implementation could go. The
 * memory floor assumes the data stream from memory: a case whose operands fit in the caches
 * can beat it.
 *
 * @param peak      the FMA probe's result
 * @param bandwidth the stream probe's result
 */
public record Roofline(FmaProbe.Result peak, StreamProbe.Result bandwidth) {

    /** Both probes on {@code threads} threads. */
    public static Roofline measure(int threads) {
        return new Roofline(FmaProbe.measure(threads), StreamProbe.measure(threads));
    }

    /**
     * The higher peak and the higher bandwidth of two measurements: a probe that shared the
     * machine (with the JIT compiling at start-up, or a neighbour) reads low, never high.
     */
    public Roofline best(Roofline other) {
        return new Roofline(other.peak.gflops() > peak.gflops() ? other.peak : peak,
                other.bandwidth.gbPerSecond() > bandwidth.gbPerSecond() ? other.bandwidth : bandwidth);
    }

    public double computeFloorMs(BenchCase c) {
        return c.flops() / peak.gflops() / 1e6;
    }

    public double memoryFloorMs(BenchCase c) {
        return c.bytes() / bandwidth.gbPerSecond() / 1e6;
    }

    public double floorMs(BenchCase c) {
        return Math.max(computeFloorMs(c), memoryFloorMs(c));
    }

    /** {@code "compute"} or {@code "memory"}: which floor is higher. */
    public String bound(BenchCase c) {
        return computeFloorMs(c) >= memoryFloorMs(c) ? "compute" : "memory";
    }

    /** The floor as a percentage of {@code medianMs}: 100 means as fast as the machine allows. */
    public double percentOfFloor(BenchCase c, double medianMs) {
        return 100 * floorMs(c) / medianMs;
    }

    /** The two probes, one line each. */
    public String describe() {
        return String.format(Locale.ROOT, "peak: FMA probe %s%nbandwidth: stream probe %s", peak.describe(),
                bandwidth.describe());
    }
}
