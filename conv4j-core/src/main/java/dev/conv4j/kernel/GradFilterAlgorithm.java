package dev.conv4j.kernel;

import java.util.Optional;

/**
 * One way to compute a filter gradient: whether it takes a problem (and if not, why), and a
 * kernel prepared for it. The planner asks an ordered list of these, as for the forward pass
 * ({@link ConvAlgorithm}).
 */
public interface GradFilterAlgorithm {

    /** A short stable name, shown in plans and benchmarks, e.g. {@code direct-grad-filter}. */
    String name();

    /** Why this algorithm cannot (or should not) compute {@code problem}; empty when it can. */
    Optional<String> rejection(CanonicalConv problem);

    /** A kernel for {@code problem}, which this algorithm accepts. */
    GradFilterKernel prepare(CanonicalConv problem);

    /**
     * The same algorithm on scalar code, giving the same bits, when this one runs Vector API code:
     * what a plan runs while that code is cold (as {@link ConvAlgorithm#scalarTwin()}).
     */
    default Optional<GradFilterAlgorithm> scalarTwin() {
        return Optional.empty();
    }
}
