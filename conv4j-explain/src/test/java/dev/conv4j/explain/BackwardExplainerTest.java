package dev.conv4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.Conv;
import dev.conv4j.explain.BackwardExplainer.Op;
import dev.conv4j.explain.BackwardExplainer.Worked;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackwardExplainerTest {
    private static final List<ConvGeometry> CASES = List.of(
            ConvSpec.builder(1).strides(2).padding(Padding.SAME).build().geometry(Shape.of(1, 7, 1), Shape.of(3, 1, 1)),
            ConvSpec.builder(2).strides(2).build().geometry(Shape.of(1, 8, 8, 1), Shape.of(3, 3, 1, 1)),
            ConvSpec.builder(2).strides(2, 1).dilations(1, 2).padding(Padding.SAME).build()
                    .geometry(Shape.of(2, 6, 7, 2), Shape.of(2, 3, 2, 3)),
            ConvSpec.builder(2).strides(2).padding(Padding.parse("1,2,0,1")).build()
                    .geometry(Shape.of(1, 5, 6, 1), Shape.of(3, 3, 1, 2)),
            ConvSpec.builder(3).strides(2).padding(Padding.SAME).build()
                    .geometry(Shape.of(1, 4, 5, 3, 1), Shape.of(3, 2, 3, 1, 2)));

    @Test
    void everyOperationEqualsTheCoreApiAndItsForwardForm() {
        for (ConvGeometry g : CASES) {
            for (Op op : Op.values()) {
                Worked w = BackwardExplainer.work(op, g);
                float[] expected = switch (op) {
                    case TRANSPOSE -> Conv.transpose(g.spec(), w.operand(), w.filter(), g.inputShape()).data();
                    case GRAD_INPUT -> Conv.gradInput(g.spec(), g.inputShape(), w.filter(), w.operand()).data();
                    case GRAD_FILTER -> Conv.gradFilter(g.spec(), w.input(), g.filterShape(), w.operand()).data();
                };
                assertArrayEquals(expected, w.result().data(), g.problem() + " " + op);
                assertEquals(w.result().shape(), w.viaForward().shape(), g.problem() + " " + op);
                // small integers: every sum is exact, so the forward form must agree to the last bit
                assertEquals(0.0, w.identityError(), g.problem() + " " + op);
            }
        }
    }

    @Test
    void theTextStatesTheIdentityWithTheNumbers() {
        ConvGeometry g = CASES.get(0);
        Worked w = BackwardExplainer.work(Op.TRANSPOSE, g);
        String text = BackwardExplainer.explain(w);
        // x = 1 2 3 4, w = 1 2 3; stride 2, SAME on 7: pad 1 before; y[3] = x[1]*w[2] + x[2]*w[0] = 2*3 + 3*1 = 9
        assertEquals(9f, w.result().get(0, 3, 0));
        assertTrue(text.contains("y[3] = x[1]*w[2] + x[2]*w[0]\n    = 2*3 + 3*1 = 9   (conv4j: 9)"), text);
        assertTrue(text.contains("[1] zeros between neighbours -> [1,7,1]"), text);
        assertTrue(text.contains("pad it [1] before, [1] after"), text);
        assertTrue(text.contains("sizes 7..8 all come back to 4 forward, so the size is chosen: 7 (output_padding 0)"),
                text);
        assertTrue(text.contains("equal to y above, value for value"), text);
        String grad = BackwardExplainer.explain(BackwardExplainer.work(Op.GRAD_FILTER, CASES.get(1)));
        assertTrue(grad.contains("as its dilation"), grad);
        assertTrue(grad.contains("equal to dw above, value for value"), grad);
    }

    @Test
    void optionsTheWorkedFormDoesNotCoverAreRefusedByName() {
        ConvGeometry grouped = ConvSpec.builder(2).groups(2).build().geometry(Shape.of(1, 5, 5, 4), Shape.of(3, 3, 2, 4));
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> BackwardExplainer.work(Op.GRAD_INPUT, grouped));
        assertTrue(e.getMessage().contains("this convolution has groups"), e.getMessage());
    }
}
