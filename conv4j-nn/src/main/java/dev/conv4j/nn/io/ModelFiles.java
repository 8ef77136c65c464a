package dev.conv4j.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Printable;
import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Param;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.data.BuiltInData;
import dev.conv4j.nn.data.ImagePreprocessing;
import dev.conv4j.nn.layer.Layers;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A saved model is a directory with the architecture as JSON ({@value #ARCHITECTURE}, in the
 * shape of Keras' {@code model.to_json()}: {@code class_name} and {@code config} per layer) and
 * the weights as safetensors ({@value #WEIGHTS}, named {@code layer/param} as Keras names them:
 * {@code conv2d/kernel}, {@code conv2d/bias}). Both are written atomically; loading rebuilds the
 * model from the JSON and then requires the weights to match it name for name and shape for shape.
 *
 * <p>Beside Keras' keys, the JSON's root holds what it takes to use the model on new data (see
 * {@link SavedModel}): {@code class_names} and {@code image_preprocessing}. A directory saved
 * before they were recorded gets those of the built-in data set its weights' metadata names.
 */
public final class ModelFiles {
    public static final String ARCHITECTURE = "model.json";
    public static final String WEIGHTS = "model.safetensors";
    /** Far above any architecture conv4j writes (a few kilobytes); a larger file is not one. */
    private static final int MAX_ARCHITECTURE_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    /** Writes the architecture and the weights as {@code directory} (see below), without class names. */
    public static void save(Sequential model, Path directory, Map<String, String> metadata) throws IOException {
        save(new SavedModel(model, List.of(), null, metadata), directory);
    }

    /**
     * Writes the architecture, class names, preprocessing and weights as {@code directory}, atomically as a pair: both go
     * into a new hidden sibling directory, which then takes the place of {@code directory}, so a
     * kill leaves either the old model or the new one, never new weights beside an old
     * architecture. An existing {@code directory} must hold nothing but a saved model (it is
     * replaced whole); leftovers of a killed save are deleted by the next save.
     */
    public static void save(SavedModel saved, Path directory) throws IOException {
        Path target = directory.toAbsolutePath();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IOException(directory + ": cannot save a model as the root directory");
        }
        if (Files.exists(target) && !holdsOnlyAModel(target)) {
            throw new IOException(directory + ": holds files other than " + ARCHITECTURE + " and " + WEIGHTS
                    + "; save the model into a new or model-only directory (it is replaced whole)");
        }
        Files.createDirectories(parent);
        String stem = "." + target.getFileName() + ".";
        deleteStale(parent, stem);
        String suffix = ProcessHandle.current().pid() + "." + Long.toHexString(System.nanoTime());
        Path fresh = Files.createDirectory(parent.resolve(stem + suffix + ".new"));
        try {
            Sequential model = saved.model();
            byte[] json = toJson(saved).getBytes(StandardCharsets.UTF_8);
            Map<String, Tensor> weights = new LinkedHashMap<>();
            model.namedParams().forEach((name, p) -> weights.put(name, p.value()));
            Map<String, String> meta = new LinkedHashMap<>(saved.metadata());
            meta.putIfAbsent("format", "conv4j");
            meta.putIfAbsent("model", model.name());
            Safetensors.write(fresh.resolve(WEIGHTS), weights, meta);
            AtomicFiles.write(fresh.resolve(ARCHITECTURE), out -> out.write(json));
            if (Files.exists(target)) {
                Path old = parent.resolve(stem + suffix + ".old");
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteTree(fresh);
        }
    }

    private static boolean holdsOnlyAModel(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.allMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && Set.of(ARCHITECTURE, WEIGHTS).contains(p.getFileName().toString()));
        }
    }

    /** Deletes the {@code .new}/{@code .old} directories of saves whose process is no longer running. */
    private static void deleteStale(Path parent, String stem) throws IOException {
        Pattern leftover = Pattern.compile(Pattern.quote(stem) + "(\\d{1,19})\\.[0-9a-f]+\\.(new|old)");
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Matcher m = leftover.matcher(p.getFileName().toString());
                if (m.matches() && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Deletes a save's own directory of plain files (no links followed, nothing nested). */
    private static void deleteTree(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(directory);
    }

    /** Rebuilds the model saved in {@code directory}. */
    public static Sequential load(Path directory) throws IOException {
        return loadSaved(directory).model();
    }

    /** Rebuilds the model saved in {@code directory} with its class names, preprocessing and metadata. */
    @SuppressWarnings("unchecked")
    public static SavedModel loadSaved(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new java.io.FileNotFoundException(directory + ": " + (Files.exists(directory) ? "not a directory"
                    : "no such directory") + "; a saved model is a directory written by 'conv4j train --output DIR'");
        }
        Path arch = directory.resolve(ARCHITECTURE);
        Path weightsFile = directory.resolve(WEIGHTS);
        if (!Files.isRegularFile(arch)) {
            throw new java.io.FileNotFoundException(arch + ": no architecture file; is " + directory
                    + " a directory written by 'conv4j train --output DIR'?");
        }
        String json = readArchitecture(arch);
        Sequential model = fromJson(json, arch.toString());
        Safetensors.Contents weights = Safetensors.read(weightsFile);
        setWeights(model, weights.tensors(), weightsFile.toString());
        Map<String, Object> root = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        List<String> classNames;
        ImagePreprocessing preprocessing;
        try {
            classNames = root.containsKey("class_names") ? (List<String>) root.get("class_names") : null;
            preprocessing = root.get("image_preprocessing") instanceof Map<?, ?> p
                    ? preprocessing((Map<String, Object>) p) : null;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException(arch + ": class_names or image_preprocessing malformed: " + e.getMessage(), e);
        }
        Map<String, String> metadata = weights.metadata();
        if (classNames == null) {
            BuiltInData trainedOn = BuiltInData.find(metadata.get("data")).orElse(null);
            classNames = trainedOn != null && trainedOn.classes().size() == model.outputShape().dim(0)
                    ? trainedOn.classes() : List.of();
            ImagePreprocessing recorded = trainedOn != null ? trainedOn.imagePreprocessing() : null;
            preprocessing = recorded != null && recorded.sampleShape().equals(model.inputShape()) ? recorded : null;
        }
        try {
            return new SavedModel(model, classNames, preprocessing, metadata);
        } catch (IllegalArgumentException e) {
            throw new IOException(arch + ": " + e.getMessage(), e);
        }
    }

    private static ImagePreprocessing preprocessing(Map<String, Object> p) {
        return new ImagePreprocessing(((Number) p.get("height")).intValue(), ((Number) p.get("width")).intValue(),
                ((Number) p.get("channels")).intValue(), ((Number) p.get("scale")).doubleValue(),
                ((Number) p.get("offset")).doubleValue());
    }

    /** The text of a model.json: at most {@value #MAX_ARCHITECTURE_BYTES} bytes of UTF-8. */
    private static String readArchitecture(Path arch) throws IOException {
        if (Files.size(arch) > MAX_ARCHITECTURE_BYTES) {
            throw new IOException(arch + ": " + Files.size(arch) + " bytes is too large for a model architecture"
                    + " (at most " + MAX_ARCHITECTURE_BYTES + ")");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(arch)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException(arch + ": not valid UTF-8 text, so not a model architecture");
        }
    }

    /** Copies {@code weights} into {@code model}: every parameter must be there with its shape, and nothing else. */
    public static void setWeights(Sequential model, Map<String, Tensor> weights, String source) throws IOException {
        Map<String, Param> params = model.namedParams();
        TreeSet<String> extra = new TreeSet<>(weights.keySet());
        extra.removeAll(params.keySet());
        TreeSet<String> missing = new TreeSet<>(params.keySet());
        missing.removeAll(weights.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new SafetensorsFormatException(source, "the weights do not fit model " + model.name()
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unknown " + extra));
        }
        for (Map.Entry<String, Param> e : params.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (!t.shape().equals(e.getValue().shape())) {
                throw new SafetensorsFormatException(source, "weight " + e.getKey() + " has shape " + t.shape()
                        + " but the model needs " + e.getValue().shape());
            }
            e.getValue().set(t);
        }
    }

    /** The architecture as Keras-shaped JSON. */
    public static String toJson(Sequential model) {
        return toJson(new SavedModel(model, List.of(), null, Map.of()));
    }

    /** The architecture as Keras-shaped JSON, with the class names and image preprocessing where there are any. */
    public static String toJson(SavedModel saved) {
        Sequential model = saved.model();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", layer.className());
            entry.put("config", layer.config().asMap());
            layers.add(entry);
        }
        List<Integer> batchShape = new ArrayList<>();
        batchShape.add(null);
        for (int d : model.inputShape().dims()) {
            batchShape.add(d);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("batch_input_shape", batchShape);
        config.put("layers", layers);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", "Sequential");
        root.put("config", config);
        root.put("format", "conv4j");
        if (!saved.classNames().isEmpty()) {
            root.put("class_names", saved.classNames());
        }
        ImagePreprocessing p = saved.imagePreprocessing();
        if (p != null) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("height", p.height());
            image.put("width", p.width());
            image.put("channels", p.channels());
            image.put("scale", p.scale());
            image.put("offset", p.offset());
            root.put("image_preprocessing", image);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rebuilds an (uninitialized) model from {@link #toJson}; {@code source} names the text in messages. */
    @SuppressWarnings("unchecked")
    public static Sequential fromJson(String json, String source) throws IOException {
        Map<String, Object> root;
        try {
            root = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IOException(Printable.escape(source + ": not valid JSON: " + e.getOriginalMessage()), e);
        }
        try {
            if (!"Sequential".equals(root.get("class_name"))) {
                throw new IllegalArgumentException("class_name must be Sequential, got " + root.get("class_name"));
            }
            Config config = Config.parsed("model", (Map<String, Object>) root.get("config"));
            List<Integer> batchShape = (List<Integer>) config.raw("batch_input_shape");
            if (batchShape.size() < 2 || batchShape.getFirst() != null) {
                throw new IllegalArgumentException("batch_input_shape " + batchShape
                        + " must be [null, size, ...]: a free batch size, then the sizes of one example");
            }
            int[] dims = new int[batchShape.size() - 1];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = batchShape.get(i + 1);
                if (dims[i] < 1) {
                    throw new IllegalArgumentException("batch_input_shape " + batchShape + " has size " + dims[i]
                            + "; every size of an example must be >= 1");
                }
            }
            List<Layer> layers = new ArrayList<>();
            for (Object o : (List<Object>) config.raw("layers")) {
                Map<String, Object> entry = (Map<String, Object>) o;
                String className = (String) entry.get("class_name");
                Map<String, Object> layerConfig = (Map<String, Object>) entry.get("config");
                layers.add(Layers.fromConfig(className, Config.parsed(className,
                        layerConfig == null ? Map.of() : layerConfig)));
            }
            return Sequential.of(config.string("name"), Shape.of(dims), layers);
        } catch (RuntimeException e) {
            // the layers' constructors check their configs with runtime exceptions; for a file
            // they all mean the same: this is not an architecture conv4j can build
            throw new IOException(Printable.escape(source + ": not a conv4j model architecture: " + e.getMessage()), e);
        }
    }
}
