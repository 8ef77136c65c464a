package dev.conv4j.nn;

import static dev.conv4j.nn.layer.Layers.conv1d;
import static dev.conv4j.nn.layer.Layers.conv2d;
import static dev.conv4j.nn.layer.Layers.dense;
import static dev.conv4j.nn.layer.Layers.dropout;
import static dev.conv4j.nn.layer.Layers.flatten;
import static dev.conv4j.nn.layer.Layers.globalAvgPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.data.FashionMnist;
import dev.conv4j.nn.data.Signals;
import dev.conv4j.nn.optim.Adam;
import dev.conv4j.nn.optim.Sgd;
import dev.conv4j.nn.zoo.Models;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialTest {
    private static Sequential small() {
        return Sequential.of("small", Shape.of(Signals.LENGTH, 1),
                conv1d(8, 5).padding(Padding.SAME), relu(), maxPool1d(4),
                conv1d(8, 3), relu(), globalAvgPool1d(), dropout(0.2), dense(4));
    }

    @Test
    void namesLayersAsKerasDoes() {
        Sequential m = Sequential.of("m", Shape.of(8, 8, 1), conv2d(2, 3), relu(), conv2d(2, 3).named("mine"),
                conv2d(2, 1), relu(), maxPool2d(2), flatten(), dense(3));
        List<String> names = m.layers().stream().map(Layer::name).toList();
        assertEquals(List.of("conv2d", "re_lu", "mine", "conv2d_1", "re_lu_1", "max_pooling2d", "flatten", "dense"), names);
        assertEquals(List.of("conv2d/kernel", "conv2d/bias", "mine/kernel", "mine/bias", "conv2d_1/kernel",
                "conv2d_1/bias", "dense/kernel", "dense/bias"), new ArrayList<>(m.namedParams().keySet()));
    }

    @Test
    void summaryListsShapesParametersAndFlops() {
        Sequential m = Models.named("lenet").build(Shape.of(32, 32, 1));
        String s = m.summary(true);
        assertTrue(s.contains("conv2d (Conv2D)"), s);
        assertTrue(s.contains("(None, 28, 28, 6)"), s);
        assertTrue(s.contains("(None, 5, 5, 16)"), s);
        // LeNet-5: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters
        assertTrue(s.contains("Total params: 61,706"), s);
        // conv2d: 28*28*6 outputs * 25 taps * 2 FLOPs
        assertTrue(s.contains("235,200"), s);
        assertTrue(s.contains("height: VALID: out = floor((32 - 5) / 1) + 1 = 28"), s);
        assertEquals(61_706, m.parameterCount());
    }

    @Test
    void seedArchitecturesHaveTheirShapes() {
        assertEquals(Shape.of(10), Models.named("lenet").build(Shape.of(28, 28, 1)).outputShape());
        assertEquals(Shape.of(112, 112, 64), Models.named("vgg-block").build(Shape.of(224, 224, 3)).outputShape());
        Sequential inception = Models.named("inception-1x1").build(Shape.of(28, 28, 192));
        assertEquals(Shape.of(28, 28, 32), inception.outputShape());
        // the 1x1 reduction: 28*28*16*192 + 28*28*32*25*16 multiply-adds instead of 28*28*32*25*192
        assertEquals(2L * (28 * 28 * 16 * 192 + 28 * 28 * 32 * 25 * 16),
                inception.layers().get(0).flops() + inception.layers().get(2).flops());
        assertEquals(Shape.of(8, 28, 28, 128), Models.named("c3d-block").build(Shape.of(16, 112, 112, 3)).outputShape());
    }

    @Test
    void shapeErrorsNameTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of("m", Shape.of(28, 28), conv2d(4, 3)));
        assertTrue(e.getMessage().contains("conv2d (Conv2D)") && e.getMessage().contains("[28,28]"), e.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of("m", Shape.of(2, 2, 1), conv2d(4, 3)));
        assertTrue(small.getMessage().contains("smaller"), small.getMessage());
    }

    private static Map<String, float[]> weights(Sequential m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        m.namedParams().forEach((k, p) -> out.put(k, p.value().data().clone()));
        return out;
    }

    private static Map<String, float[]> train(int threads, long seed) {
        Dataset data = Signals.generate(192, 5, "signals");
        Sequential m = small().initialize(seed);
        m.fit(data, null, new Adam(), new Training(2, 32, seed, Compute.threads(threads)), TrainingListener.NONE);
        return weights(m);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Map<String, float[]> a = train(2, 42);
        Map<String, float[]> b = train(2, 42);
        Map<String, float[]> single = train(1, 42);
        Map<String, float[]> other = train(2, 43);
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
            assertArrayEquals(a.get(name), single.get(name), name + " on one thread");
        }
        assertNotEquals(java.util.Arrays.toString(a.get("dense/kernel")), java.util.Arrays.toString(other.get("dense/kernel")));
    }

    @Test
    void lossFallsOnASmallSlice() throws IOException {
        Dataset data;
        Sequential m;
        if (FashionMnist.available()) {
            data = FashionMnist.train(FashionMnist.defaultDirectory()).slice(0, 512);
            m = Sequential.of("tiny", Shape.of(28, 28, 1), conv2d(8, 3), relu(), maxPool2d(2),
                    flatten(), dense(10)).initialize(1);
        } else {
            data = Signals.generate(512, 9, "signals");
            m = small().initialize(1);
        }
        Compute compute = Compute.threads(2);
        Evaluation before = m.evaluate(data, 128, compute);
        List<TrainingListener.Epoch> history = m.fit(data, null, new Adam(0.003), new Training(4, 32, 1, compute),
                TrainingListener.NONE);
        Evaluation after = m.evaluate(data, 128, compute);
        assertTrue(history.getLast().loss() < 0.7 * history.getFirst().loss(), history.toString());
        assertTrue(after.loss() < 0.6 * before.loss(), before + " -> " + after);
        assertTrue(after.accuracy() > 0.6, after.toString());
    }

    @Test
    void sgdWithMomentumAlsoLearns() {
        Dataset data = Signals.generate(256, 8, "signals");
        Sequential m = small().initialize(3);
        Compute compute = Compute.threads(2);
        double before = m.evaluate(data, 128, compute).loss();
        m.fit(data, null, new Sgd(0.05, 0.9, false), new Training(3, 32, 1, compute), TrainingListener.NONE);
        assertTrue(m.evaluate(data, 128, compute).loss() < 0.8 * before);
    }

    @Test
    void dataThatDoesNotFitIsRefused() {
        Dataset data = Signals.generate(8, 1, "signals");
        Sequential m = Sequential.of("m", Shape.of(64, 1), conv1d(2, 3), globalAvgPool1d(), dense(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(data, 4, Compute.threads(1)));
        assertTrue(e.getMessage().contains("[64,1]") && e.getMessage().contains("[128,1]"), e.getMessage());
    }
}
