package dev.conv4j.nn;

/** Hears about {@link Sequential#fit} as it goes: after each batch and after each epoch. */
public interface TrainingListener {
    /**
     * @param epoch        1-based
     * @param epochs       how many epochs the fit runs
     * @param samplesDone  samples of this epoch seen so far
     * @param samples      samples per epoch
     * @param loss         mean loss over this epoch's batches so far
     * @param accuracy     training accuracy over this epoch so far
     * @param elapsedNanos since the epoch began
     */
    record Progress(int epoch, int epochs, int samplesDone, int samples, double loss, double accuracy,
                    long elapsedNanos) {
    }

    /**
     * @param validation the evaluation on held-out data after the epoch, or null when there is none
     * @param seconds    wall time of the epoch's training (without the validation)
     */
    record Epoch(int epoch, int epochs, int samples, double loss, double accuracy, Evaluation validation,
                 double seconds) {
    }

    default void batchEnd(Progress progress) {
    }

    default void epochEnd(Epoch epoch) {
    }

    /** Hears nothing. */
    TrainingListener NONE = new TrainingListener() {
    };
}
