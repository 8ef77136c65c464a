package dev.conv4j.filters;

import dev.conv4j.draw.Drawing;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters every channel of a signal with 1D kernels (one depthwise convolution per kernel
 * size, see {@link Filtering}), and plots the input with every output.
 */
public final class SignalFilter {
    private SignalFilter() {
    }

    /** One result per kernel, each {@code [length, channels]} like the input. */
    public static List<float[]> filter(Signal signal, List<FilterKernel> kernels, Filtering.Options options) {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : Filtering.apply(signal.tensor(), kernels, options)) {
            out.add(t.data());
        }
        return out;
    }

    /** The outputs as one signal: channel {@code name:kernel} for every input channel and kernel. */
    public static Signal combine(Signal input, List<FilterKernel> kernels, List<float[]> outputs) {
        int c = input.channels();
        int k = kernels.size();
        List<String> names = new ArrayList<>();
        for (String ch : input.channelNames()) {
            for (FilterKernel kernel : kernels) {
                names.add(ch + ":" + kernel.name());
            }
        }
        float[] samples = new float[input.length() * c * k];
        for (int t = 0; t < input.length(); t++) {
            for (int ch = 0; ch < c; ch++) {
                for (int j = 0; j < k; j++) {
                    samples[(t * c + ch) * k + j] = outputs.get(j)[t * c + ch];
                }
            }
        }
        return input.withChannels(names, samples);
    }

    /**
     * The input and every output of samples {@code [from, to)}, one panel per input channel (at
     * most four), time in seconds when the rate is known.
     */
    public static Drawing plot(Signal input, List<FilterKernel> kernels, List<float[]> outputs, int from, int to,
                                     String title, String yLabel) {
        int n = to - from;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = input.timeOf(from + t);
        }
        String xLabel = input.time() != null ? input.timeName()
                : Double.isNaN(input.sampleRate()) ? "sample" : "time (s)";
        List<LinePlot.Panel> panels = new ArrayList<>();
        int channels = Math.min(4, input.channels());
        for (int ch = 0; ch < channels; ch++) {
            List<LinePlot.Series> series = new ArrayList<>();
            series.add(new LinePlot.Series("input " + input.channelNames().get(ch), slice(input.samples(), input.channels(), ch, from, to)));
            for (int j = 0; j < kernels.size(); j++) {
                series.add(new LinePlot.Series(kernels.get(j).name(), slice(outputs.get(j), input.channels(), ch, from, to)));
            }
            String panelTitle = input.channels() == 1 ? title : title + ": " + input.channelNames().get(ch);
            panels.add(new LinePlot.Panel(panelTitle, xLabel, yLabel, x, series));
        }
        return LinePlot.draw(panels, 1200, 420);
    }

    private static float[] slice(float[] samples, int channels, int ch, int from, int to) {
        float[] out = new float[to - from];
        for (int t = from; t < to; t++) {
            out[t - from] = samples[t * channels + ch];
        }
        return out;
    }
}
