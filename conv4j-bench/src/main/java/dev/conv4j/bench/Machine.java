package dev.conv4j.bench;

import dev.conv4j.kernel.Vectorization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about where a benchmark ran: processor, memory, JVM and conv4j's SIMD decision. */
public final class Machine {
    private Machine() {
    }

    /** e.g. {@code AMD EPYC, 2 processors, 24 GiB; Java 25.0.3 (Eclipse Adoptium); Vector API on: 512-bit ...}. */
    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        String memory = memTotalGib();
        return cpuModel() + ", " + rt.availableProcessors() + " processors" + (memory.isEmpty() ? "" : ", " + memory)
                + "; Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
                + String.format(Locale.ROOT, ", max heap %.1f GiB", rt.maxMemory() / (double) (1L << 30))
                + "; conv4j kernels: " + Vectorization.reason();
    }

    /** The processor's model name ({@code /proc/cpuinfo}), or the OS architecture. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memTotalGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f GiB", kib / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return "";
    }
}
