package dev.conv4j.nn.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conv4j.io.Gzip;
import dev.conv4j.nn.data.Idx;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.Safetensors;
import dev.conv4j.nn.zoo.Models;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.testkit.fuzz.FuzzRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for the files conv4j-nn reads, under {@link FuzzRule}: IDX (plain and gzip),
 * safetensors, and model.json. A model.json describes parameters whose size it does not store,
 * so its bound is the heap check every parameter passes ({@code Param}), not its length: a few
 * bytes may legitimately describe a large model.
 */
class ModelFilesFuzzTest {
    /** Buffers, and what Jazzer's instrumentation allocates on the same thread (about 10 MB at most, measured). */
    private static final long FIXED = 64L << 20;

    /**
     * Before fuzzing (not in regression mode), valid files seed each target's corpus: without
     * them the fuzzer seldom gets past the first bytes (an IDX header, the safetensors length,
     * JSON that names a layer). The architectures of every model in the zoo, safetensors files
     * of several dtypes' worth of tensors as conv4j writes them, IDX arrays plain and gzipped.
     * Generated, so no binary file is kept in git.
     */
    @BeforeAll
    static void seedCorpus() throws IOException {
        if (System.getenv("JAZZER_FUZZ") == null) {
            return;
        }
        Path corpus = Path.of(".cifuzz-corpus", ModelFilesFuzzTest.class.getName());
        for (Models.Entry entry : Models.all()) {
            seed(corpus.resolve("modelJson"), entry.name() + ".json",
                    ModelFiles.toJson(entry.build(entry.defaultInput())).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv/kernel", Tensor.wrap(Shape.of(3, 3, 1, 2), new float[18]));
        tensors.put("dense/bias", Tensor.wrap(Shape.of(4), new float[] {1, -2, 0.5f, 3}));
        Path weights = Files.createTempFile("conv4j-seed", ".safetensors");
        try {
            Safetensors.write(weights, tensors, Map.of("format", "pt"));
            seed(corpus.resolve("safetensors"), "two.safetensors", Files.readAllBytes(weights));
            Safetensors.write(weights, Map.of("x", Tensor.wrap(Shape.of(1), new float[] {7})), Map.of());
            seed(corpus.resolve("safetensors"), "one.safetensors", Files.readAllBytes(weights));
        } finally {
            Files.deleteIfExists(weights);
        }
        // unsigned bytes (type 0x08), 3 images of 2x2, as MNIST stores them
        byte[] idx = {0, 0, 0x08, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255};
        seed(corpus.resolve("idx"), "images.idx", idx);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(gzipped)) {
            gz.write(idx);
        }
        seed(corpus.resolve("idx"), "images.idx.gz", gzipped.toByteArray());
        seed(corpus.resolve("idx"), "labels.idx", new byte[] {0, 0, 0x08, 1, 0, 0, 0, 4, 3, 1, 4, 1});
    }

    private static void seed(Path directory, String name, byte[] bytes) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve("seed-" + name), bytes);
    }

    @FuzzTest(maxDuration = "10s")
    void idx(byte[] data) {
        FuzzRule.check("fuzz.idx", data.length, 8 * Gzip.MAX_EXPANSION, FIXED, () -> Idx.decode(data, "fuzz.idx"));
    }

    @FuzzTest(maxDuration = "10s")
    void safetensors(byte[] data) {
        FuzzRule.check("fuzz.safetensors", data.length, 256, FIXED,
                () -> Safetensors.decode(data, "fuzz.safetensors"));
    }

    @FuzzTest(maxDuration = "10s")
    void modelJson(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8);
        FuzzRule.check("model.json", data.length, 0, 1L << 30, () -> ModelFiles.fromJson(json, "model.json"));
    }
}
