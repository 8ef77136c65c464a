package dev.conv4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Checks that a failure is an {@link NpyFormatException} that names its source and says what is wrong. */
final class NpyErrorAssertions {
    private NpyErrorAssertions() {
    }

    static NpyFormatException readFails(ReadVia via, byte[] file, Path directory, String expectedProblem) {
        return fails(() -> via.read(file, directory), via.source(directory), expectedProblem);
    }

    static NpyFormatException fails(Executable read, String source, String expectedProblem) {
        NpyFormatException error = assertThrows(NpyFormatException.class, read);
        assertEquals(source, error.source());
        assertTrue(error.getMessage().startsWith(source + ": "), () -> "names the source: " + error.getMessage());
        assertTrue(error.getMessage().contains(expectedProblem),
                () -> "expected '" + expectedProblem + "' in: " + error.getMessage());
        return error;
    }
}
