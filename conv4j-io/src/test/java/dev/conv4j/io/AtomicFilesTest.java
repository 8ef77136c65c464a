package dev.conv4j.io;

import static dev.conv4j.io.NpyWriteTest.filesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AtomicFilesTest {
    @TempDir
    Path directory;

    @Test
    void writesTheContentAndNothingElse() throws IOException {
        Path target = directory.resolve("out.csv");

        AtomicFiles.write(target, out -> out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals("a,b\n1,2\n", Files.readString(target));
        assertEquals(List.of(target), filesIn(directory));
    }

    @Test
    void whileWritingTheTargetIsUntouchedAndTheTemporaryFileIsASibling() throws IOException {
        Path target = Files.writeString(directory.resolve("out.txt"), "old");
        AtomicReference<List<Path>> duringWrite = new AtomicReference<>();

        AtomicFiles.write(target, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("old", Files.readString(target));
            duringWrite.set(filesIn(directory));
        });

        assertEquals("new", Files.readString(target));
        assertEquals(2, duringWrite.get().size());
        Path temporary = duringWrite.get().getFirst();
        assertEquals(directory, temporary.getParent());
        assertEquals(true, temporary.getFileName().toString().startsWith(".out.txt."));
        assertFalse(Files.exists(temporary));
    }

    static Stream<Throwable> failures() {
        return Stream.of(new IOException("disk full"), new IllegalStateException("bug"), new AssertionError("error"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failureLeavesNeitherTargetNorTemporaryFile(Throwable failure) throws IOException {
        Path target = directory.resolve("out.bin");

        Throwable thrown = assertThrows(failure.getClass(), () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throwUnchecked(failure);
        }));

        assertSame(failure, thrown);
        assertEquals(List.of(), filesIn(directory));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failureLeavesAnExistingTargetUntouched(Throwable failure) throws IOException {
        Path target = Files.writeString(directory.resolve("out.bin"), "precious");

        assertThrows(failure.getClass(), () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.close();
            throwUnchecked(failure);
        }));

        assertEquals("precious", Files.readString(target));
        assertEquals(List.of(target), filesIn(directory));
    }

    @Test
    void writerMayCloseTheStream() throws IOException {
        Path target = directory.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            try (OutputStream closing = out) {
                closing.write("closed early".getBytes(StandardCharsets.UTF_8));
            }
        });

        assertEquals("closed early", Files.readString(target));
    }

    @Test
    void missingDirectoryFailsWithoutCreatingAnything() throws IOException {
        Path target = directory.resolve("missing").resolve("out.txt");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(target, out -> out.write(1)));

        assertEquals(target + ": directory " + target.getParent() + " does not exist", e.getMessage());
        assertEquals(List.of(), filesIn(directory));
    }

    /** Files.createTempFile would make the result owner-only; a written file should look like any other. */
    @Test
    void writtenFileHasDefaultPermissions() throws IOException {
        assumeTrue(Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null, "POSIX only");
        Path ordinary = Files.createFile(directory.resolve("ordinary"));
        Path written = directory.resolve("written");

        AtomicFiles.write(written, out -> out.write(1));

        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(written));
    }

    /** Lets the writer lambda throw any throwable, as real writers can. */
    private static void throwUnchecked(Throwable failure) throws IOException {
        switch (failure) {
            case IOException io -> throw io;
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> throw new AssertionError(failure);
        }
    }
}
