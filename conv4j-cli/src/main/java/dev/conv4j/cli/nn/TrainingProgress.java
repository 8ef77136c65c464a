package dev.conv4j.cli.nn;

import dev.conv4j.cli.ProgressBar;
import dev.conv4j.nn.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr. On a terminal: a {@link ProgressBar} redrawn in place (samples/s,
 * loss, accuracy, ETA), kept as one line per epoch; otherwise (or with {@code --quiet}) just the
 * epoch lines.
 */
final class TrainingProgress implements TrainingListener {
    private final PrintWriter err;
    private final ProgressBar bar;
    private final boolean live;
    private final long start = System.nanoTime();

    TrainingProgress(PrintWriter err, boolean live) {
        this.err = err;
        this.bar = new ProgressBar(err);
        this.live = live;
    }

    @Override
    public void batchEnd(Progress p) {
        if (!live) {
            return;
        }
        double seconds = p.elapsedNanos() / 1e9;
        double rate = p.samplesDone() / Math.max(seconds, 1e-9);
        long remaining = (long) (p.samples() - p.samplesDone()) + (long) (p.epochs() - p.epoch()) * p.samples();
        String details = String.format(Locale.ROOT, "%d/%d  %.0f samples/s  loss %.4f  acc %.4f", p.samplesDone(),
                p.samples(), rate, p.loss(), p.accuracy());
        bar.draw(ProgressBar.line("epoch " + p.epoch() + "/" + p.epochs(), (double) p.samplesDone() / Math.max(1, p.samples()),
                details, remaining / Math.max(rate, 1e-9)), p.samplesDone() >= p.samples());
    }

    @Override
    public void epochEnd(Epoch e) {
        bar.clear();
        err.println(line(e, (System.nanoTime() - start) / 1e9));
        err.flush();
    }

    static String line(Epoch e, double totalSeconds) {
        String val = e.validation() == null ? "" : String.format(Locale.ROOT, "  test loss %.4f  test acc %.4f",
                e.validation().loss(), e.validation().accuracy());
        return String.format(Locale.ROOT, "epoch %d/%d  %d samples in %.1f s (%.0f samples/s)  loss %.4f  acc %.4f%s"
                + "  [%s elapsed]", e.epoch(), e.epochs(), e.samples(), e.seconds(), e.samples() / Math.max(e.seconds(), 1e-9),
                e.loss(), e.accuracy(), val, ProgressBar.clock(totalSeconds));
    }
}
