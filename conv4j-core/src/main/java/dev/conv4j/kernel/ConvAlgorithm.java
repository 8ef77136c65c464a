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
     * Prepares a kernel: packs {@code filter} (canonical {@code [k..., C/groups, C_out]}) into
     * whatever layout the kernel wants. {@code bias} is null when the problem has none.
     */
    ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias);
}
