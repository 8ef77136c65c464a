package dev.conv4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with other processes while a benchmark timed (Linux
 * {@code /proc/stat} and {@code /proc/self/stat}; unknown elsewhere). A high share means the
 * timing is contaminated.
 */
public final class CpuLoad {
    private static final Path MACHINE = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");

    /**
     * A sample of the clock-tick counters.
     *
     * @param machineBusy ticks all processors spent busy
     * @param machineTotal ticks all processors spent at all
     * @param self        ticks this process spent
     */
    public record Sample(long machineBusy, long machineTotal, long self) {
    }

    private CpuLoad() {
    }

    /** Now, or null where the counters cannot be read. */
    public static Sample sample() {
        try {
            String[] f = Files.readAllLines(MACHINE).get(0).trim().split("\\s+"); // cpu user nice system idle iowait ...
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            String self = Files.readString(SELF);
            String[] g = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            long mine = Long.parseLong(g[11]) + Long.parseLong(g[12]); // utime, stime
            return new Sample(total - idle, total, mine);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Percent of the whole machine (all processors) that other processes used between two
     * samples; NaN when unknown or when too little time passed to tell.
     */
    public static double otherPercent(Sample a, Sample b) {
        if (a == null || b == null || b.machineTotal() - a.machineTotal() < 10) {
            return Double.NaN;
        }
        double other = (b.machineBusy() - a.machineBusy()) - (b.self() - a.self());
        return Math.max(0, 100.0 * other / (b.machineTotal() - a.machineTotal()));
    }
}
