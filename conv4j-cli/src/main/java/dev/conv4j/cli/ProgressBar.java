package dev.conv4j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line of progress on a terminal, redrawn in place with a carriage return at most ten times
 * a second: {@code filtering  [######..................]  25%  125.0 MB/s  ETA 0:06}. Every long
 * job of the command line (out-of-core filtering, training) draws its progress with it.
 */
public final class ProgressBar {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private long lastDraw;
    private int lastLength;

    public ProgressBar(PrintWriter out) {
        this.out = out;
    }

    /**
     * True when stderr is a terminal: {@code System.console()} is null, or not a terminal, when a
     * stream is redirected, and then a line redrawn in place would only fill a log with copies.
     */
    public static boolean terminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /**
     * {@code label  [####....]  NN%  details  ETA m:ss} for a job {@code fraction} done with
     * {@code secondsLeft} to go ({@code ?} when that is not known yet).
     */
    public static String line(String label, double fraction, String details, double secondsLeft) {
        double f = Math.clamp(fraction, 0, 1);
        int filled = (int) Math.round(f * WIDTH);
        String eta = Double.isFinite(secondsLeft) && secondsLeft >= 0 ? clock(secondsLeft) : "?";
        return String.format(Locale.ROOT, "%s  [%s%s] %3d%%  %s  ETA %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(f * 100), details, eta);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /**
     * Shows {@code line} in place of the previous one, unless that was drawn less than 0.1 s ago
     * and {@code force} is false (a job's last state is forced so the line ends complete).
     */
    public void draw(String line, boolean force) {
        long now = System.nanoTime();
        if (!force && lastLength > 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = Math.max(1, line.length());
    }

    /** Whether a line is on screen. */
    public boolean drawn() {
        return lastLength > 0;
    }

    /** Ends the drawn line where it is, so that what follows starts on a new one. */
    public void keep() {
        if (drawn()) {
            out.println();
            out.flush();
            lastLength = 0;
        }
    }

    /** Blanks the drawn line and returns to its start, for text that replaces it. */
    public void clear() {
        if (drawn()) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
    }
}
