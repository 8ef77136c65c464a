package dev.conv4j.explain.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.draw.SvgRenderer;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The grid view's cells, counted in its SVG: padding (and SAME's odd one after), unread inputs, windows, values. */
class SlideGridTest {

    private static String svg(ConvSpec spec, Shape input, Shape filter) {
        return SvgRenderer.render(SlideGrid.of(spec.geometry(input, filter), "").still());
    }

    private static int count(String svg, String regex) {
        Matcher m = Pattern.compile(regex).matcher(svg);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Input cells whose class list contains all of {@code classes}. */
    private static int inputCells(String svg, String... classes) {
        StringBuilder regex = new StringBuilder("class=\"[a-z0-9]+ cell in");
        for (String c : classes) {
            regex.append("(?= )[^\"]*\\b").append(c).append("\\b");
        }
        return count(svg, regex + "[^\"]*\"");
    }

    @Test
    void sameWithStrideTwoPutsTheOddPadAfter() {
        // 7x7, 4x4 kernel, stride 2, SAME: out 4, pad_total (4-1)*2 + 4 - 7 = 3 -> 1 before, 2 after
        String svg = svg(ConvSpec.builder(2).strides(2).padding(Padding.SAME).build(), Shape.of(1, 7, 7, 1),
                Shape.of(4, 4, 1, 1));
        assertEquals(10 * 10, inputCells(svg), "padded 1 + 7 + 2 on each axis, all shown");
        assertEquals(100 - 49, inputCells(svg, "pad"));
        assertEquals(10 + 10 - 1, inputCells(svg, "pad-before"), "row -1 and column -1");
        assertEquals(2 * 10 + 2 * 10 - 4, inputCells(svg, "pad-after"), "rows 7, 8 and columns 7, 8");
        assertEquals(10 + 10 - 1, inputCells(svg, "pad-extra"), "row 8 and column 8: the odd pad, after");
        assertTrue(svg.contains("class=\"" + styleOf(svg, "3,-1") + " cell in pad pad-before\" data-c=\"3,-1\""), svg);
        assertTrue(svg.contains(" cell in pad pad-after\" data-c=\"3,7\""), svg);
        assertTrue(svg.contains(" cell in pad pad-after pad-extra\" data-c=\"3,8\""), svg);
        assertEquals(16, count(svg, " cell out\" data-c="), "output 4x4");
        assertEquals(16, count(svg, " cell w\" data-c="), "kernel 4x4");
        assertTrue(svg.contains("input (its only channel), with its padding (SAME: before [1,1], after [2,2])"), svg);
        assertTrue(svg.contains("the odd pad SAME puts after (TensorFlow)"), svg);
    }

    private static String styleOf(String svg, String coordinate) {
        Matcher m = Pattern.compile("class=\"([a-z0-9]+) cell in[^\"]*\" data-c=\"" + coordinate + "\"").matcher(svg);
        assertTrue(m.find(), coordinate);
        return m.group(1);
    }

    @Test
    void longAxesShowBothEndsWithBothPads() {
        // the brief's example: 224, kernel 7, stride 2, SAME -> 112, pads 2 before and 3 after
        ConvGeometry g = ConvSpec.builder(2).strides(2).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 224, 224, 3), Shape.of(7, 7, 3, 64));
        String svg = SvgRenderer.render(SlideGrid.of(g, "").still());
        // per axis: -2..6 (the first two windows) and 218..226 (the last two), so 18 x 18 cells
        assertEquals(18 * 18, inputCells(svg));
        assertEquals(18 + 18 - 1, inputCells(svg, "pad-extra"), "index 226, the third pad after");
        assertTrue(svg.contains("data-c=\"-2,-2\""));
        assertFalse(svg.contains("data-c=\"100,"), "the middle is left out");
        assertEquals(16, count(svg, " cell out\" data-c="), "outputs 0, 1, 110, 111 per axis");
        assertTrue(svg.contains("output [0,0] reads height -2..4, width -2..4: 25 of 49 taps on the input, 24 on padding"));
        assertTrue(svg.contains("output [111,111] reads height 220..226, width 220..226: 16 of 49 taps on the input"));
        assertTrue(svg.contains(" value\">75</text>"), "output [0,0] for ones: 25 taps x 3 channels");
    }

    @Test
    void validWithStrideTwoLeavesTheLastRowAndColumnUnread() {
        String svg = svg(ConvSpec.builder(2).strides(2).build(), Shape.of(1, 8, 8, 1), Shape.of(3, 3, 1, 1));
        assertEquals(0, inputCells(svg, "pad"));
        assertEquals(8 + 8 - 1, inputCells(svg, "unread"));
        assertTrue(svg.contains("never read (the stride skips it)"));
    }

    @Test
    void outputValuesForOnesAreCornersFourEdgesSixInsideNine() {
        String svg = svg(ConvSpec.builder(2).padding(Padding.SAME).build(), Shape.of(1, 5, 5, 1), Shape.of(3, 3, 1, 1));
        assertEquals(4, count(svg, " value\">4</text>"));
        assertEquals(12, count(svg, " value\">6</text>"));
        assertEquals(9, count(svg, " value\">9</text>"));
    }

    @Test
    void threeDimensionsAreDepthSlicesOfTheSameGrid() {
        String svg = svg(ConvSpec.builder(3).padding(Padding.SAME).build(), Shape.of(1, 5, 5, 5, 1),
                Shape.of(3, 3, 3, 1, 1));
        assertEquals(7 * 7 * 7, inputCells(svg));
        assertEquals(343 - 125, inputCells(svg, "pad"));
        assertEquals(27, count(svg, " cell w\" data-c="));
        assertTrue(svg.contains(">depth -1 (padding)</text>"));
        assertEquals(8, count(svg, " value\">8</text>"), "the 8 corners of the output volume read 8 inputs");
        assertEquals(3 * 3 * 2 * 2, count(svg, " value\">12</text>"), "edges: one axis inside (3 ways x 3), two at an end");
        assertEquals(3 * 2 * 3 * 3, count(svg, " value\">18</text>"), "faces: one axis at an end");
        assertEquals(27, count(svg, " value\">27</text>"), "inside: 3x3x3");
    }

    @Test
    void dilationSpreadsTheTaps() {
        String svg = svg(ConvSpec.builder(1).dilations(2).build(), Shape.of(1, 9, 1), Shape.of(3, 1, 1));
        assertTrue(svg.contains("output [0] reads width 0..4 every 2: all 3 taps on the input"), svg);
        assertEquals(5, count(svg, " cell out\" data-c="));
    }
}
