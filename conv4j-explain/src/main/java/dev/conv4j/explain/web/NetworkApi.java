package dev.conv4j.explain.web;

import dev.conv4j.draw.Mark;
import dev.conv4j.draw.SvgRenderer;
import dev.conv4j.explain.network.NetworkView;
import dev.conv4j.explain.network.Samples;
import dev.conv4j.explain.picture.NetworkPictures;
import dev.conv4j.io.Npy;
import dev.conv4j.nn.Layer;
import dev.conv4j.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network view of {@code conv4j serve --model DIR}: the model, run by conv4j on an uploaded
 * sample, layer by layer.
 *
 * <ul>
 *   <li>{@code GET /api/network/model}: the model's name, input shape and layers.</li>
 *   <li>{@code POST /api/network?invert=1} with a PNG/JPEG (grey models) or an .npy body: every
 *       layer's output shape, formulas and maps (2D: PNG data URLs, 1D: values; 3D: the middle
 *       slice), the prediction, and an id for the windows below.</li>
 *   <li>{@code GET /api/network/window?id=..&layer=..&channel=..&at=y,x}: one convolution output
 *       as its input window, weights, products and sum, with its picture.</li>
 * </ul>
 *
 * The last {@link #KEPT} runs are kept for their windows; older ids are answered "run it again".
 */
final class NetworkApi {
    static final int KEPT = 8;
    private final NetworkView.Saved saved;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, NetworkView> runs = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, NetworkView> eldest) {
                    return size() > KEPT;
                }
            });

    NetworkApi(NetworkView.Saved saved) {
        this.saved = saved;
    }

    Map<String, Object> model() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", saved.model().name());
        json.put("inputShape", saved.model().inputShape().dims());
        json.put("classes", saved.classes());
        json.put("layers", saved.model().layers().stream().map(l -> l.name() + " (" + l.className() + ")").toList());
        return json;
    }

    Map<String, Object> run(byte[] upload, Query q) {
        Tensor sample = sample(upload, q.text("invert", "0").equals("1"));
        NetworkView view;
        try {
            view = NetworkView.run(saved.model(), sample, saved.classes());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("upload", e.getMessage());
        }
        long id = ids.incrementAndGet();
        runs.put(id, view);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("model", saved.model().name());
        List<Map<String, Object>> layers = new ArrayList<>();
        layers.add(layer(-1, "input", "sample", List.of(), false, view.sample()));
        for (NetworkView.LayerOutput o : view.outputs()) {
            Layer l = o.layer();
            layers.add(layer(o.index(), l.name(), l.className(), o.formulas(view.inputOf(o.index()).shape()),
                    o.convolution(), o.output()));
        }
        json.put("layers", layers);
        NetworkView.Prediction p = view.prediction();
        json.put("predicted", p.predicted());
        json.put("predictedName", p.predictedName());
        json.put("classes", p.classes());
        json.put("probabilities", p.probabilities());
        return json;
    }

    private Tensor sample(byte[] upload, boolean invert) {
        boolean npy = upload.length > 6 && upload[0] == (byte) 0x93 && upload[1] == 'N' && upload[2] == 'U';
        if (npy) {
            try {
                return Npy.read(new ByteArrayInputStream(upload), "upload");
            } catch (IOException | IllegalArgumentException e) {
                throw ApiException.badRequest("upload", "the .npy upload could not be read: " + e.getMessage());
            }
        }
        int[] input = saved.model().inputShape().dims();
        if (input.length != 3 || input[2] != 1) {
            throw ApiException.badRequest("upload", "model " + saved.model().name() + " takes "
                    + saved.model().inputShape() + "; upload an .npy of that shape (images fit [H,W,1] models)");
        }
        return Samples.fromImage(FilterApi.downscaledGrey(upload), saved.model().inputShape(), invert);
    }

    private static Map<String, Object> layer(int index, String name, String className, List<String> formulas,
                                             boolean convolution, Tensor output) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", index);
        json.put("name", name);
        json.put("className", className);
        json.put("shape", output.shape().dims());
        json.put("formulas", formulas);
        json.put("convolution", convolution);
        int[] d = output.shape().dims();
        int rank = d.length - 2;
        List<Object> maps = new ArrayList<>();
        if (rank >= 1) {
            int channels = d[d.length - 1];
            for (int c = 0; c < Math.min(channels, NetworkPictures.MAX_MAPS); c++) {
                if (rank == 1) {
                    float[] values = new float[d[1]];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = output.data()[i * channels + c];
                    }
                    maps.add(Map.of("channel", c, "values", values));
                } else {
                    NetworkView.Map2d map = NetworkView.Map2d.of(output, c);
                    Mark.Pixels pixels = new Mark.Pixels(0, 0, map.width(), map.height(), map.width(), map.height(),
                            Mark.Pixels.stretchedGrey(map.values()), dev.conv4j.draw.Attributes.NONE);
                    maps.add(Map.of("channel", c, "png", FilterApi.dataUrl(pixels.image()), "height", map.height(),
                            "width", map.width(), "depthSlice", map.depth()));
                }
            }
            json.put("moreChannels", Math.max(0, channels - NetworkPictures.MAX_MAPS));
        } else {
            json.put("values", Arrays.copyOf(output.data(), Math.min(output.data().length, 256)));
        }
        json.put("maps", maps);
        return json;
    }

    Map<String, Object> window(Query q) {
        long id = q.integer("id", 0, 1, Integer.MAX_VALUE);
        NetworkView view = runs.get(id);
        if (view == null) {
            throw ApiException.badRequest("id", "run " + id + " is no longer kept (the last " + KEPT
                    + " are); upload the sample again");
        }
        int layer = q.integer("layer", 0, 0, view.outputs().size() - 1);
        if (!view.outputs().get(layer).convolution()) {
            throw ApiException.badRequest("layer", "layer " + layer + " (" + view.outputs().get(layer).layer().name()
                    + ") is not a convolution: click a map of a convolution layer");
        }
        int rank = view.outputs().get(layer).output().rank() - 2;
        int[] at = q.integers("at", rank, 0, 0, 1 << 16);
        NetworkView.Window w;
        try {
            w = view.window(layer, q.integer("channel", 0, 0, 1 << 16), at);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("at", e.getMessage());
        }
        String name = view.outputs().get(layer).layer().name();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("layer", layer);
        json.put("layerName", name);
        json.put("channel", w.channel());
        json.put("position", w.position());
        json.put("inputs", w.inputs().data());
        json.put("weights", w.weights().data());
        json.put("products", w.products());
        json.put("bias", w.bias());
        json.put("sum", w.sum());
        json.put("value", w.value());
        json.put("text", NetworkView.text(w, name));
        json.put("svg", SvgRenderer.render(NetworkPictures.window(view, w), "nw"));
        return json;
    }
}
