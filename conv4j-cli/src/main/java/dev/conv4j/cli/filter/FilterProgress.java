package dev.conv4j.cli.filter;

import dev.conv4j.cli.ProgressBar;
import dev.conv4j.filters.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A filtering job's progress as a {@link ProgressBar} with throughput and ETA. It stays silent
 * for the first second, so short jobs print nothing.
 */
final class FilterProgress implements Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final ProgressBar bar;
    private String what;
    private long total;
    private String unit;
    private long startNanos;

    FilterProgress(PrintWriter out) {
        this.bar = new ProgressBar(out);
    }

    /** A bar on {@code err} when stderr is a terminal and {@code quiet} is false; otherwise {@link Progress#NONE}. */
    static Progress forStderr(boolean quiet, PrintWriter err) {
        return quiet || !ProgressBar.terminal() ? Progress.NONE : new FilterProgress(err);
    }

    @Override
    public void start(String what, long total, String unit) {
        this.what = what;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.startNanos = System.nanoTime();
    }

    @Override
    public void advance(long done) {
        long now = System.nanoTime();
        if (now - startNanos >= QUIET_NANOS) {
            bar.draw(line(done, (now - startNanos) / 1e9), done >= total);
        }
    }

    /** The bar for {@code done} units after {@code seconds}. */
    String line(long done, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String throughput = unit.equals("B") ? String.format(Locale.ROOT, "%.1f MB/s", rate / 1e6)
                : String.format(Locale.ROOT, "%.3g %s/s", rate, unit);
        return ProgressBar.line(what, (double) done / total, throughput, rate > 0 ? (total - done) / rate : Double.NaN);
    }

    @Override
    public void finish() {
        if (bar.drawn()) {
            bar.draw(line(total, (System.nanoTime() - startNanos) / 1e9), true);
            bar.keep();
        }
    }
}
