/**
 * Pictures as data ({@code dev.conv4j.draw}): a {@code Drawing} of marks, rendered as SVG by
 * {@code SvgRenderer}, as an image or PNG by {@code RasterRenderer} (Java2D, headless) and as an
 * animated GIF by {@code GifEncoder}.
 */
module dev.conv4j.draw {
    requires transitive java.desktop;

    exports dev.conv4j.draw;
}
