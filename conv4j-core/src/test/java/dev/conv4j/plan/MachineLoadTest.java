package dev.conv4j.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@link MachineLoad}'s arithmetic on counters as Linux writes them, and on this machine's own. */
class MachineLoadTest {
    /** {@code /proc/stat}'s first line with these user, idle and steal ticks (the rest fixed). */
    private static String machine(long user, long idle, long steal) {
        return "cpu  " + user + " 7 300 " + idle + " 20 0 5 " + steal + " 0 0";
    }

    /** {@code /proc/self/stat} with these utime and stime ticks; the name has a space and a parenthesis. */
    private static String self(long utime, long stime) {
        return "4242 (java (main)) S 1 4242 4242 0 -1 4194304 99 0 0 0 " + utime + " " + stime + " 0 0 20 0 12 0 1892099";
    }

    @Test
    void processorsBusyWithOtherProcessesAreNotFree() {
        MachineLoad load = new MachineLoad(2);
        load.update(machine(1000, 5000, 0), self(100, 10));
        // 20 ticks over 2 processors: we took 8, others 10 (one processor), idle 2
        assertEquals(1, load.update(machine(1018, 5002, 0), self(107, 11)));
        // 20 ticks: we took 16, others 2 (a fifth of a processor, below a third): both free
        assertEquals(2, load.update(machine(1036, 5004, 0), self(115, 19)));
        // 20 ticks: we took 8, the hypervisor stole 12, which counts as others' (1.2 processors)
        assertEquals(1, load.update(machine(1044, 5004, 12), self(123, 19)));
    }

    @Test
    void atLeastOneProcessorAndAtMostAll() {
        MachineLoad load = new MachineLoad(4);
        load.update(machine(0, 0, 0), self(0, 0));
        assertEquals(1, load.update(machine(40, 0, 0), self(0, 0)), "every processor busy with others: still the caller's own");
        assertEquals(4, load.update(machine(40, 40, 0), self(0, 0)));
        // 4 processors, others 2.5 of them: three taken (a processor others use a third of is not free)
        assertEquals(1, load.update(machine(40 + 25 + 5, 40 + 10, 0), self(5, 0)));
        // 4 processors, others 1.5 of them: two taken
        assertEquals(2, load.update(machine(70 + 20, 50 + 20, 0), self(5 + 5, 0)));
    }

    @Test
    void thisMachinesCountersParse() throws Exception {
        assumeTrue(Files.isReadable(MachineLoad.MACHINE) && Files.isReadable(MachineLoad.SELF), "no Linux /proc here");
        int processors = Runtime.getRuntime().availableProcessors();
        MachineLoad load = new MachineLoad(processors);
        assertEquals(processors, load.update(MachineLoad.firstLine(MachineLoad.MACHINE), MachineLoad.firstLine(MachineLoad.SELF)));
        Thread.sleep(MachineLoad.INTERVAL_NANOS / 1_000_000);
        int free = load.update(MachineLoad.firstLine(MachineLoad.MACHINE), MachineLoad.firstLine(MachineLoad.SELF));
        assertTrue(free >= 1 && free <= processors, () -> free + " of " + processors);
    }

    @Test
    void aCallBeforeAnIntervalHasPassedReadsNothing() {
        MachineLoad load = new MachineLoad(3);
        for (int i = 0; i < 1000; i++) {
            assertEquals(3, load.freeProcessors());
        }
    }
}
