package dev.conv4j.cli.filter;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.cli.Words;
import dev.conv4j.filters.FilterKernel;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.SignalFilter;
import dev.conv4j.io.Npy;
import dev.conv4j.io.signal.Csv;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.io.signal.Wav;
import dev.conv4j.io.signal.WavAudio;
import dev.conv4j.io.signal.WavEncoding;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conv4j filter signal IN --kernel ... --output OUT.(csv|wav)} and a plot. */
@Command(name = "signal",
        description = "Filter a signal (CSV columns, WAV channels, or a .npy [n] / [n, channels]) with 1D kernels: "
            + "box:K, gaussian:SIGMA, the smoothers of the worked examples uniform[:K], centre-weighted[:K], edge-weighted[:K] "
            + "(K odd, default 9; all sum to 1), identity, or a .npy/text file. A CSV output holds every result "
            + "as column NAME:KERNEL (a time column is passed through); a WAV output is one file per kernel. A "
            + "PNG plot of the input and every output is written beside the output (or to --plot).")
public final class FilterSignalCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "IN", description = "A .csv, .wav or .npy signal.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write (.csv or .wav).")
    Path output;

    @Mixin
    CommonFilterOptions common;

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "Samples per second (for .npy and CSVs without a time column).")
    Double sampleRate;

    @Option(names = "--plot", paramLabel = "PLOT.png", description = "Where to draw the plot, .png or .svg (default: OUT with .png).")
    Path plot;

    @Option(names = "--no-plot", description = "Draw no plot.")
    boolean noPlot;

    @Option(names = "--plot-range", paramLabel = "FROM:TO",
            description = "The stretch to plot, in seconds when the sample rate is known, else in samples (default: all).")
    String plotRange;

    @Option(names = "--y-label", defaultValue = "value", paramLabel = "TEXT", description = "The plot's y axis label.")
    String yLabel;

    @Option(names = "--wav-encoding", paramLabel = "ENC",
            description = "WAV sample format: pcm_u8, pcm_16, pcm_24, pcm_32, float_32, float_64 (default: the input's, or float_32).")
    String wavEncoding;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        List<FilterKernel> kernels = Kernels.parseAll(common.kernels, 1);
        String ext = CliFiles.extension(output);
        List<Path> outputs = new ArrayList<>(ext.equals(".wav")
                ? kernels.stream().map(k -> OutputNames.forKernel(output, k.name(), kernels.size() > 1)).toList()
                : List.of(output));
        common.checkFiles(input, outputs, List.of(".csv", ".wav"));
        if (!noPlot) {
            CliFiles.checkOutput(plotFile(), "--plot", FilterPictures.EXTENSIONS, List.of(input));
        }
        WavEncoding requested = wavEncoding == null ? null : encoding(wavEncoding);
        double[] fromTo = plotRange();
        WavEncoding inputEncoding = null;
        Signal signal;
        String inExt = CliFiles.extension(input);
        switch (inExt) {
            case ".wav" -> {
                WavAudio audio = Wav.read(input);
                signal = audio.signal();
                inputEncoding = audio.encoding();
            }
            case ".npy" -> signal = fromNpy(Npy.read(input));
            default -> signal = Csv.read(input);
        }
        if (sampleRate != null) {
            signal = new Signal(signal.channelNames(), signal.length(), signal.samples(), sampleRate, signal.time(), signal.timeName());
        }
        int[] range = range(signal, fromTo);
        long start = System.nanoTime();
        List<float[]> outs = SignalFilter.filter(signal, kernels, common.options());
        double ms = (System.nanoTime() - start) / 1e6;
        out.printf(Locale.ROOT, "%s: %d samples x %s%s; %s in %.1f ms (depthwise conv [1,%d,%d] -> %s, boundary %s)%n",
                input, signal.length(), Words.count(signal.channels(), "channel"),
                Double.isNaN(signal.sampleRate()) ? "" : String.format(Locale.ROOT, " at %.6g Hz", signal.sampleRate()),
                Words.count(kernels.size(), "kernel"), ms, signal.length(), signal.channels(),
                Words.count((long) signal.channels() * kernels.size(), "map"),
                common.options().boundary().code());
        if (ext.equals(".csv")) {
            Csv.write(output, SignalFilter.combine(signal, kernels, outs));
            out.println("  " + Words.count((long) kernels.size() * signal.channels(), "column") + " -> " + output);
        } else {
            WavEncoding enc = requested != null ? requested : inputEncoding != null ? inputEncoding : WavEncoding.FLOAT_32;
            for (int j = 0; j < kernels.size(); j++) {
                Path target = OutputNames.forKernel(output, kernels.get(j).name(), kernels.size() > 1);
                long clipped = Wav.write(target, signal.withChannels(signal.channelNames(), outs.get(j)), enc);
                out.println("  " + kernels.get(j).name() + " -> " + target + " (" + enc.name().toLowerCase(Locale.ROOT)
                        + (clipped > 0 ? ", " + clipped + " samples clipped to the format's range" : "") + ")");
            }
        }
        if (!noPlot) {
            Path target = plotFile();
            String title = input.getFileName() + ": input and " + kernels.size() + " filtered";
            FilterPictures.write(target, SignalFilter.plot(signal, kernels, outs, range[0], range[1], title, yLabel));
            out.println("  plot of samples " + range[0] + ".." + range[1] + " -> " + target);
        }
        out.flush();
        return 0;
    }

    private static WavEncoding encoding(String name) {
        try {
            return WavEncoding.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--wav-encoding " + name + ": expected one of " + String.join(", ",
                    java.util.Arrays.stream(WavEncoding.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()));
        }
    }

    private Path plotFile() {
        return plot != null ? plot : OutputNames.withSuffix(output, "", ".png");
    }

    private Signal fromNpy(Tensor t) {
        int[] d = t.shape().dims();
        int channels = d.length == 2 ? d[1] : 1;
        if (d.length > 2 || d.length == 0) {
            throw new IllegalArgumentException("IN " + input + ": shape " + t.shape() + " is not a signal [n] or [n, channels]");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add(channels == 1 ? "signal" : "ch" + c);
        }
        return Signal.of(names, t.data(), sampleRate == null ? Double.NaN : sampleRate);
    }

    /** {@code --plot-range FROM:TO} as two numbers, or null for all; checked before any work. */
    private double[] plotRange() {
        if (plotRange == null) {
            return null;
        }
        String[] parts = plotRange.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--plot-range '" + plotRange + "' must be FROM:TO");
        }
        try {
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--plot-range '" + plotRange + "': FROM and TO must be numbers");
        }
    }

    private int[] range(Signal s, double[] fromTo) {
        if (fromTo == null) {
            return new int[] {0, s.length()};
        }
        double scale = Double.isNaN(s.sampleRate()) ? 1 : s.sampleRate();
        int from = (int) Math.max(0, Math.round(fromTo[0] * scale));
        int to = (int) Math.min(s.length(), Math.round(fromTo[1] * scale));
        if (to - from < 2) {
            throw new IllegalArgumentException("--plot-range '" + plotRange + "' holds fewer than 2 of the "
                    + s.length() + " samples");
        }
        return new int[] {from, to};
    }
}
