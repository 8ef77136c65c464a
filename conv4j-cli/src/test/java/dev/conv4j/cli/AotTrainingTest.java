package dev.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training run of {@code conv4j aot-cache} runs every command it trains on, and leaves no file behind. */
class AotTrainingTest {
    @Test
    void everyTrainingCommandSucceedsAndItsDataAreRemoved() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirectories(tmp);
        assertDoesNotThrow(() -> AotTraining.main(new String[0]));
        assertEquals(before, trainingDirectories(tmp));
    }

    private static long trainingDirectories(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("conv4j-aot-training")).count();
        }
    }
}
