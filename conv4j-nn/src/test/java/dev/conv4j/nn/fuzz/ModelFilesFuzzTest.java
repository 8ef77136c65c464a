package dev.conv4j.nn.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conv4j.io.Gzip;
import dev.conv4j.nn.data.Idx;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.Safetensors;
import dev.conv4j.testkit.fuzz.FuzzRule;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the files conv4j-nn reads, under {@link FuzzRule}: IDX (plain and gzip),
 * safetensors, and model.json. A model.json describes parameters whose size it does not store,
 * so its bound is the heap check every parameter passes ({@code Param}), not its length: a few
 * bytes may legitimately describe a large model.
 */
class ModelFilesFuzzTest {
    /** Buffers, and what Jazzer's instrumentation allocates on the same thread (about 10 MB at most, measured). */
    private static final long FIXED = 64L << 20;

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
