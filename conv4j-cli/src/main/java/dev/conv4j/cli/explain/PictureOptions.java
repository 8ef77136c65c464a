package dev.conv4j.cli.explain;

import dev.conv4j.cli.CliFiles;
import dev.conv4j.draw.Animation;
import dev.conv4j.draw.Drawing;
import dev.conv4j.explain.picture.ConvPictures;
import dev.conv4j.explain.picture.ConvPictures.View;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.spec.ConvGeometry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --svg/--png/--gif FILE} and {@code --view}: the pictures of a convolution, for {@code explain}. */
public final class PictureOptions {
    @Option(names = "--svg", paramLabel = "FILE", description = "Write the picture (see --view) as SVG.")
    Path svg;

    @Option(names = "--png", paramLabel = "FILE", description = "Write the picture (see --view) as PNG.")
    Path png;

    @Option(names = "--gif", paramLabel = "FILE", description = "Write the kernel sliding, as an animated GIF.")
    Path gif;

    @Option(names = "--view", paramLabel = "V", defaultValue = "both",
            description = "Which picture --svg/--png draw: overview (tensors as boxes, slide directions),"
                    + " grid (cells, padding, windows) or both (default).")
    String view;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "", description = "A heading for the pictures.")
    String title;

    /** Checks the view and every picture file (its name, its directory) before anything is computed or printed. */
    public void validate() throws IOException {
        View.parse(view);
        checkPicture(svg, "--svg", ".svg");
        checkPicture(png, "--png", ".png");
        checkPicture(gif, "--gif", ".gif");
    }

    private static void checkPicture(Path file, String option, String extension) throws IOException {
        if (file != null) {
            CliFiles.checkOutput(file, option, List.of(extension), List.of());
        }
    }

    /** Writes the pictures asked for (each file whole or not at all) and names them on {@code out}. */
    public void write(ConvGeometry g, PrintWriter out) throws IOException {
        View v = View.parse(view);
        write(t -> ConvPictures.view(v, g, t), t -> ConvPictures.slide(g, t), out);
    }

    /** Writes the still picture and the animation, each made only if asked for, from the title. */
    public void write(Function<String, Drawing> still, Function<String, Animation> slide, PrintWriter out)
            throws IOException {
        if (svg != null || png != null) {
            Drawing drawing = still.apply(title);
            if (svg != null) {
                writeFile(svg, ConvPictures.svg(drawing).getBytes(StandardCharsets.UTF_8), out);
            }
            if (png != null) {
                writeFile(png, ConvPictures.png(drawing), out);
            }
        }
        if (gif != null) {
            writeFile(gif, ConvPictures.gif(slide.apply(title)), out);
        }
    }

    static void writeFile(Path file, byte[] bytes, PrintWriter out) throws IOException {
        AtomicFiles.write(file, stream -> stream.write(bytes));
        out.println("wrote " + file + " (" + bytes.length + " bytes)");
    }
}
