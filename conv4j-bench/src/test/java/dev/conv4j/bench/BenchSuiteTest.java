package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSuiteTest {

    @Test
    void theBuiltInSuiteHoldsTheThirteenCases() {
        BenchSuite suite = BenchSuite.standard();
        assertEquals(List.of("s1_signal", "s2_sentence", "s3_image_filters", "s4_4k_gray", "s5_vgg", "s6_resnet_stem",
                "s7_1x1", "s8_lenet_batch", "s9_depthwise", "s10_lidar", "s11_c3d", "s12_vgg_grad_input",
                "s13_vgg_grad_filter"), suite.names());
        assertTrue(suite.about().startsWith("conv4j benchmark suite."), suite.about());
        assertEquals(2, suite.cases().stream().filter(c -> c.op().gradient()).count());
        BenchCase gradInput = suite.select(List.of("s12_vgg_grad_input")).get(0);
        BenchCase gradFilter = suite.select(List.of("s13_vgg_grad_filter")).get(0);
        assertEquals(gradInput.input(), gradInput.resultShape());
        assertEquals(gradFilter.filter(), gradFilter.resultShape());
        assertEquals(suite.select(List.of("s5_vgg")).get(0).flops(), gradFilter.flops(), "the forward's FLOPs");
    }

    /** shapes.json's formula, computed here from its words rather than by ConvGeometry. */
    @Test
    void flopsFollowTheSuitesFormula() {
        for (BenchCase c : BenchSuite.standard().cases()) {
            int r = c.op().spatialRank();
            int[] in = c.input().dims();
            int[] k = c.filter().dims();
            int[] s = c.strides();
            long flops = 2L * in[0];
            for (int i = 0; i < r; i++) {
                int stride = s.length == 1 ? s[0] : s[i];
                long out = c.padding().toString().equals("SAME") ? (in[1 + i] + stride - 1) / stride
                        : (in[1 + i] - k[i] + stride) / stride;
                flops *= out * k[i];
            }
            int cin = in[r + 1];
            flops *= c.op().depthwise() ? (long) cin * k[r + 1] : (long) k[r + 1] * cin;
            assertEquals(flops, c.flops(), c.name());
        }
        assertEquals(3_699_376_128L, BenchSuite.standard().select(List.of("s5_vgg")).get(0).flops());
    }

    @Test
    void selectKeepsTheOrderGivenAndDropsRepeats() {
        BenchSuite suite = BenchSuite.standard();
        assertEquals(List.of("s9_depthwise", "s1_signal"),
                suite.select(List.of("s9_depthwise", " s1_signal", "s9_depthwise", "")).stream()
                        .map(BenchCase::name).toList());
        assertEquals(13, suite.select(List.of()).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suite.select(List.of("s14")));
        assertTrue(e.getMessage().contains("unknown case 's14'"), e.getMessage());
    }

    @Test
    void aBareArrayAndDefaultsAreAccepted() {
        BenchSuite suite = BenchSuite.parse("[{\"name\": \"x\", \"op\": \"conv2d\", \"input\": [1,6,6,2],"
                + " \"filter\": [3,3,2,4], \"padding\": [1,1,0,3]}]", "inline");
        BenchCase c = suite.cases().get(0);
        assertArrayEquals(new int[] {1}, c.strides());
        assertEquals("[1,6,7,4]", c.geometry().outputShape().toString());
        assertEquals("", suite.about());
    }
}
