package dev.conv4j.io.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs scripts under Debian's python3 with zarr 2 and numcodecs (python3-zarr, python3-numcodecs). */
final class ZarrPython {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 120;

    private ZarrPython() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zarr, numcodecs, numpy").redirectErrorStream(true).start();
            return p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code script} with {@code args} as sys.argv[1:]; returns its output, failing the test on a non-zero exit. */
    static String run(String script, Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("python timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
