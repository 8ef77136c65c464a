package dev.conv4j.io.zarr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zarr metadata documents to {@link ZarrMetadata} and back: v2's {@code .zarray} (+ {@code .zattrs})
 * and v3's {@code zarr.json}. Parsing is strict: every error names the document and the field.
 */
final class ZarrJson {
    /** Accepts the NaN and Infinity literals zarr-python writes for float fill values. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final Set<String> V3_KEYS = Set.of("zarr_format", "node_type", "shape", "data_type", "chunk_grid",
            "chunk_key_encoding", "fill_value", "codecs", "attributes", "dimension_names", "storage_transformers");

    private ZarrJson() {
    }

    static JsonNode tree(byte[] json, String source) throws ZarrFormatException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ZarrFormatException(source, "not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ZarrFormatException(source, "not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ZarrFormatException(source, "metadata is not a JSON object");
        }
        return node;
    }

    /** A v2 {@code .zarray} (and the {@code .zattrs} document, or null). */
    static ZarrMetadata parseV2(byte[] zarray, byte[] zattrs, String source, String attrsSource) throws ZarrFormatException {
        JsonNode root = tree(zarray, source);
        Fields f = new Fields(root, source);
        int format = f.integer("zarr_format");
        if (format != 2) {
            throw f.error("zarr_format", "is " + format + "; a .zarray document is format 2");
        }
        long[] shape = f.sizes("shape", 0);
        int[] chunks = f.chunkSizes("chunks", shape.length);
        JsonNode dtype = f.required("dtype");
        if (!dtype.isTextual()) {
            throw f.error("dtype", dtype + " is a structured dtype; conv4j reads numeric arrays (<f4, <f8, |i1..<i8, |u1..<u8)");
        }
        String code = dtype.asText();
        if (code.length() < 3 || "<>|".indexOf(code.charAt(0)) < 0 || ZarrDataType.fromV2(code.substring(1)) == null) {
            throw f.error("dtype", "'" + code + "' is not one of the numeric types conv4j reads (<f4, <f8, |i1, <i2, <i4,"
                    + " <i8, |u1, <u2, <u4, <u8; > for big-endian)");
        }
        ZarrDataType type = ZarrDataType.fromV2(code.substring(1));
        if (code.charAt(0) == '|' && type.bytes() > 1) {
            throw f.error("dtype", "'" + code + "' needs a byte order (< or >)");
        }
        ByteOrder order = code.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String memoryOrder = f.text("order");
        if (!memoryOrder.equals("C")) {
            throw f.error("order", "'" + memoryOrder + "': conv4j reads C order only (re-save with order='C')");
        }
        JsonNode filters = root.get("filters");
        if (filters != null && !filters.isNull() && !(filters.isArray() && filters.isEmpty())) {
            throw f.error("filters", "has " + filters + "; conv4j reads arrays without filters");
        }
        ZarrCodec codec = v2Compressor(root.get("compressor"), f);
        double fill = fillValue(root.get("fill_value"), type, f);
        char separator = '.';
        if (root.has("dimension_separator")) {
            String s = f.text("dimension_separator");
            if (!s.equals(".") && !s.equals("/")) {
                throw f.error("dimension_separator", "'" + s + "' is not '.' or '/'");
            }
            separator = s.charAt(0);
        }
        Map<String, Object> attributes = Map.of();
        if (zattrs != null) {
            attributes = MAPPER.convertValue(tree(zattrs, attrsSource), MAP);
        }
        return build(f, 2, shape, chunks, type, order, fill, codec, new ZarrMetadata.KeyEncoding(false, separator), attributes);
    }

    private static ZarrCodec v2Compressor(JsonNode node, Fields f) throws ZarrFormatException {
        if (node == null || node.isNull()) {
            return ZarrCodec.NONE;
        }
        if (!node.isObject() || !node.path("id").isTextual()) {
            throw f.error("compressor", node + " is not null or an object with an \"id\"");
        }
        String id = node.get("id").asText();
        ZarrCodec.Kind kind = switch (id) {
            case "zlib" -> ZarrCodec.Kind.ZLIB;
            case "gzip" -> ZarrCodec.Kind.GZIP;
            case "zstd" -> ZarrCodec.Kind.ZSTD;
            default -> throw f.error("compressor", "'" + id + "' is not supported: conv4j reads none, zlib, gzip and zstd"
                    + " (re-save with one of those, e.g. numcodecs.Zstd())");
        };
        return codec(kind, node.path("level"), f, "compressor.level");
    }

