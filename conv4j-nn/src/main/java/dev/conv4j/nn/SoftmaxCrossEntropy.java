package dev.conv4j.nn;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * The mean cross-entropy of integer labels and the softmax of logits, as
 * {@code tf.nn.sparse_softmax_cross_entropy_with_logits} followed by a mean over the batch (Keras'
 * {@code SparseCategoricalCrossentropy(from_logits=True)}).
 *
 * <p>Computed stably from the logits: {@code loss_i = logsumexp(z_i) - z_i[y_i]} with the row
 * maximum subtracted before exponentiating, in double. The gradient with respect to the logits is
 * {@code (softmax(z_i) - onehot(y_i)) / batch}.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * @param loss     the mean loss over the batch
     * @param gradient {@code dL/dz}, the shape of the logits
     * @param correct  how many rows have their largest logit at the label (ties: the first)
     */
    public record Result(double loss, Tensor gradient, int correct) {
    }

    /** {@code logits [batch, classes]}, {@code labels[i]} in {@code [0, classes)}. */
    public static Result of(Tensor logits, int[] labels) {
        Shape s = logits.shape();
        if (s.rank() != 2 || s.dim(0) != labels.length) {
            throw new IllegalArgumentException("logits " + s + " must be [batch, classes] with batch = "
                    + labels.length + " labels");
        }
        int batch = s.dim(0);
        int classes = s.dim(1);
        float[] z = logits.data();
        float[] grad = new float[z.length];
        double total = 0;
        int correct = 0;
        for (int i = 0; i < batch; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + i + " is outside [0, " + classes + ")");
            }
            int row = i * classes;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[row + c] > z[row + best]) {
                    best = c;
                }
            }
            double max = z[row + best];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[row + c] - max);
            }
            double logSum = Math.log(sum);
            total += logSum - (z[row + label] - max);
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(z[row + c] - max - logSum);
                grad[row + c] = (float) ((p - (c == label ? 1 : 0)) / batch);
            }
            if (best == label) {
                correct++;
            }
        }
        return new Result(batch == 0 ? 0 : total / batch, Tensor.wrap(s, grad), correct);
    }

    /** The softmax of each row of {@code logits [batch, classes]}: probabilities summing to 1, computed in double. */
    public static Tensor probabilities(Tensor logits) {
        Shape s = logits.shape();
        if (s.rank() != 2) {
            throw new IllegalArgumentException("logits " + s + " must be [batch, classes]");
        }
        int classes = s.dim(1);
        float[] z = logits.data();
        float[] p = new float[z.length];
        for (int row = 0; row < z.length; row += classes) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[row + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                p[row + c] = (float) (Math.exp(z[row + c] - max) / sum);
            }
        }
        return Tensor.wrap(s, p);
    }

    /** The index of the largest logit of each row. */
    public static int[] predictions(Tensor logits) {
        int batch = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        int[] out = new int[batch];
        float[] z = logits.data();
        for (int i = 0; i < batch; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] > z[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
