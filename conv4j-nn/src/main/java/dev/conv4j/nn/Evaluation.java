package dev.conv4j.nn;

/**
 * A network's mean loss and accuracy on a data set.
 *
 * @param loss     mean softmax cross-entropy
 * @param accuracy fraction of samples whose largest logit is at the label
 * @param samples  how many samples
 */
public record Evaluation(double loss, double accuracy, int samples) {
}
