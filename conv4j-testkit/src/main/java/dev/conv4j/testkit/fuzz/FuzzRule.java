package dev.conv4j.testkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rule every fuzz target of a parser checks: given any bytes, the parser returns or throws an
 * {@link IOException} (its documented format exception, or an I/O or heap refusal) whose message
 * is one printable line starting with the input's name; any other throwable escapes to the fuzzer
 * as a finding; and it allocates at most {@code perByte} bytes of heap per input byte plus
 * {@code fixedBytes} (its buffers), garbage included, so no header can make it allocate what the
 * input cannot back.
 */
public final class FuzzRule {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Path DIRECTORY = createDirectory();

    /** A parse of the input; may throw only what the rule allows to escape. */
    @FunctionalInterface
    public interface Parse {
        void run() throws IOException;
    }

    /** A reader of one file. */
    @FunctionalInterface
    public interface FileReader {
        void read(Path file) throws IOException;
    }

    private FuzzRule() {
    }

    private static Path createDirectory() {
        try {
            Path dir = Files.createTempDirectory("conv4j-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code data} to a file called {@code name} and reads it under the rule. */
    public static void readFile(byte[] data, String name, long perByte, long fixedBytes, FileReader reader)
            throws IOException {
        Path file = DIRECTORY.resolve(name);
        Files.write(file, data);
        try {
            check(file.toString(), data.length, perByte, fixedBytes, () -> reader.read(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Runs {@code parse} of {@code length} input bytes named {@code source} under the rule. It
     * runs twice and the second run is measured: the first may load and instrument classes, which
     * allocates on the same thread.
     */
    public static void check(String source, long length, long perByte, long fixedBytes, Parse parse) {
        parseUnderRule(source, parse);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        parseUnderRule(source, parse);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long bound = perByte * length + fixedBytes;
        if (allocated > bound) {
            throw new AssertionError("allocated " + allocated + " bytes for " + length + " input bytes, more than "
                    + bound);
        }
    }

    private static void parseUnderRule(String source, Parse parse) {
        try {
            parse.run();
        } catch (IOException e) {
            requireOneLineNaming(source, e.getMessage());
        }
    }

    /** Fails unless {@code message} is one printable line starting with {@code source + ": "}. */
    public static void requireOneLineNaming(String source, String message) {
        if (message == null || !message.startsWith(source + ": ")) {
            throw new AssertionError("the message does not name " + source + ": " + message);
        }
        if (message.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AssertionError("the message is not one printable line: " + message);
        }
    }
}
