package dev.conv4j.explain.picture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.explain.examples.WorkedExample;
import dev.conv4j.explain.examples.WorkedExamples;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** The overview's labels and arrows, the animation's frames, and every worked example drawn. */
class PicturesTest {

    private static List<String> texts(Drawing d) {
        return d.marks().stream().filter(m -> m instanceof Mark.Text).map(m -> ((Mark.Text) m).text()).toList();
    }

    /** Arrowheads: triangles. */
    private static long arrows(Drawing d) {
        return d.marks().stream().filter(m -> m instanceof Mark.Polygon p && p.points().size() == 3).count();
    }

    @Test
    void overviewLabelsEveryTensorWithItsShapeAndStacksTheFilters() {
        WorkedExample c = WorkedExamples.find("5");
        Drawing d = ConvPictures.overview(c.geometry(), c.heading());
        List<String> texts = texts(d);
        assertTrue(texts.contains("NHWC [1,5,5,32]"), texts.toString());
        assertTrue(texts.contains("HWIO [3,3,32,64]"), texts.toString());
        assertTrue(texts.contains("NHWC [1,5,5,64]"), texts.toString());
        assertTrue(texts.contains("64 filters"), texts.toString());
        assertTrue(texts.contains("64 stacked 2D maps [5,5]"), texts.toString());
        assertTrue(texts.contains("x 64"), texts.toString());
        assertEquals(2, arrows(d), "slides along height and width");
        assertTrue(texts.contains("height") && texts.contains("width"));
    }

    @Test
    void overviewDrawsOneArrowPerDirectionTheKernelCanMove() {
        assertEquals(1, arrows(ConvPictures.overview(WorkedExamples.find("1").geometry(), "")));
        assertEquals(3, arrows(ConvPictures.overview(WorkedExamples.find("3").geometry(), "")));
        assertEquals(1, arrows(ConvPictures.overview(WorkedExamples.find("7").geometry(), "")), "sentence: words only");
        Drawing equivalence = ConvPictures.overview(WorkedExamples.find("13").geometry(), "");
        assertEquals(1, arrows(equivalence), "the kernel fills the height: it slides along the width only");
        assertTrue(texts(equivalence).contains("no slide along height: 1 position"));
        assertTrue(texts(equivalence).stream().anyMatch(t -> t.contains("in effect a 1D convolution")));
    }

    @Test
    void theDepthArrowRunsAlongTheWholeDepthEvenWhenTheKernelIsNearlyAsDeep() {
        ConvGeometry g = ConvSpec.builder(3).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 4, 5, 6, 1), Shape.of(3, 3, 3, 1, 2));
        Drawing d = ConvPictures.overview(g, "");
        // the arrow's shaft: the one line of width 2 that rises to the right
        Mark.Line shaft = d.marks().stream().filter(m -> m instanceof Mark.Line l && l.width() == 2
                && l.x2() > l.x1() && l.y2() < l.y1()).map(m -> (Mark.Line) m).findFirst().orElseThrow();
        double length = Math.hypot(shaft.x2() - shaft.x1(), shaft.y2() - shaft.y1());
        double depth = TensorOverview.px(4) * Math.hypot(0.55, 0.4);
        assertTrue(length > depth - 10, "depth arrow " + length + " px along a depth of " + depth + " px");
    }

    @Test
    void theFilterCountSitsClearOfTheFilterStack() {
        for (Shape filter : List.of(Shape.of(3, 3, 1, 2), Shape.of(3, 3, 1, 64), Shape.of(3, 1, 2))) {
            Shape input = filter.rank() == 3 ? Shape.of(1, 10, 1) : Shape.of(1, 5, 5, 1);
            Drawing d = ConvPictures.overview(ConvSpec.builder(filter.rank() - 2).build().geometry(input, filter), "");
            Mark.Text label = d.marks().stream().filter(m -> m instanceof Mark.Text t && t.text().startsWith("x "))
                    .map(m -> (Mark.Text) m).findFirst().orElseThrow();
            double top = label.y() - label.size();
            double right = label.x() + label.estimatedWidth();
            for (Mark m : d.marks()) {
                if (m instanceof Mark.Polygon p && p.points().size() == 4) {
                    for (Mark.Point q : p.points()) {
                        boolean inside = q.x() > label.x() && q.x() < right && q.y() > top && q.y() < label.y() + 3;
                        assertFalse(inside, filter + ": a filter's corner " + q + " lies under '" + label.text() + "'");
                    }
                }
            }
        }
    }

    @Test
    void paddingCellsOfSmall3dGridsSayZeroAs2dOnesDo() {
        ConvGeometry g = ConvSpec.builder(3).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 4, 5, 6, 1), Shape.of(3, 3, 3, 1, 2));
        long zeros = texts(ConvPictures.grid(g, "")).stream().filter("0"::equals).count();
        // 6 depth slices (4 + 2 pads); each has 7x8 cells of which 5x6 are input; two whole slices are padding
        assertTrue(zeros >= 2 * 56 + 4 * (56 - 30), zeros + " zero labels");
    }

    @Test
    void animationVisitsEveryOutputOfSmallCasesAndBoundsLargeOnes() throws IOException {
        assertEquals(5, SlideAnimation.positions(WorkedExamples.find("1").geometry()).size());
        assertEquals(25, SlideAnimation.positions(WorkedExamples.find("2").geometry()).size());
        assertEquals(27, SlideAnimation.positions(WorkedExamples.find("3").geometry()).size(), "3 positions per axis");
        assertEquals(8, SlideAnimation.positions(WorkedExamples.find("11").geometry()).size(), "first and last per axis");
        assertTrue(SlideAnimation.positions(WorkedExamples.find("12").geometry()).size() <= SlideAnimation.FRAME_BUDGET);
        assertArrayEquals(new int[] {0, 0, 4}, SlideAnimation.positions(WorkedExamples.find("3").geometry()).get(2),
                "per axis 0, 1 and the last, the last axis fastest");

        byte[] gif = ConvPictures.gif(ConvPictures.slide(WorkedExamples.find("1").geometry(), "1D"));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true), "one frame per output position");
            reader.dispose();
        }
    }

    @Test
    void everyWorkedExampleIsDrawnInEveryView() {
        for (WorkedExample c : WorkedExamples.all()) {
            ConvGeometry g = c.geometry();
            for (ConvPictures.View v : ConvPictures.View.values()) {
                Drawing d = ConvPictures.view(v, g, c.heading());
                assertTrue(d.width() > 100 && d.height() > 100, c.id() + " " + v);
                assertTrue(d.width() < 2400, c.id() + " " + v + " is " + d.width() + " wide");
                assertFalse(d.marks().isEmpty());
            }
        }
    }

    @Test
    void moreThanThreeSpatialAxesAreRefusedClearly() {
        ConvGeometry g = ConvSpec.builder(4).padding(Padding.VALID).build()
                .geometry(Shape.of(1, 3, 3, 3, 3, 1), Shape.of(1, 1, 1, 1, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvPictures.grid(g, ""));
        assertTrue(e.getMessage().contains("up to 3 spatial axes"), e.getMessage());
    }
}
