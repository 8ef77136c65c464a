package dev.conv4j.spark;

import static dev.conv4j.nn.layer.Layers.conv2d;
import static dev.conv4j.nn.layer.Layers.dense;
import static dev.conv4j.nn.layer.Layers.flatten;
import static dev.conv4j.nn.layer.Layers.maxPool2d;
import static dev.conv4j.nn.layer.Layers.relu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.data.Dataset;
import dev.conv4j.nn.data.FashionMnist;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.nn.predict.Prediction;
import dev.conv4j.nn.predict.Predictor;
import dev.conv4j.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark predict} gives, row for row, what {@code conv4j predict}'s Predictor gives in one JVM. */
class PredictJobTest {
    @TempDir
    Path dir;

    @Test
    void sparkRowsEqualTheSingleJvmPredictionsInInputOrder() throws Exception {
        Path data = FashionMnist.defaultDirectory();
        assumeTrue(Files.isDirectory(data), "Fashion-MNIST (dataset-fashion-mnist) is not installed");
        Dataset test = FashionMnist.test(data).slice(0, 700);
        Sequential model = Sequential.of("tiny", Shape.of(28, 28, 1), conv2d(4, 3), relu(), maxPool2d(2), flatten(),
                dense(10)).initialize(7);
        Path modelDir = dir.resolve("model");
        ModelFiles.save(new SavedModel(model, FashionMnist.CLASSES, FashionMnist.PREPROCESSING, Map.of()), modelDir);
        Path input = dir.resolve("test.npy");
        Npy.write(input, test.inputs());
        List<Prediction> expected = new Predictor(ModelFiles.loadSaved(modelDir), Compute.threads(1), 64).predict(input);
        try (SparkSession spark = LocalSpark.start("local[2]")) {
            PredictJob.Report r = Conv4jSpark.predict(spark, modelDir, input, dir.resolve("preds.parquet"), 64);
            assertEquals(700, r.samples());
            List<Row> rows = spark.read().parquet(dir.resolve("preds.parquet").toString()).orderBy("index").collectAsList();
            assertEquals(expected.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                Prediction p = expected.get(i);
                assertEquals(i, row.getInt(0));
                assertEquals(p.id(), row.getString(1));
                assertEquals(p.classIndex(), row.getInt(2));
                assertEquals(p.className(), row.getString(3));
                for (int c = 0; c < 10; c++) {
                    assertEquals(p.probabilities()[c], row.getFloat(4 + c), "sample " + i + " class " + c);
                }
            }
            Conv4jSpark.predict(spark, modelDir, input, dir.resolve("preds.csv"), 64);
            assertEquals(700, spark.read().option("header", "true").csv(dir.resolve("preds.csv").toString()).count());
        }
    }
}
