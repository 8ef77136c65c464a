package dev.conv4j.cli.filter;

import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.RasterRenderer;
import dev.conv4j.draw.SvgRenderer;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.image.Images;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The filter commands' plots, contact sheets and montages: SVG for a {@code .svg} file, else PNG. */
final class FilterPictures {
    /** The endings a picture's file may have. */
    static final List<String> EXTENSIONS = List.of(".png", ".svg");

    private FilterPictures() {
    }

    /**
     * Writes {@code drawing} to {@code target}, whole or not at all. The PNG keeps every colour (a
     * contact sheet holds photographs), one pixel per drawing pixel.
     */
    static void write(Path target, Drawing drawing) throws IOException {
        if (target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
            byte[] svg = SvgRenderer.render(drawing).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(target, out -> out.write(svg));
        } else {
            Images.writePng(target, RasterRenderer.render(drawing, 1));
        }
    }
}
