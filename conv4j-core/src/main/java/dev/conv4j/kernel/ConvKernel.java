package dev.conv4j.kernel;

/**
 * A prepared convolution (weights packed) that computes a range of its work units. Units are
 * independent and each output element belongs to exactly one, so any split across threads
 * gives bit-identical results.
 */
public interface ConvKernel {

    /** How many independent pieces of work there are; the plan splits {@code [0, workUnits())}. */
    int workUnits();

    /**
     * Floats each thread of a run allocates for itself (its laid-out input rows, padded copies,
     * tile sums), so that a plan can check the heap holds them before it runs.
     */
    default long threadScratchLength() {
        return 0;
    }

    /**
     * Computes units {@code [from, to)}: reads the canonical input, writes the output elements
     * those units own. Must not allocate per element.
     */
    void compute(float[] input, float[] output, int from, int to);
}
