package dev.conv4j.io;

import java.nio.file.Path;

/** {@code SlowWriter TARGET}: starts an atomic write of TARGET, says so, and never finishes it. */
public final class SlowWriter {
    private SlowWriter() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[1 << 20]);
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("interrupted");
            }
        });
    }
}
