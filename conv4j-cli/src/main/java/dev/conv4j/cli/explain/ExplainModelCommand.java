package dev.conv4j.cli.explain;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.draw.Drawing;
import dev.conv4j.explain.network.NetworkView;
import dev.conv4j.explain.network.Samples;
import dev.conv4j.explain.picture.ConvPictures;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Npy;
import dev.conv4j.nn.layer.ConvLayer;
import dev.conv4j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain-model --model DIR --input FILE --output DIR}: what a saved model computes on one
 * sample, layer by layer, and one convolution output taken apart into products and their sum.
 */
@Command(name = "explain-model",
        description = "Show what a model saved by 'conv4j train --output DIR' computes on one input: every layer's"
                + " output shape, formulas and feature maps (network.txt/.svg/.png), the predicted class and"
                + " probabilities, and one convolution output as its input window x the learned weights, the"
                + " products and their sum (window.txt/.svg/.png).")
public final class ExplainModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (train --output).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "One sample: a PNG/JPEG (resized to the model's input, grey or RGB, scaled to [0,1]) or an"
                    + " .npy of the model's input shape (with or without a batch axis of 1).")
    Path input;

    @Option(names = "--invert", description = "Invert an image (1 - value): Fashion-MNIST's garments are light on"
            + " black, a photo's usually dark on light.")
    boolean invert;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write into (created).")
    Path out;

    @Option(names = "--layer", paramLabel = "N", description = "The convolution layer to take apart (default: the first).")
    Integer layer;

    @Option(names = "--channel", paramLabel = "C", defaultValue = "0", description = "Its output channel (default 0).")
    int channel;

    @Option(names = "--at", split = ",", paramLabel = "I", description = "The output position, one coordinate per"
            + " spatial axis (default: the middle).")
    int[] at;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(model)) {
            throw new NoSuchFileException(model.toString(), null, "no such model directory");
        }
        CliFiles.checkInput(input, "--input");
        CliFiles.checkOutputDirectory(out, "--output", List.of(model, input));
        NetworkView.Saved saved = NetworkView.load(model);
        NetworkView view = NetworkView.run(saved.model(), sample(saved), saved.classes());
        int conv = layer != null ? layer : view.outputs().stream().filter(NetworkView.LayerOutput::convolution)
                .mapToInt(NetworkView.LayerOutput::index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + saved.model().name() + " has no convolution"));
        if (conv < 0 || conv >= view.outputs().size() || !view.outputs().get(conv).convolution()) {
            throw new IllegalArgumentException("--layer " + conv + " is not a convolution layer; they are "
                    + view.outputs().stream().filter(NetworkView.LayerOutput::convolution)
                    .map(o -> o.index() + " " + o.layer().name()).toList());
        }
        int[] position = at != null ? at : middle((ConvLayer) view.outputs().get(conv).layer());
        NetworkView.Window window = view.window(conv, channel, position);
        Files.createDirectories(out);
        PrintWriter log = command.commandLine().getOut();
        String text = view.text();
        String windowText = NetworkView.text(window, view.outputs().get(conv).layer().name());
        Drawing network = dev.conv4j.explain.picture.NetworkPictures.network(view, "");
        Drawing windowPicture = dev.conv4j.explain.picture.NetworkPictures.window(view, window);
        write(log, "network.txt", text.getBytes(StandardCharsets.UTF_8));
        write(log, "network.svg", ConvPictures.svg(network).getBytes(StandardCharsets.UTF_8));
        write(log, "network.png", ConvPictures.png(network));
        write(log, "window.txt", windowText.getBytes(StandardCharsets.UTF_8));
        write(log, "window.svg", ConvPictures.svg(windowPicture).getBytes(StandardCharsets.UTF_8));
        write(log, "window.png", ConvPictures.png(windowPicture));
        log.print(text);
        log.print(windowText);
        return 0;
    }

    private Tensor sample(NetworkView.Saved saved) throws IOException {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Npy.read(input);
        }
        BufferedImage image = ImageIO.read(input.toFile());
        if (image == null) {
            throw new IllegalArgumentException("--input " + input + ": not an image conv4j can read (PNG or JPEG) nor"
                    + " an .npy file");
        }
        return Samples.fromImage(image, saved.model().inputShape(), invert);
    }

    private static int[] middle(ConvLayer layer) {
        int[] out = layer.geometry().outputSizes();
        return Arrays.stream(out).map(n -> n / 2).toArray();
    }

    private void write(PrintWriter log, String name, byte[] bytes) throws IOException {
        AtomicFiles.write(out.resolve(name), stream -> stream.write(bytes));
        log.println("wrote " + out.resolve(name) + " (" + bytes.length + " bytes)");
    }
}
