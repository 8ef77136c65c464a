package dev.conv4j.explain.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class AxisViewTest {
    private static AxisGeometry axis(ConvSpec.Builder spec, int n, int k) {
        return spec.build().geometry(Shape.of(1, n, 1), Shape.of(k, 1, 1)).axis(0);
    }

    private static List<Integer> shown(List<AxisView.Slot> slots) {
        return slots.stream().map(s -> s.gap() ? null : s.index()).toList();
    }

    @Test
    void windowArithmeticFollowsStrideDilationAndPads() {
        AxisView v = AxisView.of(axis(ConvSpec.builder(1).padding(Padding.SAME).strides(2).dilations(2), 9, 3),
                AxisView.Budget.forRank(1));
        // e = 5, out = 5, pad_total = 4*2 + 5 - 9 = 4 -> 2, 2
        assertEquals(-2, v.windowStart(0));
        assertEquals(4, v.tap(1, 2), "2*1 - 2 + 2*2");
        assertEquals(List.of(-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), shown(v.inputs()));
        assertEquals(2, v.tapsReadingInput(0, Boundary.ZERO), "taps -2, 0, 2");
        assertEquals(3, v.tapsReadingInput(0, Boundary.REFLECT));
        assertFalse(v.isRead(-1), "odd pads fall between the dilated taps");
        assertTrue(v.isRead(-2));
    }

    @Test
    void unmatchedPadsAreSamesOddOneAfterAndAllOfCausal() {
        AxisView same = AxisView.of(axis(ConvSpec.builder(1).padding(Padding.SAME).strides(2), 7, 4),
                AxisView.Budget.forRank(1));
        assertEquals(1, same.axis().padBefore());
        assertEquals(2, same.axis().padAfter());
        assertFalse(same.isUnmatchedPad(7));
        assertTrue(same.isUnmatchedPad(8));
        assertFalse(same.isUnmatchedPad(-1));
        AxisView causal = AxisView.of(axis(ConvSpec.builder(1).padding(Padding.CAUSAL), 8, 3), AxisView.Budget.forRank(1));
        assertTrue(causal.isUnmatchedPad(-2) && causal.isUnmatchedPad(-1));
    }

    @Test
    void aLongAxisShowsItsEndsWithAGap() {
        AxisView v = AxisView.of(axis(ConvSpec.builder(1).padding(Padding.SAME), 1000, 5), AxisView.Budget.forRank(1));
        java.util.ArrayList<Integer> expected = new java.util.ArrayList<>(List.of(-2, -1, 0, 1, 2, 3));
        expected.add(null);
        expected.addAll(List.of(996, 997, 998, 999, 1000, 1001));
        assertEquals(expected, shown(v.inputs()));
        assertEquals(java.util.Arrays.asList(0, 1, null, 998, 999), shown(v.outputs()));
        assertEquals(List.of(0, 1, 999), v.animated(3));
    }
}
