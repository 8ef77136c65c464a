package dev.conv4j.cli.filter;

import dev.conv4j.cli.Words;
import dev.conv4j.filters.ContactSheet;
import dev.conv4j.filters.FilterKernel;
import dev.conv4j.filters.ImageFilter;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.ToneMap;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conv4j filter image IN --kernel ... --output OUT.png}. */
@Command(name = "image",
        description = "Filter a PNG or JPEG (grey or RGB(A), 8- or 16-bit): each colour channel with each kernel, alpha "
            + "untouched. Kernels: identity, box:K, gaussian:SIGMA (radius int(4*SIGMA+0.5), as scipy), "
            + "sobel-x, sobel-y, sobel (magnitude), edge (8 in the centre, -1 around), laplacian, sharpen, "
            + "emboss, or a .npy/text matrix file. One kernel writes OUT; several write OUT-NAME.png each, or "
            + "with --contact-sheet one OUT with a labelled tile per result. Pixels: --clamp (round, clip to "
            + "0..max; the default for kernels that keep brightness), --signed (0 -> mid-grey, +-(99.5th "
            + "percentile of |value|) -> white/black; the default for kernels summing to 0), --normalize (min -> 0, max -> white; the "
            + "default for sobel).")
public final class FilterImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "IN", description = "A PNG or JPEG image.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.png", description = "Where to write (.png, or .jpg).")
    Path output;

    @Mixin
    CommonFilterOptions common;

    static final class Tone {
        @Option(names = "--clamp", description = "Round and clip to 0..max.")
        boolean clamp;
        @Option(names = "--signed", description = "0 -> mid-grey, +-(99.5th percentile of |value|) -> white/black.")
        boolean signed;
        @Option(names = "--normalize", description = "Stretch min..max to 0..max.")
        boolean normalize;

        ToneMap choice() {
            return clamp ? ToneMap.CLAMP : signed ? ToneMap.SIGNED : normalize ? ToneMap.NORMALIZE : null;
        }
    }

    @ArgGroup(exclusive = true)
    Tone tone;

    @Option(names = "--contact-sheet", description = "One image (OUT.png or OUT.svg): the input and every result, labelled.")
    boolean contactSheet;

    @Option(names = "--tile-size", defaultValue = "320", paramLabel = "PX",
            description = "Contact sheet tiles are scaled down to fit this many pixels (default ${DEFAULT-VALUE}).")
    int tileSize;

    @Option(names = "--columns", defaultValue = "4", paramLabel = "N", description = "Contact sheet tiles per row (default ${DEFAULT-VALUE}).")
    int columns;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        List<FilterKernel> kernels = Kernels.parseAll(common.kernels, 2);
        if (contactSheet) {
            common.checkFiles(input, List.of(output), FilterPictures.EXTENSIONS);
        } else {
            common.checkFiles(input, kernels.stream().map(k -> OutputNames.forKernel(output, k.name(), kernels.size() > 1))
                    .toList(), List.of(".png", ".jpg", ".jpeg"));
        }
        if (tileSize < 16 || columns < 1) {
            throw new IllegalArgumentException("--tile-size must be >= 16 and --columns >= 1");
        }
        ImageData image = Images.read(input);
        long start = System.nanoTime();
        List<ImageFilter.Result> results = ImageFilter.filter(image, kernels, common.options());
        double ms = (System.nanoTime() - start) / 1e6;
        out.printf(Locale.ROOT, "%s: %dx%d %s %d-bit%s; %s in %.1f ms (depthwise conv [1,%d,%d,%d], boundary %s)%n",
                input, image.width(), image.height(), image.channels() == 1 ? "grey" : "RGB", image.bitDepth(),
                image.hasAlpha() ? " + alpha (untouched)" : "", Words.count(kernels.size(), "kernel"), ms, image.height(), image.width(),
                image.channels(), common.options().boundary().code());
        List<ContactSheet.Tile> tiles = new ArrayList<>();
        tiles.add(new ContactSheet.Tile("input", image));
        for (ImageFilter.Result r : results) {
            ToneMap map = tone != null && tone.choice() != null ? tone.choice() : r.kernel().defaultToneMap();
            ImageData rendered = ImageFilter.render(image, r.values(), map);
            float[] range = ToneMap.range(r.values());
            String label = r.kernel().name() + " (" + map.code() + ")";
            if (contactSheet) {
                tiles.add(new ContactSheet.Tile(label, rendered));
                out.printf(Locale.ROOT, "  %-16s values %.4g .. %.4g, shown %s%n", r.kernel().name(), range[0], range[1], map.code());
            } else {
                Path target = OutputNames.forKernel(output, r.kernel().name(), results.size() > 1);
                Images.write(target, rendered);
                out.printf(Locale.ROOT, "  %-16s values %.4g .. %.4g, shown %s -> %s%n", r.kernel().name(), range[0],
                        range[1], map.code(), target);
            }
        }
        if (contactSheet) {
            FilterPictures.write(output, ContactSheet.draw(tiles, tileSize, columns));
            out.println("  contact sheet -> " + output);
        }
        out.flush();
        return 0;
    }
}
