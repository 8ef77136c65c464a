package dev.conv4j.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvGeometryTest {

    private static ConvGeometry geometry1d(int n, int k, int s, int d, Padding padding) {
        return ConvSpec.builder(1).strides(s).dilations(d).padding(padding).build()
                .geometry(Shape.of(1, n, 1), Shape.of(k, 1, 1));
    }

    @ParameterizedTest(name = "SAME n={0} k={1} s={2} d={3} -> out {4}, pads {5}+{6}")
    @CsvSource({
        // n, k, s, d, out, before, after
        "5, 3, 1, 1, 5, 1, 1",
        "224, 7, 2, 1, 112, 2, 3",   // ResNet stem: the odd pad goes after
        "6, 2, 1, 1, 6, 0, 1",       // even kernel: all of it after
        "7, 3, 2, 1, 4, 1, 1",
        "4, 3, 2, 1, 2, 0, 1",
        "10, 3, 1, 2, 10, 2, 2",     // dilated: e = 5
        "1, 3, 1, 1, 1, 1, 1",       // a 3-tap kernel on one element sees only its centre
        "5, 1, 3, 1, 2, 0, 0",       // pad_total = max(..., 0)
        "8, 4, 4, 1, 2, 0, 0",
    })
    void samePaddingIsTensorFlows(int n, int k, int s, int d, int out, int before, int after) {
        AxisGeometry axis = geometry1d(n, k, s, d, Padding.SAME).axis(0);
        assertEquals(out, axis.output());
        assertEquals(before, axis.padBefore());
        assertEquals(after, axis.padAfter());
    }

    @ParameterizedTest(name = "VALID n={0} k={1} s={2} d={3} -> {4}")
    @CsvSource({"5, 3, 1, 1, 3", "224, 7, 2, 1, 109", "10, 3, 3, 1, 3", "10, 3, 1, 3, 4", "3, 3, 1, 1, 1"})
    void validPadding(int n, int k, int s, int d, int out) {
        assertEquals(out, geometry1d(n, k, s, d, Padding.VALID).axis(0).output());
    }

    @Test
    void causalPadsTheDilatedKernelBeforeOnly() {
        AxisGeometry axis = geometry1d(10, 3, 1, 2, Padding.CAUSAL).axis(0);
        assertEquals(4, axis.padBefore());
        assertEquals(0, axis.padAfter());
        assertEquals(10, axis.output());
    }

    @Test
    void explicitPaddingPerAxis() {
        ConvGeometry g = ConvSpec.builder(2).strides(2, 1).padding(Padding.explicit(1, 2, 0, 3)).build()
                .geometry(Shape.of(1, 6, 5, 2), Shape.of(3, 3, 2, 4));
        assertEquals(Shape.of(1, 4, 6, 4), g.outputShape());
        assertArrayEquals(new int[] {1, 0}, g.padsBefore());
        assertArrayEquals(new int[] {2, 3}, g.padsAfter());
    }

    @Test
    void channelsFirstOutputKeepsTheInputsFormat() {
        ConvGeometry g = ConvSpec.builder(3).padding(Padding.SAME).dataFormat(DataFormat.CHANNELS_FIRST).build()
                .geometry(Shape.of(2, 4, 5, 6, 7), Shape.of(3, 3, 3, 4, 8));
        assertEquals(Shape.of(2, 8, 5, 6, 7), g.outputShape());
    }

    @Test
    void oihwFilterAndGroups() {
        ConvGeometry g = ConvSpec.builder(2).groups(2).filterFormat(FilterFormat.OIHW).build()
                .geometry(Shape.of(1, 5, 5, 6), Shape.of(8, 3, 3, 3));
        assertEquals(Shape.of(1, 3, 3, 8), g.outputShape());
        assertEquals(2, g.groups());
        assertEquals(3, g.inChannelsPerGroup());
        assertEquals(4, g.outChannelsPerGroup());
    }

    @Test
    void depthwiseIsGroupedByChannel() {
        ConvGeometry g = ConvSpec.builder(2).depthwise().padding(Padding.SAME).build()
                .geometry(Shape.of(1, 7, 7, 4), Shape.of(3, 3, 4, 2));
        assertEquals(Shape.of(1, 7, 7, 8), g.outputShape());
        assertEquals(4, g.groups());
        assertEquals(1, g.inChannelsPerGroup());
    }

    @Test
    void flopsCountEveryTapOfTheSuitesFormula() {
        ConvGeometry g = ConvSpec.builder(2).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 224, 224, 64), Shape.of(3, 3, 64, 64));
        assertEquals(2L * 224 * 224 * 64 * 9 * 64, g.flops());
    }

    @Test
    void emptyBatchGivesAnEmptyOutput() {
        ConvGeometry g = ConvSpec.builder(2).build().geometry(Shape.of(0, 2, 3, 3), Shape.of(1, 1, 3, 3));
        assertEquals(Shape.of(0, 2, 3, 3), g.outputShape());
    }

    @Test
    void problemStringNamesEverything() {
        ConvGeometry g = ConvSpec.builder(2).strides(2).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 224, 224, 3), Shape.of(7, 7, 3, 64));
        assertEquals("conv2d n1 in224x224x3 k7x7x3x64 out112x112x64 s2x2 d1x1 pad2+3,2+3 g1 NHWC zero", g.problem());
    }

    @Test
    void formulaShowsTheUsersNumbers() {
        AxisGeometry axis = geometry1d(224, 7, 2, 1, Padding.SAME).axis(0);
        assertEquals("SAME: out = ceil(224 / 2) = 112; pad_total = max((112 - 1)*2 + 7 - 224, 0) = 5"
                + " -> before 2, after 3 (the odd one goes after, as in TensorFlow)", axis.formula());
        assertEquals("VALID: out = floor((10 - ((3-1)*2+1 = 5)) / 1) + 1 = 6",
                geometry1d(10, 3, 1, 2, Padding.VALID).axis(0).formula());
    }
}
