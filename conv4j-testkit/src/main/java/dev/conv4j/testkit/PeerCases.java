package dev.conv4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the peers' cases ({@code peer_cases.json}: 135 cases from the test suites of TensorFlow,
 * ONNX, ONNX Runtime, Keras and Deeplearning4j, each with its origin) from the class path.
 *
 * <p>Each call reads the file afresh, so no test can disturb another's tensors.
 */
public final class PeerCases {
    private static final String RESOURCE = "peer_cases.json";

    private PeerCases() {
    }

    /** All cases, in file order. */
    public static List<PeerCase> all() {
        try (InputStream in = PeerCases.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path next to " + PeerCases.class.getName());
            }
            List<PeerCase> cases = new ArrayList<>();
            for (JsonNode node : new ObjectMapper().readTree(in)) {
                cases.add(peerCase(node));
            }
            return List.copyOf(cases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The forward cases: {@code conv}, {@code depthwise_conv2d}, {@code separable_conv2d}. */
    public static List<PeerCase> forward() {
        return all().stream().filter(c -> c.op().isForward()).toList();
    }

    private static PeerCase peerCase(JsonNode node) {
        String id = node.get("id").asText();
        try {
            JsonNode source = node.get("source");
            JsonNode tolerance = node.get("tolerance");
            return new PeerCase(id,
                    new PeerCase.Source(text(source, "repo"), text(source, "path"), text(source, "test")),
                    PeerCase.Op.parse(text(node, "op")),
                    node.get("spatial_rank").asInt(),
                    text(node, "data_format"),
                    ints(node, "strides"),
                    ints(node, "dilations"),
                    padding(node.get("padding")),
                    node.get("groups").asInt(),
                    vector(node, "bias"),
                    tensor(node, "input"),
                    tensor(node, "filter"),
                    tensor(node, "pointwise_filter"),
                    tensor(node, "expected"),
                    ints(node, "input_sizes"),
                    ints(node, "filter_sizes"),
                    tensor(node, "out_backprop"),
                    new PeerCase.Tolerance(tolerance.get("rtol").asDouble(), tolerance.get("atol").asDouble()),
                    node.get("edge_case").asBoolean(),
                    text(node, "notes"),
                    texts(node, "features"),
                    text(node, "variant_of"),
                    original(node.get("original")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("peer case " + id + ": " + e.getMessage(), e);
        }
    }

    private static PeerCase.Original original(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        // ONNX calls the weights' layout weight_layout, DL4J weight_format; both describe "weight"
        String weightLayout = node.has("weight_layout") ? text(node, "weight_layout") : text(node, "weight_format");
        return new PeerCase.Original(text(node, "data_format"), text(node, "conversion"), tensor(node, "input"),
                tensor(node, "expected"), weightLayout, tensor(node, "weight"), text(node, "filter_layout"),
                tensor(node, "filter"), ints(node, "input_sizes"), tensor(node, "out_backprop"));
    }

    /** {@code "SAME"}, {@code "VALID"} or {@code [[before, after], ...]} per spatial axis. */
    private static Padding padding(JsonNode node) {
        if (node.isTextual()) {
            return Padding.parse(node.asText());
        }
        int[] before = new int[node.size()];
        int[] after = new int[node.size()];
        for (int axis = 0; axis < node.size(); axis++) {
            before[axis] = node.get(axis).get(0).asInt();
            after[axis] = node.get(axis).get(1).asInt();
        }
        return new Padding.Explicit(before, after);
    }

    /** The tensor stored as {@code <name>_shape} and flat row-major {@code <name>}, or null. */
    private static Tensor tensor(JsonNode node, String name) {
        if (absent(node.get(name))) {
            return null;
        }
        return Tensor.wrap(Shape.of(ints(node, name + "_shape")), floats(node.get(name)));
    }

    /** A rank-1 tensor stored as a plain list, like the bias; or null. */
    private static Tensor vector(JsonNode node, String name) {
        if (absent(node.get(name))) {
            return null;
        }
        float[] values = floats(node.get(name));
        return Tensor.wrap(Shape.of(values.length), values);
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static int[] ints(JsonNode node, String name) {
        JsonNode array = node.get(name);
        if (absent(array)) {
            return null;
        }
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static String text(JsonNode node, String name) {
        return absent(node.get(name)) ? null : node.get(name).asText();
    }

    private static List<String> texts(JsonNode node, String name) {
        List<String> values = new ArrayList<>();
        if (!absent(node.get(name))) {
            node.get(name).forEach(value -> values.add(value.asText()));
        }
        return List.copyOf(values);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }
}
