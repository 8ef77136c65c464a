package dev.conv4j.io;

import static dev.conv4j.io.NpyBytes.npy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs built to break the readers, from the attacks the project was put through. */
class HostileInputTest {
    @TempDir
    Path directory;

    @Test
    void deeplyNestedHeaderIsAFormatErrorNotAStackOverflow() throws IOException {
        // 3,000 nested brackets in 6.6 KB overflowed the recursive parser's stack
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "[".repeat(3000) + "]".repeat(3000) + "}";
        Path file = directory.resolve("deep.npy");
        Files.write(file, npy(2, dict, new byte[0]));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("nested more than 32 deep"), e.getMessage());
    }

    @Test
    void binaryInAHeaderIsQuotedEscapedOnOneLine() throws IOException {
        Path file = directory.resolve("binary.npy");
        Files.write(file, npy(1, "{'descr': '<f4\n\u001b[2J\u0000', 'fortran_order': False, 'shape': (1,), }",
                new byte[4]));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), e.getMessage());
        assertTrue(e.getMessage().contains("<f4\\n\\x1b[2J\\x00"), e.getMessage());
    }

    @Test
    void printableEscapesControlAndInvisibleCharactersOnly() {
        assertEquals("a\\tb\\r\\n\\x7f\\u202e é ✓", Printable.escape("a\tb\r\n\u007f\u202e é ✓"));
        String plain = "x.npy: shape (2, 3)";
        assertTrue(plain == Printable.escape(plain));
    }

    @Test
    void heapBudgetRefusesMoreThanTheHeapNamingFileAndRemedy() {
        InsufficientHeapException e = assertThrows(InsufficientHeapException.class,
                () -> HeapBudget.require(Runtime.getRuntime().maxMemory() + 1, "v.nii", "the voxels"));
        assertTrue(e.getMessage().startsWith("v.nii: the voxels need ") && e.getMessage().contains("CONV4J_JAVA_OPTS=-Xmx"),
                e.getMessage());
        assertEquals(Long.MAX_VALUE, HeapBudget.saturatedProduct(1L << 40, 1L << 40));
    }

    @Test
    void aKilledWritersTemporaryFileIsDeletedByTheNextWriteOfTheSameTarget() throws IOException {
        Path target = directory.resolve("out.npy");
        // a pid far above pid_max (2^22 on Linux) is never running
        Path stale = Files.write(directory.resolve(".out.npy.99999999.0123456789abcdef.tmp"), new byte[10]);
        Path live = Files.write(directory.resolve(".out.npy." + ProcessHandle.current().pid() + ".0123456789abcdef.tmp"),
                new byte[10]);
        Path other = Files.write(directory.resolve(".other.npy.99999999.0123456789abcdef.tmp"), new byte[10]);
        AtomicFiles.write(target, out -> out.write(1));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live) && Files.exists(other));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void rawVolumeOffsetsAndShapesThatOverflowAreRefusedNamingTheFile() throws IOException {
        Path file = Files.write(directory.resolve("v.raw"), new byte[64]);
        for (long offset : new long[] {Long.MAX_VALUE - 10, -1}) {
            IOException e = assertThrows(IOException.class, () -> dev.conv4j.io.volume.MappedVolume.raw(file, offset,
                    new int[] {1, 2, 2}, dev.conv4j.io.volume.MappedVolume.Type.F4, java.nio.ByteOrder.LITTLE_ENDIAN));
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        }
        IOException huge = assertThrows(IOException.class, () -> dev.conv4j.io.volume.MappedVolume.raw(file, 0,
                new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE},
                dev.conv4j.io.volume.MappedVolume.Type.F8, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertTrue(huge.getMessage().startsWith(file + ": truncated"), huge.getMessage());
    }

    @Test
    void aWriterStoppedBySigtermLeavesNoTemporaryFile() throws Exception {
        Path target = directory.resolve("slow.npy");
        Process child = new ProcessBuilder(ChildJvm.java(), "-cp", ChildJvm.classPath(SlowWriter.class),
                SlowWriter.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            assertEquals("writing", out.readLine());
            try (Stream<Path> files = Files.list(directory)) {
                assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "mid-write");
            }
            child.destroy(); // SIGTERM, as Ctrl-C or a service manager sends
            assertTrue(child.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(), files.toList(), "neither the target nor a temporary file");
        }
    }
}
