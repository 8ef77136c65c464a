package dev.conv4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvExplainerTest {

    @Test
    void sentenceConvolutionSlidesInOneDirection() {
        ConvGeometry g = ConvSpec.builder(1).build().geometry(Shape.of(1, 7, 300), Shape.of(3, 300, 100));
        List<String> lines = ConvExplainer.directions(g);
        assertEquals("The kernel slides in 1 direction: width -- a 1D convolution, whatever the rank of the tensors"
                + " (3 here, with batch and channels).", lines.get(0));
        assertEquals("Each filter [3] x 300 channels spans every input channel, so it does not slide along channels:"
                + " it yields one 1D map [5].", lines.get(1));
        assertEquals("100 filters give 100 maps, stacked as the output's channels.", lines.get(2));
    }

    @Test
    void groupsAreExplained() {
        ConvGeometry g = ConvSpec.builder(2).groups(2).build().geometry(Shape.of(1, 5, 5, 4), Shape.of(3, 3, 2, 6));
        assertEquals("The 4 input channels form 2 groups of 2; each group has its own 3 filters of [3,3] x 2 channels,"
                + " each yielding one 2D map [3,3]: 6 maps in all.", ConvExplainer.directions(g).get(1));
    }

    @Test
    void derivationShowsEveryAxisAndTheBoundary() {
        ConvGeometry g = ConvSpec.builder(3).padding(Padding.SAME).boundary(Boundary.REPLICATE).build()
                .geometry(Shape.of(2, 4, 6, 8, 1), Shape.of(2, 3, 3, 1, 5));
        String text = ConvExplainer.shapeDerivation(g);
        assertTrue(text.startsWith("Output shape  NDHWC [2,4,6,8,1] -> NDHWC [2,4,6,8,5]\n"), text);
        assertTrue(text.contains("  depth     SAME: out = ceil(4 / 1) = 4; pad_total = max((4 - 1)*1 + 2 - 4, 0) = 1"
                + " -> before 0, after 1 (the odd one goes after, as in TensorFlow)\n"), text);
        assertTrue(text.contains("  channels  1 -> 5 (one per filter)\n"), text);
        assertTrue(text.contains("(replicate boundary) instead of holding zeros"), text);
    }

    @Test
    void costsUseTheGeometry() {
        ConvGeometry g = ConvSpec.builder(2).dilations(2).build().geometry(Shape.of(1, 9, 9, 2), Shape.of(3, 3, 2, 4));
        String text = ConvExplainer.costs(g, true);
        assertTrue(text.contains("Receptive field  5x5 input positions per output value (x 2 channels);"
                + " neighbouring outputs are 1x1 apart"), text);
        // out 5x5, 4 filters, 3x3x2 taps: 25*4*18 = 1800 MACs; 72 weights + 4 biases
        assertTrue(text.contains("Cost      1,800 multiply-adds = 3,600 FLOPs; 76 parameters (weights and bias)"), text);
        assertTrue(text.contains("Memory    input 648 B, filter 288 B, output 400 B (float32)"), text);
    }

    @Test
    void explanationEndsWithThePlannersChoice() {
        ConvGeometry g = ConvSpec.builder(1).build().geometry(Shape.of(1, 8, 1), Shape.of(3, 1, 1));
        String text = ConvExplainer.explain(g, false, Planner.standard().threads(2));
        assertTrue(text.startsWith("conv1d n1 in8x1 k3x1x1 out6x1 s1 d1 pad0+0 g1 NWC zero\n"), text);
        assertTrue(text.contains("Algorithm (2 thread(s))\n"), text);
        assertTrue(text.contains(": chosen"), text);
    }
}
