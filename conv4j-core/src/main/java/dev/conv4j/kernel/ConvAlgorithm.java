package dev.conv4j.kernel;

import java.util.Optional;

/**
 * One way to compute a convolution: it says whether it can take a problem (and if not, why),
 * and prepares a kernel for it. The planner asks an ordered list of these.
 */
public interface ConvAlgorithm {

    /** A short stable name, shown in plans and benchmarks, e.g. {@code direct}. */
    String name();

    /** Why this algorithm cannot (or should not) compute {@code problem}; empty when it can. */
    Optional<String> rejection(CanonicalConv problem);

    /**
     * Whether the kernel computes a tap that falls on zero padding as {@code 0 × w} instead of
     * skipping it. The two agree for every finite weight; for a NaN or infinite one, {@code 0 × w}
     * is NaN where the semantics say the tap contributes nothing, so the planner does not choose
     * such an algorithm for a problem with padding and a non-finite weight.
     */
    default boolean multipliesZeroPadding() {
        return true;
    }

    /**
     * The same algorithm without the Vector API when this one uses it: a kernel that walks the
     * problem in the same order and gives the same bits, which a plan runs instead while the
     * Vector API code is still cold (interpreted, every vector operation allocates, so it is
     * tens of times slower than scalar code until C2 compiles it). Empty for a scalar algorithm.
     */
    default Optional<ConvAlgorithm> scalarTwin() {
        return Optional.empty();
    }

    /**
     * Prepares a kernel: packs {@code filter} (canonical {@code [k..., C/groups, C_out]}) into
     * whatever layout the kernel wants. {@code bias} is null when the problem has none.
     */
    ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias);
}
