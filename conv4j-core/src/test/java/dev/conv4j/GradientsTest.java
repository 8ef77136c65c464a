package dev.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradients on hand-checked cases, and the adjoint identity that ties them to the forward pass. */
class GradientsTest {

    private static Tensor ramp(int... dims) {
        Shape shape = Shape.of(dims);
        float[] data = new float[(int) shape.elementCount()];
        for (int i = 0; i < data.length; i++) {
            data[i] = i + 1;
        }
        return Tensor.wrap(shape, data);
    }

    @Test
    void gradInputOfTensorFlowsTwoByTwoCase() {
        // conv_ops_test.testConv2D2x2Depth1ValidBackpropInput
        Tensor dx = Conv.gradInput(ConvSpec.builder(2).build(), Shape.of(1, 2, 3, 1), ramp(2, 2, 1, 1), ramp(1, 1, 2, 1));
        assertArrayEquals(new float[] {1, 4, 4, 3, 10, 8}, dx.data());
    }

    @Test
    void gradFilterOfTensorFlowsTwoByTwoCase() {
        // conv_ops_test.testConv2D2x2Depth1ValidBackpropFilter
        Tensor dw = Conv.gradFilter(ConvSpec.builder(2).build(), ramp(1, 2, 3, 1), Shape.of(2, 2, 1, 1), ramp(1, 1, 2, 1));
        assertArrayEquals(new float[] {5, 8, 14, 17}, dw.data());
    }

    @Test
    void gradBiasSumsPerChannel() {
        Tensor dy = ramp(2, 3, 2); // NWC
        assertArrayEquals(new float[] {1 + 3 + 5 + 7 + 9 + 11, 2 + 4 + 6 + 8 + 10 + 12},
                Conv.gradBias(ConvSpec.builder(1).build(), dy).data());
    }

    @Test
    void transposeWithOutputPaddingPicksAmongTheLegalSizes() {
        ConvSpec spec = ConvSpec.builder(1).strides(2).build();
        Tensor x = Tensor.filled(Shape.of(1, 3, 1), 1);
        Tensor w = Tensor.filled(Shape.of(3, 1, 1), 1);
        // forward VALID k3 s2: widths 7 and 8 both give 3
        assertEquals(Shape.of(1, 7, 1), Conv.transpose(spec, x, w, new int[] {0}).shape());
        Tensor y = Conv.transpose(spec, x, w, new int[] {1});
        assertArrayEquals(new float[] {1, 1, 2, 1, 2, 1, 1, 0}, y.data());
        ConvShapeException e = assertThrows(ConvShapeException.class, () -> Conv.transpose(spec, x, w, new int[] {2}));
        assertEquals("output_padding 2 along width is not in the legal range 0..1 (stride 2)", e.getMessage());
    }

    @Test
    void anUnproducibleOutputShapeListsTheLegalSizes() {
        ConvSpec spec = ConvSpec.builder(2).strides(2).padding(Padding.SAME).build();
        ConvShapeException e = assertThrows(ConvShapeException.class, () -> Conv.transpose(spec,
                Tensor.zeros(Shape.of(1, 4, 4, 1)), Tensor.zeros(Shape.of(3, 3, 1, 1)), Shape.of(1, 9, 8, 1)));
        assertEquals("output-shape [1,9,8,1] gives a forward output [1,5,4,1], not [1,4,4,1]"
                + " (conv2d n1 in9x8x1 k3x3x1x1 out5x4x1 s2x2 d1x1 pad1+1,0+1 g1 NHWC zero);"
                + " sizes that give [1,4,4,1]: height 7..8; width 7..8", e.getMessage());
    }

    /**
     * For any linear map A, {@code <dy, A x> = <A^T dy, x>}: the input gradient is the adjoint of
     * the forward convolution in x, the filter gradient its adjoint in w. Checked in float64 sums
     * of float32 results, on every option including boundary modes, groups and layouts.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void gradientsAreTheAdjointsOfTheForwardPass(int seed) {
        Random rnd = new Random(seed);
        int r = 1 + seed % 3;
        int groups = 1 + rnd.nextInt(2);
        int cin = groups * (1 + rnd.nextInt(3));
        int cout = groups * (1 + rnd.nextInt(3));
        int[] in = new int[r];
        int[] k = new int[r];
        for (int a = 0; a < r; a++) {
            in[a] = 6 + rnd.nextInt(6);
            k[a] = 1 + rnd.nextInt(3);
        }
        Padding[] paddings = {Padding.SAME, Padding.VALID, Padding.symmetric(filled(r, 2))};
        ConvSpec spec = ConvSpec.builder(r)
                .strides(1 + rnd.nextInt(3)).dilations(1 + rnd.nextInt(2))
                .padding(paddings[seed % 3]).groups(groups)
                .dataFormat(seed % 2 == 0 ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST)
                .filterFormat(seed % 4 < 2 ? FilterFormat.HWIO : FilterFormat.OIHW)
                .boundary(Boundary.values()[seed % Boundary.values().length])
                .flipKernel(seed % 5 == 0)
                .build();
        int[] inputDims = new int[r + 2];
        inputDims[0] = 2;
        inputDims[spec.dataFormat().channelAxis(r)] = cin;
        for (int a = 0; a < r; a++) {
            inputDims[spec.dataFormat().spatialAxis(r, a)] = in[a];
        }
        int[] filterDims = new int[r + 2];
        for (int a = 0; a < r; a++) {
            filterDims[spec.filterFormat().kernelAxis(r, a)] = k[a];
        }
        filterDims[spec.filterFormat().inChannelAxis(r)] = cin / groups;
        filterDims[spec.filterFormat().outChannelAxis(r)] = cout;
        Tensor x = random(Shape.of(inputDims), rnd);
        Tensor w = random(Shape.of(filterDims), rnd);
        Tensor y = Conv.forward(spec, x, w);
        Tensor dy = random(y.shape(), rnd);
        double forward = dot(dy, y);
        double viaInput = dot(Conv.gradInput(spec, x.shape(), w, dy), x);
        double viaFilter = dot(Conv.gradFilter(spec, x, w.shape(), dy), w);
        double scale = Math.max(1, Math.abs(forward));
        assertEquals(forward, viaInput, 1e-4 * scale, spec + " " + x.shape());
        assertEquals(forward, viaFilter, 1e-4 * scale, spec + " " + x.shape());
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Tensor random(Shape shape, Random rnd) {
        float[] d = new float[(int) shape.elementCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() * 2 - 1;
        }
        return Tensor.wrap(shape, d);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += (double) a.data()[i] * b.data()[i];
        }
        return s;
    }
}
