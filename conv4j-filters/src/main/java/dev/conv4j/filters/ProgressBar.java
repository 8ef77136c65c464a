package dev.conv4j.filters;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with throughput and ETA, redrawn in place with a carriage return:
 * {@code filtering  [##########..........]  48%  412.3 MB/s  ETA 0:07}. It stays silent for
 * the first second, so short jobs print nothing, and redraws at most ten times a second.
 */
public final class ProgressBar implements Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private String what;
    private long total;
    private String unit;
    private long startNanos;
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    /**
     * A bar on stderr when stderr is a terminal and {@code quiet} is false; otherwise
     * {@link Progress#NONE}. ({@code System.console()} is null, or not a terminal, when a stream
     * is redirected.)
     */
    public static Progress forStderr(boolean quiet) {
        java.io.Console console = System.console();
        if (quiet || console == null || !console.isTerminal()) {
            return Progress.NONE;
        }
        return new ProgressBar(System.err);
    }

    @Override
    public void start(String what, long total, String unit) {
        this.what = what;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
        this.drawn = false;
    }

    @Override
    public void advance(long done) {
        long now = System.nanoTime();
        if (now - startNanos < QUIET_NANOS || (drawn && now - lastDraw < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print("\r" + line(done, (now - startNanos) / 1e9) + "  ");
        out.flush();
    }

    /** The bar for {@code done} units after {@code seconds}. */
    String line(long done, double seconds) {
        double fraction = Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? clock((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s  [%s%s] %3d%%  %s  ETA %s", what, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), throughput(rate), eta);
    }

    private String throughput(double perSecond) {
        if (unit.equals("B")) {
            return String.format(Locale.ROOT, "%.1f MB/s", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.3g %s/s", perSecond, unit);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void finish() {
        if (drawn) {
            out.print("\r" + line(total, (System.nanoTime() - startNanos) / 1e9) + "\n");
            out.flush();
        }
        drawn = false;
    }
}
