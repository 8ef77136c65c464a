package dev.conv4j.cli.nn;

import dev.conv4j.nn.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr. On a terminal: a bar redrawn in place (samples/s, loss, accuracy,
 * ETA), kept as one line per epoch; otherwise (or with {@code --quiet}) just the epoch lines.
 */
final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean live;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter err, boolean live) {
        this.err = err;
        this.live = live;
    }

    /** True when stderr is a terminal (and the JVM knows it). */
    static boolean terminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void batchEnd(Progress p) {
        long now = System.nanoTime();
        if (!live || (now - lastDraw < REDRAW_NANOS && p.samplesDone() < p.samples())) {
            return;
        }
        lastDraw = now;
        double seconds = p.elapsedNanos() / 1e9;
        double rate = p.samplesDone() / Math.max(seconds, 1e-9);
        long remaining = (long) (p.samples() - p.samplesDone()) + (long) (p.epochs() - p.epoch()) * p.samples();
        int filled = (int) ((long) WIDTH * p.samplesDone() / Math.max(1, p.samples()));
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d  %.0f samples/s  loss %.4f  acc %.4f  ETA %s",
                p.epoch(), p.epochs(), bar, p.samplesDone(), p.samples(), rate, p.loss(), p.accuracy(),
                duration(remaining / Math.max(rate, 1e-9)));
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    @Override
    public void epochEnd(Epoch e) {
        if (live) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        err.println(line(e, (System.nanoTime() - start) / 1e9));
        err.flush();
    }

    static String line(Epoch e, double totalSeconds) {
        String val = e.validation() == null ? "" : String.format(Locale.ROOT, "  test loss %.4f  test acc %.4f",
                e.validation().loss(), e.validation().accuracy());
        return String.format(Locale.ROOT, "epoch %d/%d  %d samples in %.1f s (%.0f samples/s)  loss %.4f  acc %.4f%s"
                + "  [%s elapsed]", e.epoch(), e.epochs(), e.samples(), e.seconds(), e.samples() / Math.max(e.seconds(), 1e-9),
                e.loss(), e.accuracy(), val, duration(totalSeconds));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
