package dev.conv4j.plan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a plan runs its algorithm's scalar twin instead of the Vector API kernel: for the first
 * {@link #scalarFlops()} floating-point operations each Vector API algorithm does in this JVM.
 *
 * <p>Until C2 has compiled it, Vector API code runs interpreted or through C1, where every vector
 * operation allocates an object: a first call is tens of times slower than the scalar twin, which
 * the JIT compiles quickly and which gives the same bits. A process that convolves only a little
 * (one command-line call, a first request) finishes sooner on the twin; one that convolves more
 * pays for compiling the vector code once the work has shown it will be repaid. The budget is
 * about what the twin does in the time a cold Vector API kernel loses to the JIT (a few tenths of
 * a second on two cores); a first call larger than the budget goes to the Vector API kernel at
 * once, as the twin would then be slower still. Set
 * {@code -Dconv4j.coldScalarFlops=0} to run the Vector API kernels from the first call.
 */
final class ColdStart {
    private static final long DEFAULT_SCALAR_FLOPS = 500_000_000L;
    private static final long SCALAR_FLOPS = Long.getLong("conv4j.coldScalarFlops", DEFAULT_SCALAR_FLOPS);
    /** Work done so far, per Vector API algorithm name, on either twin. */
    private static final Map<String, AtomicLong> DONE = new ConcurrentHashMap<>();

    private ColdStart() {
    }

    /** The work each Vector API algorithm does on its scalar twin before it runs itself. */
    static long scalarFlops() {
        return SCALAR_FLOPS;
    }

    /** Whether a run of {@code flops} by {@code algorithm} would still go to its scalar twin: worth preparing one. */
    static boolean cold(String algorithm, long flops) {
        return done(algorithm).get() + flops <= SCALAR_FLOPS;
    }

    /** Counts a run of {@code flops} by {@code algorithm}; true when it is to run on the scalar twin. */
    static boolean runScalar(String algorithm, long flops) {
        return done(algorithm).addAndGet(flops) <= SCALAR_FLOPS;
    }

    private static AtomicLong done(String algorithm) {
        return DONE.computeIfAbsent(algorithm, a -> new AtomicLong());
    }
}
