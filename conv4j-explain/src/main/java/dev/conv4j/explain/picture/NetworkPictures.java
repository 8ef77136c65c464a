package dev.conv4j.explain.picture;

import dev.conv4j.draw.Attributes;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.draw.Rgb;
import dev.conv4j.draw.Style;
import dev.conv4j.explain.network.NetworkView;
import dev.conv4j.explain.network.NetworkView.LayerOutput;
import dev.conv4j.explain.network.NetworkView.Window;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A network's computation drawn: one row per layer (its name, output shape and formulas, then up
 * to {@link #MAX_MAPS} of its feature maps: 2D maps as images, 1D channels as line plots, 3D maps
 * by their middle depth slice, flat vectors as a strip), then the class probabilities; and one
 * convolution output taken apart ({@link #window}): the input window, the learned weights on a
 * diverging scale, the products and their sum.
 */
public final class NetworkPictures {
    public static final int MAX_MAPS = 8;
    private static final double MAP_SIDE = 64;
    private static final double TEXT_WIDTH = 300;
    /** Blue for negative, white for 0, orange for positive: told apart with any colour vision. */
    private static final Rgb NEGATIVE = Rgb.hex("#2166ac");
    private static final Rgb POSITIVE = Rgb.hex("#e66101");

    private NetworkPictures() {
    }

    public static Drawing network(NetworkView view, String title) {
        Drawing.Builder b = Drawing.builder(title.isEmpty() ? "network " + view.model().name() : title);
        Pen pen = new Pen(b);
        double y = 20;
        pen.bold(12, y, title.isEmpty() ? "model " + view.model().name() + ": what each layer computes" : title,
                Pen.HEADING);
        y += 14;
        y = row(b, pen, y, "input", "sample " + view.sample().shape(), List.of(), view.sample());
        for (LayerOutput o : view.outputs()) {
            y = row(b, pen, y, o.index() + " " + o.layer().name() + " (" + o.layer().className() + ")",
                    "-> " + o.output().shape(), o.formulas(view.inputOf(o.index()).shape()), o.output());
        }
        y += 10;
        NetworkView.Prediction p = view.prediction();
        pen.bold(12, y, "prediction: " + p.predictedName() + String.format(Locale.ROOT, " (%.1f %%)",
                100 * p.probabilities()[p.predicted()]), Pen.HEADING);
        y += 10;
        for (int c = 0; c < p.probabilities().length; c++) {
            y += 18;
            pen.text(12, y, p.classes().get(c), Pen.BODY, Palette.INK);
            double width = 300 * p.probabilities()[c];
            Rgb colour = c == p.predicted() ? POSITIVE : Palette.TENSOR;
            pen.rect(140, y - 11, Math.max(1, width), 13, Style.of(colour, colour, 0.5),
                    Attributes.of("class", "probability", "data-class", Integer.toString(c)));
            pen.text(146 + width, y, String.format(Locale.ROOT, "%.2f %%", 100 * p.probabilities()[c]), Pen.SMALL,
                    Palette.MUTED);
        }
        return b.build();
    }

    /** One layer: words on the left, its maps on the right; returns the y below it. */
    private static double row(Drawing.Builder b, Pen pen, double y, String name, String shape, List<String> formulas,
                              Tensor t) {
        double top = y + 14;
        pen.bold(12, top + 12, name, Pen.BODY);
        pen.text(12, top + 28, shape, Pen.SMALL + 1, Palette.INK);
        double textBottom = top + 28;
        for (String f : formulas) {
            textBottom += 14;
            pen.text(12, textBottom, f.length() > 52 ? f.substring(0, 51) + "..." : f, Pen.SMALL, Palette.MUTED);
        }
        double mapsBottom = maps(b, pen, TEXT_WIDTH, top, t, name);
        return Math.max(textBottom, mapsBottom) + 8;
    }

    private static double maps(Drawing.Builder b, Pen pen, double x0, double top, Tensor t, String layer) {
        int[] d = t.shape().dims();
        int rank = d.length - 2;
        if (rank < 1) {
            // a flat vector [1, N]: one strip
            int n = Math.min(d[d.length - 1], 256);
            float[] v = java.util.Arrays.copyOf(t.data(), n);
            b.add(new Mark.Pixels(x0, top, Math.min(512, n * 4.0), 14, n, 1, Mark.Pixels.stretchedGrey(v), Attributes.NONE));
            pen.text(x0, top + 26, d[d.length - 1] + " values" + (n < d[d.length - 1] ? " (first " + n + ")" : ""),
                    Pen.SMALL, Palette.MUTED);
            return top + 30;
        }
        int channels = d[d.length - 1];
        int shown = Math.min(channels, MAX_MAPS);
        double x = x0;
        for (int c = 0; c < shown; c++) {
            if (rank == 1) {
                plot(pen, x, top, t, c);
            } else {
                NetworkView.Map2d map = NetworkView.Map2d.of(t, c);
                double scale = MAP_SIDE / Math.max(map.height(), map.width());
                b.add(new Mark.Pixels(x, top, map.width() * scale, map.height() * scale, map.width(), map.height(),
                        Mark.Pixels.stretchedGrey(map.values()),
                        Attributes.of("class", "map", "data-layer", layer, "data-channel", Integer.toString(c))));
            }
            pen.text(x, top + MAP_SIDE + 12, "ch " + c, Pen.SMALL, Palette.MUTED);
            x += MAP_SIDE + 10;
        }
        if (channels > shown) {
            pen.text(x, top + MAP_SIDE / 2, "+ " + (channels - shown) + " more", Pen.SMALL, Palette.MUTED);
        }
        if (rank == 3) {
            pen.text(x0, top + MAP_SIDE + 24, "middle depth slice (" + d[1] / 2 + " of " + d[1] + ")", Pen.SMALL,
                    Palette.MUTED);
            return top + MAP_SIDE + 28;
        }
        return top + MAP_SIDE + 16;
    }

    private static void plot(Pen pen, double x, double top, Tensor t, int channel) {
        int[] d = t.shape().dims();
        int n = d[1];
        int channels = d[2];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = t.data()[i * channels + channel];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float span = max > min ? max - min : 1;
        pen.rect(x, top, MAP_SIDE, MAP_SIDE, Style.of(Rgb.hex("#ffffff"), Palette.GRID, 0.5), Attributes.NONE);
        for (int i = 1; i < n; i++) {
            double x1 = x + MAP_SIDE * (i - 1) / Math.max(1, n - 1);
            double x2 = x + MAP_SIDE * i / Math.max(1, n - 1);
            double y1 = top + MAP_SIDE - MAP_SIDE * (t.data()[(i - 1) * channels + channel] - min) / span;
            double y2 = top + MAP_SIDE - MAP_SIDE * (t.data()[i * channels + channel] - min) / span;
            pen.line(x1, y1, x2, y2, NEGATIVE, 1);
        }
    }

    /** {@code v} on the diverging scale: blue below 0, white at 0, orange above, full at {@code +-extent}. */
    static Rgb diverging(float v, float extent) {
        double f = extent > 0 ? Math.min(1, Math.abs(v) / extent) : 0;
        Rgb end = v < 0 ? NEGATIVE : POSITIVE;
        return end.lighter(1 - f);
    }

    /**
     * One convolution output taken apart: per input channel of the window (up to {@link #MAX_MAPS})
     * the input values and the weights (diverging colours), then the sum beside conv4j's value.
     */
    public static Drawing window(NetworkView view, Window w) {
        String layer = view.outputs().get(w.layer()).layer().name();
        Drawing.Builder b = Drawing.builder(layer + " filter " + w.channel());
        Pen pen = new Pen(b);
        int[] dims = w.inputs().shape().dims();
        int r = dims.length - 1;
        int channels = dims[r];
        int rows = r >= 2 ? dims[r - 2] : 1;
        // a 3D window: its depth slices one under the other
        int depths = r == 3 ? dims[0] : 1;
        int cols = dims[r - 1];
        int taps = w.onPadding().length;
        double cell = 30;
        double y = 20;
        pen.bold(12, y, layer + ", filter " + w.channel() + ", output "
                + java.util.Arrays.toString(w.position()).replace(" ", "") + ": input window x learned weights", Pen.HEADING);
        y += 22;
        float extent = 0;
        for (float v : w.weights().data()) {
            extent = Math.max(extent, Math.abs(v));
        }
        int shownChannels = Math.min(channels, MAX_MAPS);
        List<String> notes = new ArrayList<>();
        for (int c = 0; c < shownChannels; c++) {
            double x = 12 + c * (2 * cols * cell + 40);
            pen.text(x, y + 10, "input channel " + c + " / weights", Pen.SMALL, Palette.MUTED);
            for (int t = 0; t < taps; t++) {
                int row = t / cols % rows + t / (cols * rows) * (rows + 1);
                int col = t % cols;
                float in = w.inputs().data()[t * channels + c];
                float weight = w.weights().data()[t * channels + c];
                double cy = y + 16 + row * cell;
                Style input = w.onPadding()[t] ? Style.of(Palette.PAD, Palette.PAD_EDGE, 1).withDash()
                        : Style.of(Palette.INPUT, Palette.INPUT_EDGE, 1);
                pen.rect(x + col * cell, cy, cell, cell, input, Attributes.cssClass("window-input"));
                pen.centred(x + col * cell + cell / 2, cy + cell / 2 + 4, short3(in), Pen.SMALL - 1, Palette.INK,
                        Attributes.NONE);
                double wx = x + cols * cell + 8;
                Rgb colour = diverging(weight, extent);
                pen.rect(wx + col * cell, cy, cell, cell, Style.of(colour, Palette.GRID, 1),
                        Attributes.cssClass("weight"));
                boolean dark = extent > 0 && Math.abs(weight) > 0.6 * extent;
                pen.centred(wx + col * cell + cell / 2, cy + cell / 2 + 4, short3(weight), Pen.SMALL - 1,
                        dark ? Rgb.hex("#ffffff") : Palette.INK, Attributes.NONE);
            }
        }
        if (channels > shownChannels) {
            notes.add("(" + (channels - shownChannels) + " more input channels are in the sum)");
        }
        y += 16 + (depths * (rows + 1) - 1) * cell + 22;
        pen.swatch(12, y - 10, Style.of(NEGATIVE, NEGATIVE, 1), "negative weight");
        pen.swatch(140, y - 10, Style.of(POSITIVE, POSITIVE, 1), "positive weight");
        pen.swatch(268, y - 10, Style.of(Palette.PAD, Palette.PAD_EDGE, 1).withDash(), "padding (0)");
        y += 20;
        for (String line : NetworkView.text(w, layer).split("\n")) {
            pen.text(12, y, line, Pen.SMALL + 1, Palette.INK);
            y += 15;
        }
        for (String note : notes) {
            pen.text(12, y, note, Pen.SMALL, Palette.MUTED);
            y += 15;
        }
        return b.build();
    }

    private static String short3(float v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
