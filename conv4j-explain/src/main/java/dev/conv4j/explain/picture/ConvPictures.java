package dev.conv4j.explain.picture;

import dev.conv4j.draw.Animation;
import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.GifEncoder;
import dev.conv4j.draw.RasterRenderer;
import dev.conv4j.draw.SvgRenderer;
import dev.conv4j.spec.ConvGeometry;
import java.util.Locale;

/**
 * The pictures of a convolution, from its geometry alone (no data): the tensors as boxes
 * ({@link TensorOverview}), the cell grid with padding and windows ({@link SlideGrid}), and the
 * kernel sliding ({@link SlideAnimation}); and their encodings. Each picture is one
 * {@link Drawing}, so its SVG and its PNG are the same picture.
 */
public final class ConvPictures {
    /** Device pixels per drawing pixel in PNGs and GIFs. */
    public static final double RASTER_SCALE = 1.0;

    private ConvPictures() {
    }

    /** Which picture. */
    public enum View {
        /** Input, filters and output as boxes with the slide directions. */
        OVERVIEW,
        /** The cells: padding, the first and last windows, the output. */
        GRID,
        /** The overview above the grid. */
        BOTH;

        public static View parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("view '" + name + "' is not overview, grid or both");
            }
        }
    }

    public static Drawing overview(ConvGeometry g, String title) {
        return TensorOverview.draw(g, title);
    }

    public static Drawing grid(ConvGeometry g, String title) {
        return SlideGrid.of(g, title).still();
    }

    public static Drawing view(View view, ConvGeometry g, String title) {
        return switch (view) {
            case OVERVIEW -> overview(g, title);
            case GRID -> grid(g, title);
            case BOTH -> {
                Drawing top = overview(g, title);
                Drawing bottom = grid(g, "");
                yield Drawing.builder(top.title()).add(top, 0, 0).add(bottom, 0, top.height()).margin(0).build();
            }
        };
    }

    public static Animation slide(ConvGeometry g, String title) {
        return SlideAnimation.of(g, title);
    }

    public static String svg(Drawing drawing) {
        return SvgRenderer.render(drawing);
    }

    public static byte[] png(Drawing drawing) {
        return RasterRenderer.png(drawing, RASTER_SCALE);
    }

    public static byte[] gif(Animation animation) {
        return GifEncoder.encode(animation, RASTER_SCALE);
    }
}
