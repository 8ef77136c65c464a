package dev.conv4j.explain.network;

import static dev.conv4j.nn.layer.Layers.conv1d;
import static dev.conv4j.nn.layer.Layers.conv2d;
import static dev.conv4j.nn.layer.Layers.dense;
import static dev.conv4j.nn.layer.Layers.flatten;
import static dev.conv4j.nn.layer.Layers.globalAvgPool1d;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.draw.Drawing;
import dev.conv4j.draw.Mark;
import dev.conv4j.explain.picture.NetworkPictures;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkViewTest {
    @TempDir
    Path dir;

    /** A small 2D CNN with seeded random weights, built in code (no training needed to check the arithmetic). */
    static Sequential tinyCnn() {
        return Sequential.of("tiny-cnn", Shape.of(12, 10, 1), conv2d(4, 3).padding(Padding.SAME), relu(),
                maxPool2d(2), conv2d(3, 3).strides(2), relu(), flatten(), dense(10)).initialize(7);
    }

    static Tensor sample(Shape shape) {
        float[] v = new float[(int) shape.elementCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.abs(Math.sin(i * 0.37));
        }
        return Tensor.wrap(shape, v);
    }

    @Test
    void everyLayerIsTheModelsOwnForwardAndThePredictionItsSoftmax() throws IOException {
        Sequential model = tinyCnn();
        ModelFiles.save(model, dir, Map.of("data", "fashion-mnist"));
        NetworkView.Saved saved = NetworkView.load(dir);
        assertEquals("T-shirt/top", saved.classes().getFirst());
        Tensor x = sample(Shape.of(12, 10, 1));
        NetworkView view = NetworkView.run(saved.model(), x, saved.classes());
        assertEquals(7, view.outputs().size());
        assertEquals(Shape.of(1, 12, 10, 4), view.outputs().get(0).output().shape());
        assertEquals(Shape.of(1, 2, 2, 3), view.outputs().get(3).output().shape());
        Tensor logits = model.forward(x.reshape(Shape.of(1, 12, 10, 1)), Pass.inference(Compute.threads(1)));
        assertArrayEquals(logits.data(), view.outputs().getLast().output().data());
        float total = 0;
        for (float p : view.prediction().probabilities()) {
            total += p;
        }
        assertEquals(1f, total, 1e-5f);
        int best = 0;
        for (int i = 1; i < 10; i++) {
            best = logits.data()[i] > logits.data()[best] ? i : best;
        }
        assertEquals(best, view.prediction().predicted());
        assertTrue(view.text().contains("SAME: out = ceil(12 / 1) = 12"), view.text());
        // every layer says how its output follows from its input, those without formulas of their own too
        assertTrue(view.text().contains("[2,2,3] -> one vector of 2*2*3 = 12 values"), view.text());
        assertTrue(view.text().contains("10 outputs, each the weighted sum of all 12 inputs plus a bias (120 weights)"),
                view.text());
        assertTrue(view.text().contains("max(x, 0) for each of the 480 values"), view.text());
    }

    @Test
    void aWindowsProductsSumToTheValueConv4jComputed() {
        NetworkView view = NetworkView.run(tinyCnn(), sample(Shape.of(12, 10, 1)), NetworkView.classes("", 10));
        for (int[] at : List.of(new int[] {0, 0}, new int[] {5, 4}, new int[] {11, 9})) {
            for (int c = 0; c < 4; c++) {
                NetworkView.Window w = view.window(0, c, at);
                assertEquals(w.value(), w.sum(), 1e-5, "layer 0 channel " + c + " at " + at[0] + "," + at[1]);
            }
        }
        // the second convolution reads 4 channels of the pooled maps, with stride 2 and no padding
        NetworkView.Window w = view.window(3, 2, new int[] {1, 1});
        assertEquals(Shape.of(3, 3, 4), w.inputs().shape());
        assertEquals(w.value(), w.sum(), 1e-5);
        assertEquals(view.outputs().get(2).output().get(0, 2, 2, 1), w.inputs().get(0, 0, 1), "window starts at 2,2");
        // a corner window at SAME padding reads zeros for 5 of its 9 taps
        NetworkView.Window corner = view.window(0, 0, new int[] {0, 0});
        int pads = 0;
        for (boolean p : corner.onPadding()) {
            pads += p ? 1 : 0;
        }
        assertEquals(5, pads);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> view.window(1, 0, new int[2]));
        assertTrue(e.getMessage().contains("not a convolution layer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> view.window(0, 0, new int[] {12, 0}));
    }

    @Test
    void picturesShowEveryLayerAndTheWindow() {
        NetworkView view = NetworkView.run(tinyCnn(), sample(Shape.of(12, 10, 1)), NetworkView.classes("", 10));
        Drawing network = NetworkPictures.network(view, "");
        long maps = network.marks().stream().filter(m -> m instanceof Mark.Pixels).count();
        assertEquals(1 + 4 + 4 + 4 + 3 + 3 + 1 + 1, maps, "input, 4+4+4 maps, 3+3, then two strips");
        Drawing window = NetworkPictures.window(view, view.window(0, 1, new int[] {3, 3}));
        long weights = window.marks().stream().filter(m -> m instanceof Mark.Rect r
                && "weight".equals(r.attributes().values().get("class"))).count();
        assertEquals(9, weights);
    }

    @Test
    void volumeModelsShowTheMiddleSliceAndEveryDepthOfAWindow() {
        Sequential model = Sequential.of("tiny-3d", Shape.of(6, 6, 6, 1),
                dev.conv4j.nn.layer.Layers.conv3d(2, 3).padding(Padding.SAME), relu(),
                dev.conv4j.nn.layer.Layers.globalAvgPool3d(), dense(3)).initialize(4);
        NetworkView view = NetworkView.run(model, sample(Shape.of(6, 6, 6, 1)), NetworkView.classes("volumes", 3));
        NetworkView.Window w = view.window(0, 1, new int[] {2, 3, 4});
        assertEquals(w.value(), w.sum(), 1e-5);
        Drawing picture = NetworkPictures.window(view, w);
        List<Double> tops = picture.marks().stream().filter(m -> m instanceof Mark.Rect r
                && "weight".equals(r.attributes().values().get("class"))).map(m -> ((Mark.Rect) m).y()).distinct()
                .toList();
        assertEquals(9, tops.size(), "3 depth slices of 3 rows, none drawn over another");
        assertEquals(3, NetworkView.Map2d.of(view.outputs().get(0).output(), 0).depth(), "the middle slice of 6");
    }

    @Test
    void oneDimensionalModelsAreDrawnAsLinePlots() {
        Sequential model = Sequential.of("tiny-1d", Shape.of(32, 1), conv1d(3, 5).padding(Padding.SAME), relu(),
                globalAvgPool1d(), dense(4)).initialize(3);
        NetworkView view = NetworkView.run(model, sample(Shape.of(32, 1)), NetworkView.classes("signals", 4));
        assertEquals("sine", view.prediction().classes().getFirst());
        NetworkView.Window w = view.window(0, 2, new int[] {16});
        assertEquals(w.value(), w.sum(), 1e-5);
        Drawing d = NetworkPictures.network(view, "");
        assertTrue(d.marks().stream().filter(m -> m instanceof Mark.Line).count() >= 2 * 3 * 31, "line plots");
    }
}
