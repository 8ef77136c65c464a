package dev.conv4j.nn.layer;

import static dev.conv4j.nn.layer.Layers.avgPool1d;
import static dev.conv4j.nn.layer.Layers.avgPool2d;
import static dev.conv4j.nn.layer.Layers.avgPool3d;
import static dev.conv4j.nn.layer.Layers.globalAvgPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.maxPool3d;
import static dev.conv4j.nn.layer.Layers.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pooling against values worked out by hand, including TensorFlow's SAME average over valid elements only. */
class PoolingTest {
    private static final Compute COMPUTE = Compute.threads(2);
    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static Tensor run(Layer layer, Shape sample, float... values) {
        Sequential.of("pool", sample, relu(), layer);
        int[] dims = new int[sample.rank() + 1];
        dims[0] = 1;
        System.arraycopy(sample.dims(), 0, dims, 1, sample.rank());
        return layer.forward(Tensor.wrap(Shape.of(dims), values), Pass.training(COMPUTE));
    }

    @Test
    void maxPool2x2OnA4x4Image() {
        Tensor y = run(maxPool2d(2), Shape.of(4, 4, 1),
                1, 5, 2, 0,
                3, 4, 8, 1,
                0, 0, 1, 1,
                9, 2, 1, 7);
        assertEquals(Shape.of(1, 2, 2, 1), y.shape());
        assertArrayEquals(new float[] {5, 8, 9, 7}, y.data());
    }

    @Test
    void maxPoolRoutesTheGradientToTheFirstMaximum() {
        Pooling pool = maxPool2d(2);
        run(pool, Shape.of(2, 2, 1), 3, 7, 7, 1);
        Tensor dx = pool.backward(Tensor.wrap(Shape.of(1, 1, 1, 1), new float[] {2.5f}), Pass.training(COMPUTE));
        assertArrayEquals(new float[] {0, 2.5f, 0, 0}, dx.data());
    }

    @Test
    void sameAveragePoolDividesByTheValidElementsOnly() {
        // 3x3 window, stride 1, SAME on [[1,2,3],[4,5,6],[7,8,9]]: a corner sees 4 elements, an edge 6, the centre 9
        Tensor y = run(avgPool2d(3).strides(1).padding(Padding.SAME), Shape.of(3, 3, 1), ONE_TO_NINE);
        assertArrayEquals(new float[] {
            (1 + 2 + 4 + 5) / 4f, (1 + 2 + 3 + 4 + 5 + 6) / 6f, (2 + 3 + 5 + 6) / 4f,
            (1 + 2 + 4 + 5 + 7 + 8) / 6f, 45 / 9f, (2 + 3 + 5 + 6 + 8 + 9) / 6f,
            (4 + 5 + 7 + 8) / 4f, (4 + 5 + 6 + 7 + 8 + 9) / 6f, (5 + 6 + 8 + 9) / 4f}, y.data(), 1e-6f);
    }

    @Test
    void sameAveragePoolPutsTheOddPadAfter() {
        // 2x2 window, stride 2 on 3x3: out ceil(3/2) = 2, pad_total 1 -> before 0, after 1
        Tensor y = run(avgPool2d(2).padding(Padding.SAME), Shape.of(3, 3, 1), ONE_TO_NINE);
        assertArrayEquals(new float[] {(1 + 2 + 4 + 5) / 4f, (3 + 6) / 2f, (7 + 8) / 2f, 9}, y.data(), 1e-6f);
    }

    @Test
    void sameAveragePoolGradientSharesByTheValidCount() {
        Pooling pool = avgPool2d(2).padding(Padding.SAME);
        run(pool, Shape.of(3, 3, 1), ONE_TO_NINE);
        Tensor dx = pool.backward(Tensor.wrap(Shape.of(1, 2, 2, 1), new float[] {4, 2, 2, 1}), Pass.training(COMPUTE));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, dx.data(), 1e-6f);
    }

    @Test
    void validPoolDropsTheRemainder() {
        Tensor y = run(maxPool1d(2), Shape.of(5, 1), 1, 4, 2, 3, 9);
        assertArrayEquals(new float[] {4, 3}, y.data());
        Tensor avg = run(avgPool1d(2).strides(1), Shape.of(5, 1), 1, 4, 2, 3, 9);
        assertArrayEquals(new float[] {2.5f, 3, 2.5f, 6}, avg.data());
    }

    @Test
    void poolsEachChannelSeparately() {
        // channels-last [4, 2]: channel 0 = 1,2,3,4; channel 1 = 8,7,6,5
        Tensor y = run(maxPool1d(2), Shape.of(4, 2), 1, 8, 2, 7, 3, 6, 4, 5);
        assertArrayEquals(new float[] {2, 8, 4, 6}, y.data());
        Tensor first = run(maxPool1d(2).dataFormat(DataFormat.CHANNELS_FIRST), Shape.of(2, 4), 1, 2, 3, 4, 8, 7, 6, 5);
        assertArrayEquals(new float[] {2, 4, 8, 6}, first.data());
    }

    @Test
    void threeDimensionalPools() {
        float[] cube = new float[27];
        for (int i = 0; i < 27; i++) {
            cube[i] = i;
        }
        // 2x2x2 VALID on 3x3x3: the window at the origin covers 0,1,3,4,9,10,12,13
        assertArrayEquals(new float[] {13}, run(maxPool3d(2), Shape.of(3, 3, 3, 1), cube).data());
        assertArrayEquals(new float[] {(0 + 1 + 3 + 4 + 9 + 10 + 12 + 13) / 8f},
                run(avgPool3d(2), Shape.of(3, 3, 3, 1), cube).data(), 1e-6f);
        // SAME, stride 2: 2x2x2 outputs; the last corner window holds only element 26
        Tensor same = run(avgPool3d(2).padding(Padding.SAME), Shape.of(3, 3, 3, 1), cube);
        assertEquals(Shape.of(1, 2, 2, 2, 1), same.shape());
        assertEquals(26f, same.data()[7]);
        assertEquals((2 + 5 + 11 + 14) / 4f, same.data()[1], 1e-6f);
    }

    @Test
    void globalAveragePool() {
        Tensor y = run(globalAvgPool1d(), Shape.of(3, 2), 1, 10, 2, 20, 3, 30);
        assertArrayEquals(new float[] {2, 20}, y.data(), 1e-6f);
    }

    @Test
    void formulasAndErrors() {
        Pooling pool = avgPool2d(2).padding(Padding.SAME);
        Sequential.of("pool", Shape.of(3, 3, 1), pool);
        assertTrue(pool.formulas().get(0).contains("SAME: out = ceil(3 / 2) = 2"), pool.formulas().toString());
        assertThrows(IllegalArgumentException.class, () -> maxPool2d(2).padding(Padding.CAUSAL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of("pool", Shape.of(3, 1), maxPool2d(2)));
        assertTrue(e.getMessage().contains("max_pooling2d"), e.getMessage());
    }
}
