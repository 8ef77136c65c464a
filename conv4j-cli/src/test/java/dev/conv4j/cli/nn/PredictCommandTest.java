package dev.conv4j.cli.nn;

import static dev.conv4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.cli.CliRun;
import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Pass;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.SoftmaxCrossEntropy;
import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.data.FashionMnist;
import dev.conv4j.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conv4j predict} on Fashion-MNIST test images saved as PNG, against the classes evaluate computes. */
class PredictCommandTest {
    private static final int IMAGES = 12;

    @TempDir
    static Path dir;

    static Path model;
    static Path pngs;
    static int[] expected;

    @BeforeAll
    static void trainAndSaveTestImages() throws IOException {
        model = dir.resolve("model");
        CliRun train = run("train", "--model", "fashion-cnn", "--limit", "600", "--epochs", "1", "--threads", "2",
                "-q", "-o", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        Dataset test = FashionMnist.test(FashionMnist.defaultDirectory()).slice(0, IMAGES);
        // what 'conv4j evaluate' computes for each test image: the largest logit of the loaded model
        Sequential net = ModelFiles.load(model);
        expected = SoftmaxCrossEntropy.predictions(net.forward(test.inputs(), Pass.inference(Compute.threads(2))));
        pngs = dir.resolve("images");
        Files.createDirectories(pngs);
        for (int i = 0; i < IMAGES; i++) {
            float[] pixels = new float[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = Math.round(test.inputs().data()[i * pixels.length + p] * 255);
            }
            Images.write(pngs.resolve(String.format("test-%02d.png", i)), new ImageData(28, 28, 1, 8, pixels, null));
        }
    }

    @Test
    void pngsGetTheClassesEvaluateGivesTheTestImages() throws IOException {
        Path csv = dir.resolve("preds.csv");
        CliRun r = run("predict", "--model", model.toString(), "--input", pngs.toString(), "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(IMAGES + " predictions of fashion-cnn written to " + csv + "\n", r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,class,class_name,p_T-shirt/top,p_Trouser,p_Pullover,p_Dress,p_Coat,p_Sandal,p_Shirt,p_Sneaker,"
                + "p_Bag,p_Ankle boot", lines.getFirst());
        assertEquals(IMAGES + 1, lines.size());
        for (int i = 0; i < IMAGES; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(String.format("test-%02d.png", i), cells[0]);
            assertEquals(expected[i], Integer.parseInt(cells[1]), lines.get(i + 1));
            assertEquals(FashionMnist.CLASSES.get(expected[i]), cells[2]);
            double sum = 0;
            for (int c = 3; c < cells.length; c++) {
                sum += Double.parseDouble(cells[c]);
            }
            assertEquals(1, sum, 1e-5);
        }
    }

    @Test
    void withoutOutputATableInInputOrderWithTopK() {
        CliRun r = run("predict", "--model", model.toString(), "--input", pngs.toString(), "--top", "2");
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("id\\s+class\\s+class_name\\s+top1\\s+top1_p\\s+top2\\s+top2_p"), lines[0]);
        for (int i = 0; i < IMAGES; i++) {
            String[] cells = lines[i + 1].trim().split("\\s{2,}");
            assertEquals(String.format("test-%02d.png", i), cells[0]);
            assertEquals(Integer.toString(expected[i]), cells[1]);
        }
    }

    @Test
    void parquetHasTheSameRows() throws IOException {
        Path parquet = dir.resolve("preds.parquet");
        CliRun r = run("predict", "--model", model.toString(), "--input", pngs.toString(), "-o", parquet.toString(), "-q");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        List<Group> rows = new ArrayList<>();
        ParquetReader.Builder<Group> groups = new ParquetReader.Builder<>(new LocalInputFile(parquet),
                new PlainParquetConfiguration()) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        };
        try (ParquetReader<Group> reader = groups.build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        assertEquals(IMAGES, rows.size());
        for (int i = 0; i < IMAGES; i++) {
            assertEquals(String.format("test-%02d.png", i), rows.get(i).getString("id", 0));
            assertEquals(expected[i], rows.get(i).getInteger("class", 0));
            assertEquals(FashionMnist.CLASSES.get(expected[i]), rows.get(i).getString("class_name", 0));
        }
    }

    @Test
    void anOutputThatIsTheInputThroughALinkIsRefusedBeforeAnyWork() throws IOException {
        Path npy = dir.resolve("batch.npy");
        Npy.write(npy, FashionMnist.test(FashionMnist.defaultDirectory()).slice(0, 2).inputs());
        Path link = dir.resolve("batch.csv");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, npy);
        byte[] before = Files.readAllBytes(npy);
        CliRun r = run("predict", "--model", model.toString(), "--input", npy.toString(), "-o", link.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("conv4j predict: --output " + link + " is the same file as the input " + npy),
                r.err());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(npy)));
    }

    @Test
    void badInputsAndOptionsSayWhy() throws IOException {
        CliRun missing = run("predict", "--model", model.toString(), "--input", dir.resolve("nope.png").toString());
        assertEquals(1, missing.exitCode());
        assertEquals("conv4j predict: " + dir.resolve("nope.png") + ": no such file or directory (--input)\n", missing.err());

        CliRun extension = run("predict", "--model", model.toString(), "--input", pngs.toString(), "-o", "x.txt");
        assertEquals(2, extension.exitCode());
        assertTrue(extension.err().contains("--output x.txt: the name must end in .csv or .parquet"), extension.err());

        CliRun noDirectory = run("predict", "--model", model.toString(), "--input", pngs.toString(),
                "-o", dir.resolve("none/p.csv").toString());
        assertEquals(1, noDirectory.exitCode());
        assertTrue(noDirectory.err().contains("directory " + dir.resolve("none") + " does not exist"), noDirectory.err());
        assertFalse(noDirectory.err().contains(".tmp"), noDirectory.err());

        CliRun top = run("predict", "--model", model.toString(), "--input", pngs.toString(), "--top", "11");
        assertEquals(2, top.exitCode());
        assertTrue(top.err().contains("--top 11 must be between 1 and the model's 10 classes"), top.err());

        Path wrongShape = dir.resolve("flat.npy");
        Npy.write(wrongShape, dev.conv4j.tensor.Tensor.wrap(dev.conv4j.tensor.Shape.of(3, 784), new float[3 * 784]));
        CliRun shape = run("predict", "--model", model.toString(), "--input", wrongShape.toString());
        assertEquals(2, shape.exitCode());
        assertTrue(shape.err().contains("model fashion-cnn takes a batch [N,28,28,1] (N samples [28,28,1]), got [3,784]"),
                shape.err());
    }
}
