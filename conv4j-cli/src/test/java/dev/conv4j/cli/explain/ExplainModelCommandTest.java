package dev.conv4j.cli.explain;

import static dev.conv4j.cli.CliRun.run;
import static dev.conv4j.nn.layer.Layers.conv2d;
import static dev.conv4j.nn.layer.Layers.dense;
import static dev.conv4j.nn.layer.Layers.flatten;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.relu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.cli.CliRun;
import dev.conv4j.io.Npy;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainModelCommandTest {
    @TempDir
    Path dir;

    private Sequential saveModel() throws IOException {
        Sequential model = Sequential.of("small-cnn", Shape.of(16, 16, 1), conv2d(4, 3).padding(Padding.SAME), relu(),
                maxPool2d(2), flatten(), dense(10)).initialize(11);
        ModelFiles.save(model, dir.resolve("model"), Map.of("data", "fashion-mnist"));
        return model;
    }

    @Test
    void anNpySampleGivesEveryLayerThePredictionAndASumEqualToTheMapsValue() throws IOException {
        Sequential model = saveModel();
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 37 % 101) / 100f;
        }
        Tensor x = Tensor.wrap(Shape.of(1, 16, 16, 1), v);
        Npy.write(dir.resolve("x.npy"), x);
        Path out = dir.resolve("out");
        CliRun r = run("explain-model", "--model", dir.resolve("model").toString(), "--input",
                dir.resolve("x.npy").toString(), "--output", out.toString(), "--channel", "2", "--at", "3,5");
        assertEquals(0, r.exitCode(), r.err());
        for (String f : new String[] {"network.txt", "network.svg", "network.png", "window.txt", "window.svg",
            "window.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        Tensor conv = model.layers().getFirst().forward(x, Pass.inference(Compute.threads(1)));
        String expected = String.format(Locale.ROOT, "conv4j computed %.5f", conv.get(0, 3, 5, 2));
        assertTrue(r.out().contains(expected), expected + " in " + r.out());
        assertTrue(r.out().contains("conv2d filter 2 at [3,5]: 9 products"), r.out());
        Tensor logits = model.forward(x, Pass.inference(Compute.threads(1)));
        int best = 0;
        for (int i = 1; i < 10; i++) {
            best = logits.data()[i] > logits.data()[best] ? i : best;
        }
        String[] names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot"};
        assertTrue(r.out().contains("prediction: " + names[best] + " ("), r.out());
        assertTrue(r.out().contains("0 conv2d"), r.out());
    }

    @Test
    void anImageIsResizedAndBadArgumentsAreNamed() throws IOException {
        saveModel();
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(10, 10, 0xffffff);
        ImageIO.write(image, "png", dir.resolve("photo.png").toFile());
        Path out = dir.resolve("out");
        CliRun r = run("explain-model", "--model", dir.resolve("model").toString(), "--input",
                dir.resolve("photo.png").toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("input [1,16,16,1]"), r.out());
        CliRun layer = run("explain-model", "--model", dir.resolve("model").toString(), "--input",
                dir.resolve("photo.png").toString(), "--output", out.toString(), "--layer", "1");
        assertEquals(2, layer.exitCode());
        assertTrue(layer.err().contains("--layer 1 is not a convolution layer; they are [0 conv2d]"), layer.err());
        CliRun missing = run("explain-model", "--model", dir.resolve("nope").toString(), "--input",
                dir.resolve("photo.png").toString(), "--output", out.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("nope"), missing.err());
    }

    @Test
    void theOutputIsCheckedBeforeTheModelRuns() throws IOException {
        saveModel();
        Npy.write(dir.resolve("x.npy"), Tensor.zeros(Shape.of(1, 16, 16, 1)));
        String model = dir.resolve("model").toString();
        String sample = dir.resolve("x.npy").toString();
        Files.writeString(dir.resolve("a-file"), "not a directory");
        CliRun file = run("explain-model", "--model", model, "--input", sample, "--output", dir.resolve("a-file").toString());
        assertEquals(1, file.exitCode());
        assertTrue(file.err().contains("a-file: is a file, --output takes a directory"), file.err());
        CliRun noParent = run("explain-model", "--model", model, "--input", sample, "--output",
                dir.resolve("no/such/parent").toString());
        assertEquals(1, noParent.exitCode());
        assertTrue(noParent.err().contains("does not exist (--output)"), noParent.err());
        CliRun intoModel = run("explain-model", "--model", model, "--input", sample, "--output", model);
        assertEquals(2, intoModel.exitCode());
        assertTrue(intoModel.err().contains("never overwrites what it reads"), intoModel.err());
        assertTrue(Files.notExists(dir.resolve("model").resolve("network.txt")), "nothing written into the model");
        CliRun noInput = run("explain-model", "--model", model, "--input", dir.resolve("none.npy").toString(),
                "--output", dir.resolve("out").toString());
        assertEquals(1, noInput.exitCode());
        assertTrue(noInput.err().contains("none.npy: no such file (--input)"), noInput.err());
        assertTrue(Files.notExists(dir.resolve("out")), "no output directory for a failed check");
    }
}
