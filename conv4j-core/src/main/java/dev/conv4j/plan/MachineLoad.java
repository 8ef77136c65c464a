package dev.conv4j.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many processors other processes leave to this one, from Linux's CPU counters, read at
 * most every {@link #INTERVAL_NANOS}: {@code /proc/stat}'s busy time of the whole machine less
 * {@code /proc/self/stat}'s time of this process (its JIT and collector threads included), over
 * the last interval.
 *
 * <p>A call that spreads over more threads than there are free processors shares a core with the
 * neighbour: the operating system then takes one of its threads off the processor for a whole
 * time slice, often while that thread holds a piece the others wait for, and the call takes
 * several times as long as on fewer threads. So {@link WorkerPool} uses no more threads than
 * this allows, as OpenMP runtimes do in their dynamic mode ({@code OMP_DYNAMIC}, which libgomp
 * bases on the load average). The answer is only a thread count: results are the same whatever it
 * is.
 *
 * <p>Until two samples an interval apart exist, and where {@code /proc} cannot be read, every
 * processor counts as free; the first read is made at the first call an interval after this was
 * created (with the pool), so a one-off command that runs for less than that reads nothing.
 * Not thread-safe: the pool asks it only from the one call that holds the workers.
 */
final class MachineLoad {
    /**
     * Often enough to follow a neighbour that starts or stops, long enough for the counters' 10 ms
     * ticks to resolve a tenth of a processor; the two reads cost tens of microseconds.
     */
    static final long INTERVAL_NANOS = 100_000_000;
    /**
     * Others' share of a processor from which it counts as taken. A thread of ours beside them
     * loses whole time slices; and while two threads of ours share two processors with one busy
     * process, that process gets only about two thirds of a processor, so the threshold sits
     * below that, or the count would flip between one thread and two from one interval to the next.
     */
    private static final double TAKEN = 0.35;
    static final Path MACHINE = Path.of("/proc/stat");
    static final Path SELF = Path.of("/proc/self/stat");

    private final int processors;
    /** When the counters were last read, or (before the first read) when this was created. */
    private long sampledNanos = System.nanoTime();
    private long machineTotal = -1;
    private long machineBusy;
    private long selfBusy;
    private boolean unreadable;
    private int free;

    MachineLoad(int processors) {
        this.processors = processors;
        this.free = processors;
    }

    /** Processors not kept busy by other processes over the last interval, at least 1. */
    int freeProcessors() {
        if (unreadable) {
            return processors;
        }
        long now = System.nanoTime();
        if (now - sampledNanos >= INTERVAL_NANOS) {
            sampledNanos = now;
            try {
                sample();
            } catch (IOException | RuntimeException notLinux) {
                unreadable = true;
                free = processors;
            }
        }
        return free;
    }

    private void sample() throws IOException {
        update(firstLine(MACHINE), firstLine(SELF));
    }

    /**
     * Takes the counters: {@code machine} is {@code /proc/stat}'s first line ("cpu user nice
     * system idle iowait irq softirq steal ...", clock ticks summed over the processors),
     * {@code self} is {@code /proc/self/stat} (utime and stime are its fields 14 and 15).
     * Returns the processors free over the interval since the last update.
     */
    int update(String machine, String self) {
        String[] ticks = machine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(ticks[i]);
        }
        long busy = total - Long.parseLong(ticks[4]) - Long.parseLong(ticks[5]);
        // the fields after "pid (name) " start with the state, field 3
        String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (machineTotal >= 0 && total > machineTotal) {
            double others = (double) (busy - machineBusy - (own - selfBusy)) / (total - machineTotal) * processors;
            free = (int) Math.clamp(processors - (long) Math.floor(others + (1 - TAKEN)), 1, processors);
        }
        machineTotal = total;
        machineBusy = busy;
        selfBusy = own;
        return free;
    }

    static String firstLine(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
