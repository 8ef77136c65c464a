package dev.conv4j.nn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.HeapBudget;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors format (Hugging Face), float32 only: an 8-byte little-endian header length
 * {@code N}, {@code N} bytes of a UTF-8 JSON object mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} (plus an optional
 * {@code "__metadata__"} object of strings), then the tensors' little-endian bytes, C order,
 * offsets counted from the end of the header.
 *
 * <p>Writing pads the header with spaces to a multiple of 8 bytes (as the reference writer does)
 * and goes through {@link AtomicFiles}. Reading is strict: besides malformed JSON, it refuses a
 * truncated file, a dtype other than {@code F32}, duplicate names, offsets that do not match the
 * shape, run past the data, overlap, or leave bytes that belong to no tensor.
 */
public final class Safetensors {
    /** The reference implementation refuses larger headers too. */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    private static final String METADATA = "__metadata__";
    private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16",
            "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Safetensors() {
    }

    /**
     * What a file holds.
     *
     * @param tensors  by name, in the order of their data
     * @param metadata the {@code __metadata__} strings (empty when absent)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Writes {@code tensors} (in iteration order) and {@code metadata} to {@code file}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (Tensor t : tensors.values()) {
                writeFloats(out, t.data());
            }
        });
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            }
            ObjectNode info = root.putObject(e.getKey());
            info.put("dtype", "F32");
            ArrayNode shape = info.putArray("shape");
            for (int d : e.getValue().shape().dims()) {
                shape.add(d);
            }
            long end = offset + (long) e.getValue().data().length * Float.BYTES;
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] text;
        try {
            text = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(text, 0, header, 0, text.length);
        java.util.Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFloats(OutputStream out, float[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putFloat(v);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    /** Reads and checks {@code file}. */
    public static Contents read(Path file) throws IOException {
        // the file's bytes and the tensors decoded from them are alive together
        HeapBudget.require(HeapBudget.saturatedProduct(Files.size(file), 2), file.toString(),
                "the weights file and its tensors");
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Reads and checks the bytes of a safetensors file; {@code source} names it in messages. */
    public static Contents decode(byte[] bytes, String source) throws SafetensorsFormatException {
        if (bytes.length < 8) {
            throw new SafetensorsFormatException(source, "truncated: " + bytes.length
                    + " bytes, fewer than the 8-byte header length that starts a safetensors file");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(source, "header length " + Long.toUnsignedString(headerLength)
                    + " is outside [2, " + MAX_HEADER_BYTES + "]: not a safetensors file?");
        }
        if (headerLength > bytes.length - 8) {
            throw new SafetensorsFormatException(source, "truncated: the header says it is " + headerLength
                    + " bytes but only " + (bytes.length - 8) + " follow the length");
        }
        int dataStart = 8 + (int) headerLength;
        if (bytes[8] != '{') {
            throw new SafetensorsFormatException(source, "the header must be a JSON object starting with '{'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).stripTrailing());
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(source, "the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(source, "the header must be a JSON object");
        }
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA)) {
                readMetadata(field.getValue(), metadata, source);
            } else {
                entries.add(entry(field.getKey(), field.getValue(), dataLength, source));
            }
        }
        checkTiling(entries, dataLength, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] values = new float[Math.toIntExact((e.end - e.begin) / Float.BYTES)];
            ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            tensors.put(e.name, Tensor.wrap(e.shape, values));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(String name, Shape shape, long begin, long end) {
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, String source)
            throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(source, METADATA + " must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!f.getValue().isTextual()) {
                throw new SafetensorsFormatException(source, METADATA + " value of '" + f.getKey()
                        + "' must be a string, got " + f.getValue());
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
    }

    private static Entry entry(String name, JsonNode info, long dataLength, String source)
            throws SafetensorsFormatException {
        String where = "tensor '" + name + "'";
        if (!info.isObject()) {
            throw new SafetensorsFormatException(source, where + " must be an object with dtype, shape and data_offsets");
        }
        for (Iterator<String> it = info.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("dtype", "shape", "data_offsets").contains(key)) {
                throw new SafetensorsFormatException(source, where + " has an unknown key '" + key + "'");
            }
        }
        JsonNode dtype = info.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new SafetensorsFormatException(source, where + " has no dtype");
        }
        if (!dtype.textValue().equals("F32")) {
            throw new SafetensorsFormatException(source, where + " has dtype " + dtype.textValue()
                    + (KNOWN_DTYPES.contains(dtype.textValue()) ? "" : " (not a safetensors dtype)")
                    + "; conv4j reads F32 only");
        }
        JsonNode shapeNode = info.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new SafetensorsFormatException(source, where + " has no shape list");
        }
        int[] dims = new int[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw new SafetensorsFormatException(source, where + " has shape " + shapeNode
                        + ": sizes must be whole numbers >= 0");
            }
            dims[i] = d.intValue();
            elements = elements > Integer.MAX_VALUE ? elements : elements * dims[i];
        }
        JsonNode offsets = info.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber() || !offsets.get(0).canConvertToLong()
                || !offsets.get(1).canConvertToLong()) {
            throw new SafetensorsFormatException(source, where + " needs data_offsets [begin, end], got " + offsets);
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw new SafetensorsFormatException(source, where + " has data_offsets [" + begin + ", " + end
                    + "]: need 0 <= begin <= end");
        }
        if (end > dataLength) {
            throw new SafetensorsFormatException(source, where + " ends at data byte " + end + " but the data has "
                    + dataLength + " bytes (truncated file?)");
        }
        if (elements > Integer.MAX_VALUE || elements * Float.BYTES != end - begin) {
            throw new SafetensorsFormatException(source, where + " of shape " + Shape.of(dims) + " needs "
                    + (elements > Integer.MAX_VALUE ? "too many" : Long.toString(elements * Float.BYTES))
                    + " bytes of F32, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, Shape.of(dims), begin, end);
    }

    /** The tensors must cover the data exactly once: sorted by offset, each begins where the last ended. */
    private static void checkTiling(List<Entry> entries, long dataLength, String source)
            throws SafetensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < expected) {
                throw new SafetensorsFormatException(source, "tensors '" + previous.name + "' [" + previous.begin + ", "
                        + previous.end + ") and '" + e.name + "' [" + e.begin + ", " + e.end + ") overlap");
            }
            if (e.begin > expected) {
                throw new SafetensorsFormatException(source, "data bytes [" + expected + ", " + e.begin
                        + ") belong to no tensor");
            }
            expected = e.end;
            previous = e;
        }
        if (expected != dataLength) {
            throw new SafetensorsFormatException(source, "data bytes [" + expected + ", " + dataLength
                    + ") belong to no tensor");
        }
    }
}
