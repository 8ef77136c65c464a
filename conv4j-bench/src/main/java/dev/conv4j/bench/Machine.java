package dev.conv4j.bench;

import dev.conv4j.kernel.Vectorization;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

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
                + ", " + objectAlignment(vmOption("ObjectAlignmentInBytes"), System.getProperty(ALIGNMENT_PROPERTY))
                + "; conv4j kernels: " + Vectorization.reason();
    }

    /** The system property by which the JVM's starter tells conv4j's kernels its object alignment. */
    static final String ALIGNMENT_PROPERTY = "conv4j.objectAlignment";

    /**
     * The JVM's object alignment and whether conv4j's kernels were told it (they start their
     * vectors on cache-line boundaries only when told, see {@code ArrayAlignment} in conv4j-core):
     * e.g. {@code objects on 64-byte boundaries (conv4j told)}; a declaration the JVM does not match
     * is named, since the kernels then place their vectors by a wrong rule.
     */
    static String objectAlignment(String actual, String declared) {
        if (actual == null) {
            return declared == null ? "object alignment unknown" : "object alignment unknown (conv4j told " + declared + ")";
        }
        String text = "objects on " + actual + "-byte boundaries";
        if (declared == null) {
            return text;
        }
        return declared.strip().equals(actual) ? text + " (conv4j told)"
                : text + ", but " + ALIGNMENT_PROPERTY + " says " + declared.strip();
    }

    /** A HotSpot option's value, or null where the JVM does not say. */
    private static String vmOption(String name) {
        try {
            Object option = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "getVMOption",
                    new Object[] {name}, new String[] {String.class.getName()});
            return option instanceof CompositeData data ? String.valueOf(data.get("value")) : null;
        } catch (Exception e) {
            // not HotSpot, or no such option
            return null;
        }
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
