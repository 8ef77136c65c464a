package dev.conv4j.io.signal;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A sampled signal of one or more channels, channels-last: {@code samples[t * channels + c]}.
 *
 * @param channelNames one name per channel (CSV headers, or {@code ch0, ch1...})
 * @param length samples per channel
 * @param samples {@code [length, channels]}, C order
 * @param sampleRate samples per second, or NaN when unknown
 * @param time the CSV's time column, passed through to outputs, or null
 * @param timeName the time column's header, or null
 */
public record Signal(List<String> channelNames, int length, float[] samples, double sampleRate, double[] time,
                     String timeName) {
    public Signal {
        channelNames = List.copyOf(channelNames);
        Objects.requireNonNull(samples, "samples");
        if (channelNames.isEmpty()) {
            throw new IllegalArgumentException("a signal has at least one channel");
        }
        if (samples.length != (long) length * channelNames.size()) {
            throw new IllegalArgumentException("samples of length " + samples.length + " do not fill "
                    + length + " x " + channelNames.size() + " channels");
        }
        if (time != null && time.length != length) {
            throw new IllegalArgumentException("time column of " + time.length + " values for " + length + " samples");
        }
    }

    /** A signal without a time column. */
    public static Signal of(List<String> channelNames, float[] samples, double sampleRate) {
        return new Signal(channelNames, samples.length / Math.max(1, channelNames.size()), samples, sampleRate, null, null);
    }

    public int channels() {
        return channelNames.size();
    }

    /** {@code [1, length, channels]} (NWC), sharing the array. */
    public Tensor tensor() {
        return Tensor.wrap(Shape.of(1, length, channels()), samples);
    }

    /** One channel's samples, copied. */
    public float[] channel(int c) {
        float[] out = new float[length];
        for (int t = 0; t < length; t++) {
            out[t] = samples[t * channels() + c];
        }
        return out;
    }

    /** The time of sample {@code t}: the time column, else {@code t / sampleRate}, else {@code t}. */
    public double timeOf(int t) {
        if (time != null) {
            return time[t];
        }
        return Double.isNaN(sampleRate) ? t : t / sampleRate;
    }

    /** The same timing (rate, time column) with other channels. */
    public Signal withChannels(List<String> names, float[] newSamples) {
        return new Signal(names, length, newSamples, sampleRate, time, timeName);
    }
}