    private static ZarrCodec codec(ZarrCodec.Kind kind, JsonNode level, Fields f, String field) throws ZarrFormatException {
        int l = kind == ZarrCodec.Kind.ZSTD ? 0 : 1;
        if (!level.isMissingNode() && !level.isNull()) {
            if (!level.canConvertToInt() || !level.isIntegralNumber()) {
                throw f.error(field, level + " is not a whole number");
            }
            l = level.asInt();
        }
        try {
            return new ZarrCodec(kind, l);
        } catch (IllegalArgumentException e) {
            throw f.error(field, e.getMessage());
        }
    }

    /** A v3 {@code zarr.json} of an array. */
    static ZarrMetadata parseV3(byte[] json, String source) throws ZarrFormatException {
        JsonNode root = tree(json, source);
        Fields f = new Fields(root, source);
        int format = f.integer("zarr_format");
        if (format != 3) {
            throw f.error("zarr_format", "is " + format + "; a zarr.json document is format 3");
        }
        String nodeType = f.text("node_type");
        if (!nodeType.equals("array")) {
            throw f.error("node_type", "is '" + nodeType + "': this is not an array (open one of the group's arrays)");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode v = root.get(key);
            if (!V3_KEYS.contains(key) && !(v.isObject() && v.path("must_understand").isBoolean()
                    && !v.get("must_understand").asBoolean())) {
                throw f.error(key, "is an extension conv4j does not understand (the spec says to refuse it unless it"
                        + " says \"must_understand\": false)");
            }
        }
        long[] shape = f.sizes("shape", 0);
        String typeName = f.text("data_type");
        ZarrDataType type = ZarrDataType.fromV3(typeName);
        if (type == null) {
            throw f.error("data_type", "'" + typeName + "' is not one of float32, float64, int8..int64, uint8..uint64");
        }
        JsonNode grid = f.required("chunk_grid");
        if (!grid.path("name").asText("").equals("regular")) {
            throw f.error("chunk_grid.name", grid.path("name") + " is not \"regular\"");
        }
        int[] chunks = new Fields(grid.path("configuration"), source, "chunk_grid.configuration.")
                .chunkSizes("chunk_shape", shape.length);
        ZarrMetadata.KeyEncoding keys = keyEncoding(f.required("chunk_key_encoding"), f);
        double fill = fillValue(f.required("fill_value"), type, f);
        JsonNode codecs = f.required("codecs");
        if (!codecs.isArray() || codecs.isEmpty()) {
            throw f.error("codecs", "is not a non-empty list");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ZarrCodec codec = ZarrCodec.NONE;
        boolean sawBytes = false;
        for (int i = 0; i < codecs.size(); i++) {
            JsonNode c = codecs.get(i);
            String field = "codecs[" + i + "]";
            String name = c.isTextual() ? c.asText() : c.path("name").asText("");
            JsonNode conf = c.path("configuration");
            switch (name) {
                case "bytes" -> {
                    if (sawBytes) {
                        throw f.error(field, "a second \"bytes\" codec");
                    }
                    sawBytes = true;
                    String endian = conf.path("endian").asText(type.bytes() == 1 ? "little" : "");
                    order = switch (endian) {
                        case "little" -> ByteOrder.LITTLE_ENDIAN;
                        case "big" -> ByteOrder.BIG_ENDIAN;
                        default -> throw f.error(field + ".configuration.endian", "'" + endian + "' is not little or big");
                    };
                }
                case "gzip", "zstd" -> {
                    if (!sawBytes) {
                        throw f.error(field, "'" + name + "' comes before the \"bytes\" codec");
                    }
                    if (codec.kind() != ZarrCodec.Kind.NONE) {
                        throw f.error(field, "a second compression ('" + name + "'); conv4j reads one");
                    }
                    if (name.equals("zstd") && conf.path("checksum").asBoolean(false)) {
                        throw f.error(field + ".configuration.checksum", "true is not supported; write with checksum false");
                    }
                    codec = codec(name.equals("gzip") ? ZarrCodec.Kind.GZIP : ZarrCodec.Kind.ZSTD, conf.path("level"), f,
                            field + ".configuration.level");
                }
                default -> throw f.error(field, "codec '" + name + "' is not supported: conv4j reads bytes, then"
                        + " optionally gzip or zstd (no transpose, sharding, blosc or checksums)");
            }
        }
        if (!sawBytes) {
            throw f.error("codecs", "has no \"bytes\" codec");
        }
        JsonNode transformers = root.get("storage_transformers");
        if (transformers != null && !(transformers.isArray() && transformers.isEmpty())) {
            throw f.error("storage_transformers", "is not empty; conv4j reads arrays without storage transformers");
        }
        Map<String, Object> attributes = Map.of();
        JsonNode attrs = root.get("attributes");
        if (attrs != null) {
            if (!attrs.isObject()) {
                throw f.error("attributes", "is not an object");
            }
            attributes = MAPPER.convertValue(attrs, MAP);
        }
        return build(f, 3, shape, chunks, type, order, fill, codec, keys, attributes);
    }

    private static ZarrMetadata.KeyEncoding keyEncoding(JsonNode node, Fields f) throws ZarrFormatException {
        String name = node.path("name").asText("");
        boolean prefixed = switch (name) {
            case "default" -> true;
            case "v2" -> false;
            default -> throw f.error("chunk_key_encoding.name", "'" + name + "' is not default or v2");
        };
        String separator = node.path("configuration").path("separator").asText(prefixed ? "/" : ".");
        if (!separator.equals("/") && !separator.equals(".")) {
            throw f.error("chunk_key_encoding.configuration.separator", "'" + separator + "' is not '/' or '.'");
        }
        return new ZarrMetadata.KeyEncoding(prefixed, separator.charAt(0));
    }

    private static double fillValue(JsonNode node, ZarrDataType type, Fields f) throws ZarrFormatException {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            String s = node.asText();
            double v = switch (s) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> {
                    if (s.startsWith("0x") && type.floating()) {
                        long bits = Long.parseUnsignedLong(s.substring(2), 16);
                        yield type == ZarrDataType.FLOAT32 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
                    }
                    throw f.error("fill_value", "'" + s + "' is not a number, NaN, Infinity or -Infinity");
                }
            };
            if (!type.floating()) {
                throw f.error("fill_value", "'" + s + "' is not a whole number, as " + type.v3Name() + " needs");
            }
            return v;
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? 1 : 0;
        }
        if (!node.isNumber() || (!type.floating() && !node.isIntegralNumber())) {
            throw f.error("fill_value", node + " is not a " + (type.floating() ? "number" : "whole number") + " for "
                    + type.v3Name());
        }
        return node.asDouble();
    }

    private static ZarrMetadata build(Fields f, int format, long[] shape, int[] chunks, ZarrDataType type, ByteOrder order,
                                      double fill, ZarrCodec codec, ZarrMetadata.KeyEncoding keys,
                                      Map<String, Object> attributes) throws ZarrFormatException {
        try {
            return new ZarrMetadata(format, shape, chunks, type, order, fill, codec, keys, attributes);
        } catch (IllegalArgumentException e) {
            throw new ZarrFormatException(f.source, e.getMessage());
        }
    }

    static byte[] v2Array(ZarrMetadata m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("chunks", ints(m.chunks()));
        if (m.codec().kind() == ZarrCodec.Kind.NONE) {
            root.putNull("compressor");
        } else {
            root.putObject("compressor").put("id", m.codec().kind().zarrName()).put("level", m.codec().level());
        }
        root.put("dimension_separator", String.valueOf(m.keyEncoding().separator()));
        char byteOrder = m.dataType().bytes() == 1 ? '|' : m.byteOrder() == ByteOrder.BIG_ENDIAN ? '>' : '<';
        root.put("dtype", byteOrder + m.dataType().v2Code());
        putFill(root, m);
        root.putNull("filters");
        root.put("order", "C");
        root.set("shape", longs(m.shape()));
        root.put("zarr_format", 2);
        return bytes(root);
    }

    static byte[] v2Attributes(ZarrMetadata m) {
        return bytes(MAPPER.valueToTree(m.attributes()));
    }

    static byte[] v3Array(ZarrMetadata m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("zarr_format", 3);
        root.put("node_type", "array");
        root.set("shape", longs(m.shape()));
        root.put("data_type", m.dataType().v3Name());
        ObjectNode grid = root.putObject("chunk_grid");
        grid.put("name", "regular");
        grid.putObject("configuration").set("chunk_shape", ints(m.chunks()));
        ObjectNode keys = root.putObject("chunk_key_encoding");
        keys.put("name", m.keyEncoding().prefixed() ? "default" : "v2");
        keys.putObject("configuration").put("separator", String.valueOf(m.keyEncoding().separator()));
        putFill(root, m);
        ArrayNode codecs = root.putArray("codecs");
        ObjectNode bytes = codecs.addObject();
        bytes.put("name", "bytes");
        bytes.putObject("configuration").put("endian", m.byteOrder() == ByteOrder.BIG_ENDIAN ? "big" : "little");
        if (m.codec().kind() != ZarrCodec.Kind.NONE) {
            ObjectNode c = codecs.addObject();
            c.put("name", m.codec().kind().zarrName());
            ObjectNode conf = c.putObject("configuration").put("level", m.codec().level());
            if (m.codec().kind() == ZarrCodec.Kind.ZSTD) {
                conf.put("checksum", false);
            }
        }
        root.set("attributes", MAPPER.valueToTree(m.attributes()));
        return bytes(root);
    }

    private static void putFill(ObjectNode root, ZarrMetadata m) {
        double v = m.fillValue();
        if (Double.isNaN(v)) {
            root.put("fill_value", "NaN");
        } else if (Double.isInfinite(v)) {
            root.put("fill_value", v > 0 ? "Infinity" : "-Infinity");
        } else if (!m.dataType().floating() || v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            root.put("fill_value", (long) v);
        } else {
            root.put("fill_value", v);
        }
    }

    private static ArrayNode ints(int[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static ArrayNode longs(long[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    /** Typed access to a document's fields, with errors that name the document and the field. */
    private static final class Fields {
        final JsonNode node;
        final String source;
        final String prefix;

        Fields(JsonNode node, String source) {
            this(node, source, "");
        }

        Fields(JsonNode node, String source, String prefix) {
            this.node = node;
            this.source = source;
            this.prefix = prefix;
        }

        ZarrFormatException error(String field, String problem) {
            return new ZarrFormatException(source, "field \"" + prefix + field + "\" " + problem);
        }

        JsonNode required(String field) throws ZarrFormatException {
            JsonNode v = node.get(field);
            if (v == null) {
                throw error(field, "is missing");
            }
            return v;
        }

        int integer(String field) throws ZarrFormatException {
            JsonNode v = required(field);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error(field, v + " is not a whole number");
            }
            return v.asInt();
        }

        String text(String field) throws ZarrFormatException {
            JsonNode v = required(field);
            if (!v.isTextual()) {
                throw error(field, v + " is not a string");
            }
            return v.asText();
        }

        long[] sizes(String field, int min) throws ZarrFormatException {
            JsonNode v = required(field);
            if (!v.isArray()) {
                throw error(field, v + " is not a list of sizes");
            }
            List<Long> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() < min) {
                    throw error(field, v + ": " + e + " is not a whole number >= " + min);
                }
                out.add(e.asLong());
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        int[] chunkSizes(String field, int rank) throws ZarrFormatException {
            long[] sizes = sizes(field, 1);
            if (sizes.length != rank) {
                throw error(field, "has " + sizes.length + " axes but shape has " + rank);
            }
            int[] out = new int[rank];
            for (int a = 0; a < rank; a++) {
                if (sizes[a] > Integer.MAX_VALUE) {
                    throw error(field, "axis " + a + " size " + sizes[a] + " is larger than one chunk can be");
                }
                out[a] = (int) sizes[a];
            }
            return out;
        }
    }

}
