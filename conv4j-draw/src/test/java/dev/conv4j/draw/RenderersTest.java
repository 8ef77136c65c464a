package dev.conv4j.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** One drawing model, two backends: the SVG and the raster agree on what is where. */
class RenderersTest {
    private static final Rgb RED = Rgb.hex("#ff0000");

    private static Drawing square(Rgb colour, double x) {
        return Drawing.builder("a <square> & more")
                .add(new Mark.Rect(x, 10, 20, 20, Style.of(colour, Rgb.hex("#000000"), 1),
                        Attributes.of("class", "cell in", "data-c", "1,2")))
                .add(new Mark.Text(10, 50, "5 < 7", 12, Mark.Anchor.START, false, Rgb.hex("#222222"), Attributes.NONE))
                .build();
    }

    @Test
    void svgCarriesStylesAsClassesAndTheMarksAttributes() {
        String svg = SvgRenderer.render(square(RED, 10), "x");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("<title>a &lt;square&gt; &amp; more</title>"), svg);
        assertTrue(svg.contains(".xs0{fill:#ff0000;stroke:#000000;stroke-width:1}"), svg);
        assertTrue(svg.contains("<rect x=\"10\" y=\"10\" width=\"20\" height=\"20\" class=\"xs0 cell in\" data-c=\"1,2\"/>"),
                svg);
        assertTrue(svg.contains(">5 &lt; 7</text>"), svg);
        assertTrue(svg.contains("width=\"" + (int) square(RED, 10).width() + "\""), svg);
    }

    @Test
    void rasterPaintsTheSameMarks() throws IOException {
        Drawing d = square(RED, 10);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(RasterRenderer.png(d, 1)));
        assertEquals((int) d.width(), image.getWidth());
        assertEquals((int) d.height(), image.getHeight());
        assertEquals(0xff0000, image.getRGB(20, 20) & 0xffffff, "inside the square");
        assertEquals(0xffffff, image.getRGB(2, 2) & 0xffffff, "the background");
    }

    @Test
    void aPolylineAndAVerticalTextInAFixedSize() {
        Rgb blue = Rgb.hex("#0000ff");
        Drawing d = Drawing.builder("plot").size(60, 40)
                .add(new Mark.Polyline(List.of(new Mark.Point(5, 35), new Mark.Point(30, 5), new Mark.Point(55, 35)),
                        blue, 3, Attributes.NONE))
                .add(new Mark.Text(10, 20, "a label far longer than the drawing", 12, Mark.Anchor.START, false,
                        Rgb.hex("#000000"), true, Attributes.NONE))
                .build();
        assertEquals(60, d.width(), "the size given, not the label's extent");
        BufferedImage image = RasterRenderer.render(d, 1, false);
        assertEquals(60, image.getWidth());
        assertEquals(40, image.getHeight());
        assertEquals(0x0000ff, image.getRGB(30, 5) & 0xffffff, "the apex of the line");
        assertEquals(0xffffff, image.getRGB(30, 35) & 0xffffff, "an open path: no closing side along the bottom");
        String svg = SvgRenderer.render(d, "p");
        assertTrue(svg.contains("<polyline points=\"5,35 30,5 55,35\""), svg);
        assertTrue(svg.contains("transform=\"rotate(-90 10 20)\""), svg);
    }

    @Test
    void attributesOtherThanClassIdAndDataAreRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Attributes.of("onclick", "alert(1)"));
    }

    @Test
    void gifLoopsForeverWithOneFramePerDrawingAndTheirDelays() throws IOException {
        Animation a = new Animation(List.of(square(RED, 10), square(Rgb.hex("#00ff00"), 30), square(RED, 50)),
                List.of(300, 300, 1000));
        byte[] gif = GifEncoder.encode(a, 1);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode loop = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
            assertEquals(0, ((byte[]) loop.getUserObject())[1], "loop count 0: forever");
            IIOMetadataNode last = (IIOMetadataNode) reader.getImageMetadata(2).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode control = (IIOMetadataNode) last.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals("100", control.getAttribute("delayTime"), "1000 ms in hundredths");
            assertEquals("doNotDispose", control.getAttribute("disposalMethod"));
            // frames after the first store only what changed: the third frame's patch is narrower than the picture
            IIOMetadataNode descriptor = (IIOMetadataNode) last.getElementsByTagName("ImageDescriptor").item(0);
            assertTrue(Integer.parseInt(descriptor.getAttribute("imageWidth")) < (int) a.frames().get(2).width());
            reader.dispose();
        }
    }
}
