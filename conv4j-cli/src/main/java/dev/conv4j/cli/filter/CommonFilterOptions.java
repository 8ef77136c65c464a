package dev.conv4j.cli.filter;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.cli.ThreadsOption;
import dev.conv4j.filters.Filtering;
import dev.conv4j.spec.Boundary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every {@code filter} subcommand takes. */
public final class CommonFilterOptions {
    @Option(names = {"-k", "--kernel"}, required = true, split = ",", paramLabel = "NAME",
            description = "Kernels, comma-separated or repeated; a name (see the list above) or a .npy/text file.")
    List<String> kernels = new ArrayList<>();

    @Option(names = "--boundary", paramLabel = "MODE", defaultValue = "reflect",
            description = "What the kernel sees past the edge: reflect (default; OpenCV's BORDER_DEFAULT = "
            + "BORDER_REFLECT_101, scipy's 'mirror': c b|a b c d|c b), symmetric (scipy's default 'reflect', "
            + "OpenCV's BORDER_REFLECT: b a|a b c d|d c), replicate (edge, 'nearest'), circular ('wrap'), zero.")
    String boundary;

    @Option(names = "--flip", description = "Flip the kernel: true convolution (as scipy.ndimage.convolve);"
            + " the default is correlation, as scipy.ndimage.correlate, OpenCV's filter2D and TensorFlow.")
    boolean flip;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    Filtering.Options options() {
        return new Filtering.Options(Boundary.parse(boundary), flip, threads.planner());
    }

    /**
     * Checks, before any work, that {@code input} can be read and that every file the run will
     * write has a name of {@code extensions} (none: any), a directory to go in, and is neither
     * the input nor a kernel file.
     */
    void checkFiles(Path input, List<Path> outputs, List<String> extensions) throws IOException {
        for (Path output : outputs) {
            CliFiles.checkExtension(output, "--output", extensions);
        }
        CliFiles.checkInput(input, "IN");
        List<Path> inputs = new ArrayList<>();
        inputs.add(input);
        for (String kernel : kernels) {
            Path file = Path.of(kernel);
            if (Files.isRegularFile(file)) {
                inputs.add(file);
            }
        }
        for (Path output : outputs) {
            CliFiles.checkOutput(output, "--output", extensions, inputs);
        }
    }
}
