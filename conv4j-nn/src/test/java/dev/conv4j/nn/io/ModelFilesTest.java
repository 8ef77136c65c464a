package dev.conv4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.data.Volumes;
import dev.conv4j.nn.layer.Layers;
import dev.conv4j.nn.zoo.Models;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void savedModelLoadsWithTheSameWeightsAndOutputs() throws IOException {
        Sequential model = Models.named("volume-3d").build(Shape.of(16, 16, 16, 1)).initialize(5);
        ModelFiles.save(model, dir, Map.of("epochs", "0"));
        assertTrue(Files.isRegularFile(dir.resolve("model.json")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
        Sequential loaded = ModelFiles.load(dir);
        assertEquals(ModelFiles.toJson(model), ModelFiles.toJson(loaded));
        model.namedParams().forEach((name, p) ->
                assertArrayEquals(p.value().data(), loaded.namedParams().get(name).value().data(), name));
        Tensor x = Volumes.generate(3, 1, "v").inputs();
        Compute compute = Compute.threads(2);
        assertArrayEquals(model.forward(x, Pass.inference(compute)).data(),
                loaded.forward(x, Pass.inference(compute)).data());
        assertEquals("0", Safetensors.read(dir.resolve("model.safetensors")).metadata().get("epochs"));
    }

    @Test
    void jsonKeepsEveryLayerSetting() throws IOException {
        Sequential model = Sequential.of("all", Shape.of(3, 12, 10),
                Layers.conv2d(4, 3, 2).padding(Padding.explicit(1, 1, 0, 1)).strides(1, 2).dilations(2, 1)
                        .dataFormat(DataFormat.CHANNELS_FIRST).useBias(false).named("first"),
                Layers.avgPool2d(2).padding(Padding.SAME).strides(1).dataFormat(DataFormat.CHANNELS_FIRST),
                Layers.globalAvgPool2d().dataFormat(DataFormat.CHANNELS_FIRST),
                Layers.dropout(0.4), Layers.dense(3).kernelInitializer(dev.conv4j.nn.init.Initializer.HE_NORMAL));
        String json = ModelFiles.toJson(model);
        assertTrue(json.contains("\"class_name\" : \"Conv2D\""), json);
        assertTrue(json.contains("\"padding\" : [ [ 1, 1 ], [ 0, 1 ] ]"), json);
        assertTrue(json.contains("\"batch_input_shape\" : [ null, 3, 12, 10 ]"), json);
        Sequential back = ModelFiles.fromJson(json, "test");
        assertEquals(json, ModelFiles.toJson(back));
        assertEquals(model.outputShape(), back.outputShape());
        assertEquals(model.parameterCount(), back.parameterCount());
    }

    @Test
    void weightsThatDoNotFitAreRefused() throws IOException {
        Sequential model = Models.named("signal-1d").build(Shape.of(128, 1)).initialize(1);
        ModelFiles.save(model, dir, Map.of());
        Map<String, Tensor> weights = new java.util.LinkedHashMap<>(Safetensors.read(dir.resolve("model.safetensors")).tensors());
        weights.remove("dense/bias");
        weights.put("extra", Tensor.zeros(Shape.of(1)));
        Safetensors.write(dir.resolve("model.safetensors"), weights, Map.of());
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("missing [dense/bias]") && e.getMessage().contains("unknown [extra]"),
                e.getMessage());
        weights.remove("extra");
        weights.put("dense/bias", Tensor.zeros(Shape.of(5)));
        Safetensors.write(dir.resolve("model.safetensors"), weights, Map.of());
        e = assertThrows(IOException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("dense/bias has shape [5] but the model needs [4]"), e.getMessage());
    }

    @Test
    void badArchitecturesAreRefused() {
        IOException e = assertThrows(IOException.class, () -> ModelFiles.fromJson("{\"class_name\":\"Sequential\","
                + "\"config\":{\"name\":\"m\",\"batch_input_shape\":[null,4],\"layers\":[{\"class_name\":\"LSTM\","
                + "\"config\":{}}]}}", "m.json"));
        assertTrue(e.getMessage().contains("unknown layer class 'LSTM'"), e.getMessage());
        assertThrows(IOException.class, () -> ModelFiles.fromJson("{", "m.json"));
        assertThrows(IOException.class, () -> ModelFiles.load(dir.resolve("missing")));
    }

    @Test
    void emptyOrNonListBatchInputShapeIsAnErrorNamingTheFile() {
        for (String shape : new String[] {"[]", "[null]", "[4]", "[null, 0]", "[null, -3]", "[null, \"x\"]", "7"}) {
            IOException e = assertThrows(IOException.class, () -> ModelFiles.fromJson("{\"class_name\":\"Sequential\","
                    + "\"config\":{\"name\":\"m\",\"batch_input_shape\":" + shape + ",\"layers\":[]}}", "m.json"));
            assertTrue(e.getMessage().startsWith("m.json: not a conv4j model architecture"), e.getMessage());
        }
    }

    @Test
    void controlCharactersQuotedFromBadJsonAreEscaped() {
        // found by fuzzing (ModelFilesFuzzTest#modelJson): Jackson quotes the bad token raw
        IOException e = assertThrows(IOException.class, () -> ModelFiles.fromJson("c\u0003z", "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: not valid JSON: Unrecognized token 'c\\x03z'"), e.getMessage());
    }

    @Test
    void saveReplacesTheDirectoryWholeAndCleansAKilledSave() throws IOException {
        Path target = dir.resolve("model");
        Sequential first = Models.named("signal-1d").build(Shape.of(128, 1)).initialize(1);
        ModelFiles.save(first, target, Map.of());
        Path killed = Files.createDirectories(dir.resolve(".model.99999999.1f.new"));
        Files.write(killed.resolve(ModelFiles.WEIGHTS), new byte[3]);
        Sequential second = Models.named("signal-1d").build(Shape.of(128, 1)).initialize(2);
        ModelFiles.save(second, target, Map.of());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("model"), files.map(p -> p.getFileName().toString()).toList(), "no leftovers");
        }
        Sequential loaded = ModelFiles.load(target);
        second.namedParams().forEach((name, p) -> assertArrayEquals(p.value().data(),
                loaded.namedParams().get(name).value().data(), name));
        Files.writeString(target.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.save(second, target, Map.of()));
        assertTrue(e.getMessage().contains("holds files other than"), e.getMessage());
    }
}
