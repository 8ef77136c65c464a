package dev.conv4j.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The size of this machine's per-core second-level cache, which kernels size their working sets
 * by: read once per JVM from Linux's {@code /sys/devices/system/cpu/cpu0/cache}, else
 * {@link #FALLBACK_SECOND_LEVEL_BYTES}. {@code -Dconv4j.l2Bytes=N} overrides it (tests use that
 * to run a kernel's units at other sizes). The size only moves where work is split, never a
 * result: every kernel computes each output the same way however its work is grouped.
 */
public final class CacheSizes {
    /** A second-level cache of 1 MiB, as on AMD Zen 4; Intel's server cores have 1.25–2 MiB. */
    static final long FALLBACK_SECOND_LEVEL_BYTES = 1L << 20;
    /** The range believed: a value outside it is a misread, not a cache. */
    private static final long MIN_BYTES = 128L << 10;
    private static final long MAX_BYTES = 64L << 20;
    private static final long SECOND_LEVEL_BYTES = secondLevel(Path.of("/sys/devices/system/cpu/cpu0/cache"),
            System.getProperty("conv4j.l2Bytes"));

    private CacheSizes() {
    }

    /** Bytes of one core's second-level cache. */
    public static long secondLevelBytes() {
        return SECOND_LEVEL_BYTES;
    }

    /**
     * The second-level cache's size from {@code override} (bytes) when given, else from the
     * {@code index*} directories of {@code sysfs} (a {@code level} of 2, a {@code type} of
     * {@code Unified} or {@code Data}, a {@code size} such as {@code 2048K}), else the fallback.
     */
    static long secondLevel(Path sysfs, String override) {
        if (override != null) {
            try {
                return believable(Long.parseLong(override.strip()));
            } catch (NumberFormatException e) {
                return FALLBACK_SECOND_LEVEL_BYTES;
            }
        }
        for (int index = 0; index < 8; index++) {
            Path dir = sysfs.resolve("index" + index);
            try {
                if (!Files.isDirectory(dir) || !read(dir, "level").equals("2")) {
                    continue;
                }
                String type = read(dir, "type");
                if (type.equals("Unified") || type.equals("Data")) {
                    return believable(parseSize(read(dir, "size")));
                }
            } catch (IOException | NumberFormatException | ArithmeticException e) {
                return FALLBACK_SECOND_LEVEL_BYTES;
            }
        }
        return FALLBACK_SECOND_LEVEL_BYTES;
    }

    /** {@code 2048K}, {@code 2M} or a plain number of bytes. */
    static long parseSize(String size) {
        String s = size.strip().toUpperCase(Locale.ROOT);
        long unit = s.endsWith("K") ? 1L << 10 : s.endsWith("M") ? 1L << 20 : 1;
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        return Math.multiplyExact(Long.parseLong(digits), unit);
    }

    private static long believable(long bytes) {
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES ? bytes : FALLBACK_SECOND_LEVEL_BYTES;
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }
}
