package dev.conv4j.kernel;

/**
 * A prepared filter gradient that computes a range of its work units into a workspace, then
 * reduces the workspace to the canonical {@code dW [taps, C/groups, C_out]}. Every element is
 * summed in one fixed order whatever the split of units across threads, so any thread count
 * gives bit-identical results.
 */
public interface GradFilterKernel {

    /** Independent pieces of work: a run splits {@code [0, workUnits())} across threads. */
    int workUnits();

    /** Floats of the workspace a run sums into (zero before the run). */
    int workspaceLength();

    /**
     * Floats each thread of a run allocates for itself besides the workspace (its copies,
     * transformed panels and sums), so that a plan can check the heap holds them before it runs.
     */
    default long threadScratchLength() {
        return 0;
    }

    /**
     * Computes units {@code [from, to)} from canonical input {@code x} and output gradient
     * {@code dy} into {@code workspace}. Ranges of one run may be computed concurrently.
     */
    void compute(float[] x, float[] dy, float[] workspace, int from, int to);

    /** The canonical {@code dW} of a finished run (may be {@code workspace} itself). */
    float[] reduce(float[] workspace);
}
