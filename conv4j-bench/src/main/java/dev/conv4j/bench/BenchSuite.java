package dev.conv4j.bench;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named list of benchmark cases, read from the JSON form of {@code shapes.json}:
 *
 * <pre>{@code
 * {"about": "...", "cases": [
 *   {"name": "s5_vgg", "op": "conv2d", "input": [1,224,224,64], "filter": [3,3,64,64],
 *    "strides": [1,1], "padding": "SAME"}, ...]}
 * }</pre>
 *
 * {@code name}, {@code op}, {@code input}, {@code filter} and {@code padding} are required;
 * {@code strides} and {@code dilations} default to 1 (one value, or one per spatial axis);
 * {@code padding} is {@code "SAME"}, {@code "VALID"} or explicit pads {@code [b0, a0, b1, a1, ...]}.
 * A bare array of cases is accepted too. Anything else (unknown keys, wrong types, duplicate
 * names, shapes that do not fit the op) is refused with an {@link IllegalArgumentException}
 * naming the file and the case.
 *
 * @param source where the suite came from, for messages
 * @param about  the suite's own description (empty if it has none)
 * @param cases  in file order, names unique
 */
public record BenchSuite(String source, String about, List<BenchCase> cases) {
    /** The copy of {@code shapes.json} on the classpath. */
    public static final String STANDARD_RESOURCE = "shapes.json";

    private static final Set<String> KEYS = Set.of("name", "op", "input", "filter", "strides", "dilations", "padding");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public BenchSuite {
        cases = List.copyOf(cases);
    }

    /** The project's suite: the benchmark shapes s1..s13 (a copy of {@code bench/shapes.json}). */
    public static BenchSuite standard() {
        try (InputStream in = BenchSuite.class.getResourceAsStream(STANDARD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + STANDARD_RESOURCE + " missing from the conv4j-bench jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + STANDARD_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a suite file; a missing file is an {@link IOException}, a malformed one an IllegalArgumentException. */
    public static BenchSuite read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses suite JSON; {@code source} names it in error messages. */
    public static BenchSuite parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("suite " + source + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("suite " + source + " is empty");
        }
        String about = "";
        JsonNode list;
        if (root.isArray()) {
            list = root;
        } else if (root.isObject()) {
            list = root.get("cases");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("suite " + source + " has no \"cases\" array");
            }
            JsonNode a = root.get("about");
            about = a != null && a.isTextual() ? a.asText() : "";
        } else {
            throw new IllegalArgumentException("suite " + source
                    + " must be an object {\"cases\": [...]} or an array of cases, not " + root.getNodeType());
        }
        List<BenchCase> cases = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            BenchCase c = parseCase(list.get(i), source, i);
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("suite " + source + ": case name '" + c.name() + "' appears twice");
            }
            cases.add(c);
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("suite " + source + " has no cases");
        }
        return new BenchSuite(source, about, cases);
    }

    private static BenchCase parseCase(JsonNode node, String source, int index) {
        String where = "suite " + source + ", case #" + (index + 1);
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object, not " + node.getNodeType());
        }
        JsonNode nameNode = node.get("name");
        if (nameNode != null && nameNode.isTextual()) {
            where = "suite " + source + ", case " + nameNode.asText();
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\" (known: name, op, input, "
                        + "filter, strides, dilations, padding)");
            }
        }
        String name = text(node, "name", where);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": name '" + name
                    + "' may hold only letters, digits, '_', '.' and '-'");
        }
        BenchOp op;
        try {
            op = BenchOp.parse(text(node, "op", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        int rank = op.spatialRank();
        Shape input = Shape.of(ints(node, "input", where, true));
        Shape filter = Shape.of(ints(node, "filter", where, true));
        for (Map.Entry<String, Shape> e : Map.of("input", input, "filter", filter).entrySet()) {
            if (e.getValue().rank() != rank + 2) {
                throw new IllegalArgumentException(where + ": " + e.getKey() + " " + e.getValue() + " has rank "
                        + e.getValue().rank() + "; " + op + " needs rank " + (rank + 2));
            }
        }
        int[] strides = node.has("strides") ? ints(node, "strides", where, false) : new int[] {1};
        int[] dilations = node.has("dilations") ? ints(node, "dilations", where, false) : new int[] {1};
        Padding padding = padding(node.get("padding"), where);
        try {
            return new BenchCase(name, op, input, filter, strides, dilations, padding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("suite " + source + ", " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a non-empty string");
        }
        return v.asText();
    }

    private static int[] ints(JsonNode node, String key, String where, boolean sizes) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a non-empty array of whole numbers");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < (sizes ? 0 : 1)) {
                throw new IllegalArgumentException(where + ": \"" + key + "\" " + v + " holds " + e + "; expected whole "
                        + (sizes ? "numbers >= 0" : "numbers >= 1"));
            }
            out[i] = e.asInt();
        }
        return out;
    }

    private static Padding padding(JsonNode v, String where) {
        if (v == null) {
            throw new IllegalArgumentException(where + ": \"padding\" is missing (SAME, VALID or [b0, a0, b1, a1, ...])");
        }
        try {
            if (v.isTextual()) {
                return Padding.parse(v.asText());
            }
            if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode e : v) {
                    if (!e.isIntegralNumber()) {
                        throw new IllegalArgumentException("explicit padding " + v + " must hold whole numbers");
                    }
                    sb.append(sb.isEmpty() ? "" : ",").append(e.asInt());
                }
                return Padding.parse(sb.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(where + ": \"padding\" must be \"SAME\", \"VALID\" or [b0, a0, b1, a1, ...], not "
                + v);
    }

    /** The case names, in suite order. */
    public List<String> names() {
        return cases.stream().map(BenchCase::name).toList();
    }

    /**
     * The cases named, in the order given (each once); all cases when {@code names} is null or
     * empty. An unknown name is an IllegalArgumentException listing the suite's names.
     */
    public List<BenchCase> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return cases;
        }
        Map<String, BenchCase> byName = new LinkedHashMap<>();
        cases.forEach(c -> byName.put(c.name(), c));
        List<BenchCase> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : names) {
            String n = raw.strip();
            if (n.isEmpty() || !seen.add(n)) {
                continue;
            }
            BenchCase c = byName.get(n);
            if (c == null) {
                throw new IllegalArgumentException("unknown case '" + n + "' in suite " + source + "; its cases are: "
                        + String.join(", ", byName.keySet()));
            }
            out.add(c);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no case selected from suite " + source);
        }
        return out;
    }
}
