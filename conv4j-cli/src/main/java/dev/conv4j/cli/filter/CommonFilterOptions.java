package dev.conv4j.cli.filter;

import dev.conv4j.filters.Filtering;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--convolve", description = "True convolution (kernel flipped, as scipy.ndimage.convolve);"
            + " the default is correlation, as scipy.ndimage.correlate and OpenCV's filter2D.")
    boolean convolve;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    Filtering.Options options() {
        Planner planner = threads == null ? Planner.standard() : Planner.standard().threads(threads);
        return new Filtering.Options(Boundary.parse(boundary), convolve, planner);
    }
}
