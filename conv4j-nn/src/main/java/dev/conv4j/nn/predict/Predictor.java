package dev.conv4j.nn.predict;

import dev.conv4j.io.IoConsumer;
import dev.conv4j.nn.Compute;
import dev.conv4j.nn.io.ModelFiles;
import dev.conv4j.nn.io.SavedModel;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classifies new data with a saved model: reads the input a batch at a time (so memory stays
 * bounded by the batch, whatever the input's size) and hands over one {@link Prediction} per
 * sample, in input order.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.load(Path.of("models/fashion"), Compute.threads(2));
 * for (Prediction p : predictor.predict(Path.of("shirt.png"))) {
 *     System.out.println(p.id() + " " + p.className());
 * }
 * }</pre>
 */
public final class Predictor {
    /** Samples per forward pass unless told otherwise. */
    public static final int DEFAULT_BATCH = 256;

    private final SavedModel saved;
    private final Compute compute;
    private final int batchSize;

    public Predictor(SavedModel saved, Compute compute, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be >= 1");
        }
        this.saved = saved;
        this.compute = compute;
        this.batchSize = batchSize;
    }

    /** The model saved in {@code directory} (see {@link ModelFiles#loadSaved}), in batches of {@value #DEFAULT_BATCH}. */
    public static Predictor load(Path directory, Compute compute) throws IOException {
        return new Predictor(ModelFiles.loadSaved(directory), compute, DEFAULT_BATCH);
    }

    public SavedModel savedModel() {
        return saved;
    }

    /** Opens {@code input} (a file or a directory of images), checking that it fits the model; see {@link Samples}. */
    public Samples open(Path input) throws IOException {
        return Samples.open(input, saved);
    }

    /** Predicts every sample of {@code samples}, handing each to {@code sink} in order, a batch at a time. */
    public void predict(Samples samples, IoConsumer<Prediction> sink) throws IOException {
        for (int from = 0; from < samples.size(); from += batchSize) {
            for (Prediction p : predict(samples, from, Math.min(samples.size(), from + batchSize))) {
                sink.accept(p);
            }
        }
    }

    /**
     * Samples {@code [from, to)} in one forward pass, in order: for callers that split an input
     * themselves (Spark tasks each take a range of batches).
     */
    public List<Prediction> predict(Samples samples, int from, int to) throws IOException {
        List<String> ids = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ids.add(samples.id(i));
        }
        return predict(ids, samples.batch(from, to));
    }

    public int batchSize() {
        return batchSize;
    }

    /** Every prediction for {@code input}, in order (all held in memory; use {@link #predict(Samples, IoConsumer)} to stream). */
    public List<Prediction> predict(Path input) throws IOException {
        List<Prediction> out = new ArrayList<>();
        predict(open(input), out::add);
        return out;
    }

    /**
     * The predictions for a batch already in memory, {@code [N, sample...]} as the model takes it
     * (preprocessed), named {@code ids} in order: for callers that read samples themselves (a Spark
     * partition, a stream of requests).
     */
    public List<Prediction> predict(List<String> ids, Tensor batch) {
        if (batch.rank() < 1 || batch.shape().dim(0) != ids.size()) {
            throw new IllegalArgumentException(ids.size() + " ids for a batch " + batch.shape());
        }
        Tensor probabilities = saved.model().predict(batch, compute);
        int classes = probabilities.shape().dim(1);
        float[] p = probabilities.data();
        List<Prediction> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            float[] row = Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            String name = saved.classNames().isEmpty() ? null : saved.classNames().get(best);
            out.add(new Prediction(ids.get(i), best, name, row));
        }
        return out;
    }
}
