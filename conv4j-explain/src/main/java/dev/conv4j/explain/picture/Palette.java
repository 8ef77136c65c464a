package dev.conv4j.explain.picture;

import dev.conv4j.draw.Rgb;

/** The colours of every conv4j picture, so that input, padding, kernel and output read the same everywhere. */
final class Palette {
    static final Rgb INK = Rgb.hex("#222222");
    static final Rgb MUTED = Rgb.hex("#666666");
    static final Rgb GRID = Rgb.hex("#9aa5b1");

    static final Rgb INPUT = Rgb.hex("#e8f0fa");
    static final Rgb INPUT_EDGE = Rgb.hex("#8aa6c8");
    static final Rgb UNREAD = Rgb.hex("#f6f6f6");
    static final Rgb PAD = Rgb.hex("#e3e3e3");
    static final Rgb PAD_EDGE = Rgb.hex("#a8a8a8");
    /** The pad without a partner on the other side: SAME's odd one after, or CAUSAL's before. */
    static final Rgb PAD_EXTRA = Rgb.hex("#fbd9b0");
    static final Rgb PAD_EXTRA_EDGE = Rgb.hex("#d9822b");

    static final Rgb OUTPUT = Rgb.hex("#eaf5ea");
    static final Rgb OUTPUT_EDGE = Rgb.hex("#8cbf8c");
    static final Rgb OUTPUT_DONE = Rgb.hex("#bfe0bf");

    static final Rgb TENSOR = Rgb.hex("#9aa6b5");

    /**
     * Windows, filters and groups, in order: Okabe and Ito's palette, whose colours stay apart for
     * the common kinds of colour blindness (blue, orange, bluish green, vermillion, reddish purple,
     * sky blue, yellow, grey).
     */
    private static final Rgb[] SERIES = {
        Rgb.hex("#0072b2"), Rgb.hex("#e69f00"), Rgb.hex("#009e73"), Rgb.hex("#d55e00"),
        Rgb.hex("#cc79a7"), Rgb.hex("#56b4e9"), Rgb.hex("#f0e442"), Rgb.hex("#7f7f7f"),
    };
    static final Rgb ELIDED = Rgb.hex("#b0b0b0");
    /** The windows the still grid marks: the first output position's and the last's (not orange: that is padding). */
    static final Rgb FIRST_WINDOW = series(0);
    static final Rgb LAST_WINDOW = series(4);

    private Palette() {
    }

    /** The colour of filter (and output map) {@code i}, or of highlighted window {@code i}. */
    static Rgb series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }
}
