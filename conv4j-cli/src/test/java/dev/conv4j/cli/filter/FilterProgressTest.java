package dev.conv4j.cli.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.filters.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FilterProgressTest {
    @Test
    void showsRateAndEtaAndStaysQuietWhenShort() {
        StringWriter text = new StringWriter();
        FilterProgress bar = new FilterProgress(new PrintWriter(text, true));
        bar.start("filtering", 1_000_000_000L, "B");
        String line = bar.line(250_000_000L, 2.0);
        assertTrue(line.contains("[######..................]  25%"), line);
        assertTrue(line.contains("125.0 MB/s"), line);
        assertTrue(line.contains("ETA 0:06"), line);
        bar.advance(10);
        bar.finish();
        assertEquals("", text.toString(), "nothing within the first second");
        assertEquals(Progress.NONE, FilterProgress.forStderr(true, new PrintWriter(text)), "--quiet");
    }

    @Test
    void countsOtherUnitsAndHasNoEtaBeforeAnyProgress() {
        FilterProgress bar = new FilterProgress(new PrintWriter(new StringWriter()));
        bar.start("signal", 4000, "samples");
        String line = bar.line(0, 0);
        assertTrue(line.contains("[........................]   0%"), line);
        assertTrue(line.contains("0.00 samples/s  ETA ?"), line);
    }
}
