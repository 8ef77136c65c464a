package dev.conv4j.kernel;

/**
 * Computes part of a filter gradient: work units are independent pieces of the canonical
 * {@code dW [taps, C/groups, C_out]}, each owned by exactly one unit and summed in a fixed
 * order, so any split across threads gives bit-identical results.
 */
public interface GradFilterKernel {

    int workUnits();

    /** Computes units {@code [from, to)} of {@code dw} from canonical input {@code x} and output gradient {@code dy}. */
    void compute(float[] x, float[] dy, float[] dw, int from, int to);
}
