package dev.conv4j.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.SoftmaxCrossEntropy;
import dev.conv4j.nn.Training;
import dev.conv4j.nn.TrainingListener;
import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.data.FashionMnist;
import dev.conv4j.nn.data.Signals;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.nn.optim.Adam;
import dev.conv4j.nn.zoo.Models;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions from images, .npy and IDX files against the model's own forward pass on the test set. */
class PredictorTest {
    private static final int SAMPLES = 20;
    private static final Compute COMPUTE = Compute.threads(2);

    @TempDir
    static Path dir;

    static Path modelDir;
    static Dataset test;
    static int[] expectedClasses;
    static Tensor expectedProbabilities;

    @BeforeAll
    static void trainATinyModel() throws IOException {
        Dataset train = FashionMnist.train(FashionMnist.defaultDirectory()).slice(0, 500);
        test = FashionMnist.test(FashionMnist.defaultDirectory()).slice(0, SAMPLES);
        Sequential model = Models.named("fashion-cnn").build(train.sampleShape()).initialize(1);
        model.fit(train, null, new Adam(), new Training(1, 32, 1, COMPUTE), TrainingListener.NONE);
        modelDir = dir.resolve("model");
        ModelFiles.save(new SavedModel(model, FashionMnist.CLASSES, FashionMnist.PREPROCESSING, Map.of("data", "fashion-mnist")),
                modelDir);
        Tensor x = test.inputs();
        expectedClasses = SoftmaxCrossEntropy.predictions(model.forward(x, Pass.inference(COMPUTE)));
        expectedProbabilities = model.predict(x, COMPUTE);
    }

    /** The test images as 8-bit grey PNGs, named so that name order is test-set order. */
    private static Path pngs() throws IOException {
        Path images = dir.resolve("pngs");
        Files.createDirectories(images);
        float[] x = test.inputs().data();
        for (int i = 0; i < SAMPLES; i++) {
            float[] pixels = new float[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = Math.round(x[i * pixels.length + p] * 255);
            }
            Images.write(images.resolve(String.format("test-%02d.png", i)), new ImageData(28, 28, 1, 8, pixels, null));
        }
        return images;
    }

    @Test
    void pngsOfTestImagesGetTheClassesTheModelGivesTheTestSet() throws IOException {
        Predictor predictor = new Predictor(ModelFiles.loadSaved(modelDir), COMPUTE, 7);
        List<Prediction> predictions = predictor.predict(pngs());
        assertEquals(SAMPLES, predictions.size());
        for (int i = 0; i < SAMPLES; i++) {
            Prediction p = predictions.get(i);
            assertEquals(String.format("test-%02d.png", i), p.id());
            assertEquals(expectedClasses[i], p.classIndex(), p.id());
            assertEquals(FashionMnist.CLASSES.get(expectedClasses[i]), p.className());
            assertArrayEquals(row(expectedProbabilities, i), p.probabilities(), p.id());
        }
    }

    @Test
    void npyAndIdxInputsGiveTheSamePredictionsInInputOrder() throws IOException {
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, test.inputs());
        Path idx = dir.resolve("images-idx3-ubyte");
        Files.write(idx, idxOf(test.inputs()));
        Predictor predictor = new Predictor(ModelFiles.loadSaved(modelDir), COMPUTE, 6);
        List<Prediction> fromNpy = predictor.predict(npy);
        List<Prediction> fromIdx = predictor.predict(idx);
        for (int i = 0; i < SAMPLES; i++) {
            assertEquals("x.npy[" + i + "]", fromNpy.get(i).id());
            assertEquals("images-idx3-ubyte[" + i + "]", fromIdx.get(i).id());
            assertArrayEquals(row(expectedProbabilities, i), fromNpy.get(i).probabilities());
            assertArrayEquals(row(expectedProbabilities, i), fromIdx.get(i).probabilities());
        }
    }

    @Test
    void anInputThatDoesNotFitSaysWhatTheModelTakes() throws IOException {
        Path oneSample = dir.resolve("one.npy");
        Npy.write(oneSample, Tensor.wrap(Shape.of(28, 28, 1), new float[28 * 28]));
        Predictor predictor = Predictor.load(modelDir, COMPUTE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predictor.open(oneSample));
        assertTrue(e.getMessage().contains("one.npy: model fashion-cnn takes a batch [N,28,28,1]"), e.getMessage());
        assertTrue(e.getMessage().contains("make it [1,28,28,1]"), e.getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        e = assertThrows(IllegalArgumentException.class, () -> predictor.open(text));
        assertTrue(e.getMessage().contains("not a PNG or JPEG image, an .npy array or an IDX file"), e.getMessage());
    }

    @Test
    void imagesForAModelThatTakesNoImagesAreRefusedWithWhatItTakes() throws IOException {
        Sequential signals = Models.named("signal-1d").build(Shape.of(Signals.LENGTH, 1)).initialize(1);
        Path signalModel = dir.resolve("signal-model");
        ModelFiles.save(new SavedModel(signals, Signals.CLASSES, null, Map.of()), signalModel);
        Predictor predictor = Predictor.load(signalModel, COMPUTE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predictor.open(pngs()));
        assertTrue(e.getMessage().contains("give an .npy array [N,128,1]"), e.getMessage());
    }

    @Test
    void aModelSavedWithoutPreprocessingGetsThatOfTheDataItWasTrainedOn() throws IOException {
        Path old = dir.resolve("old");
        ModelFiles.save(ModelFiles.load(modelDir), old, Map.of("data", "fashion-mnist"));
        assertTrue(!Files.readString(old.resolve(ModelFiles.ARCHITECTURE)).contains("class_names"));
        SavedModel loaded = ModelFiles.loadSaved(old);
        assertEquals(FashionMnist.CLASSES, loaded.classNames());
        assertEquals(FashionMnist.PREPROCESSING, loaded.imagePreprocessing());

        Path anonymous = dir.resolve("anonymous");
        ModelFiles.save(ModelFiles.load(modelDir), anonymous, Map.of());
        SavedModel bare = ModelFiles.loadSaved(anonymous);
        assertEquals(List.of(), bare.classNames());
        assertNull(bare.imagePreprocessing());
        Path npy = dir.resolve("y.npy");
        Npy.write(npy, test.inputs());
        assertNull(new Predictor(bare, COMPUTE, 8).predict(npy).getFirst().className());
    }

    @Test
    void predictGivesProbabilitiesSummingToOne() {
        for (int i = 0; i < SAMPLES; i++) {
            double sum = 0;
            for (float p : row(expectedProbabilities, i)) {
                sum += p;
            }
            assertEquals(1, sum, 1e-5);
        }
    }

    @Test
    void topListsTheMostProbableClassesFirst() {
        Prediction p = new Prediction("a", 2, null, new float[] {0.1f, 0.3f, 0.5f, 0.1f});
        assertArrayEquals(new int[] {2, 1, 0}, p.top(3));
    }

    private static float[] row(Tensor t, int i) {
        int n = t.shape().dim(1);
        return java.util.Arrays.copyOfRange(t.data(), i * n, (i + 1) * n);
    }

    /** {@code [N, 28, 28, 1]} in [0, 1] as an IDX file of unsigned bytes {@code [N, 28, 28]}. */
    private static byte[] idxOf(Tensor x) {
        int n = x.shape().dim(0);
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + n * 28 * 28);
        b.put(new byte[] {0, 0, 8, 3}).putInt(n).putInt(28).putInt(28);
        IntStream.range(0, n * 28 * 28).forEach(i -> b.put((byte) Math.round(x.data()[i] * 255)));
        return b.array();
    }
}
