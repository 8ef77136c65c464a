package dev.conv4j.plan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a plan runs its algorithm's scalar twin instead of the Vector API kernel: each Vector API
 * algorithm's first call in this JVM if it is at most {@link #firstCallFlops()} floating-point
 * operations, and its calls while they add up to at most {@link #scalarFlops()}.
 *
 * <p>Until C2 has compiled it, Vector API code runs interpreted or through C1, where every vector
 * operation allocates an object: a first call is tens of times slower than the scalar twin, which
 * the JIT compiles quickly and which gives the same bits. A process that convolves only once (a
 * command-line call, a first request) finishes sooner on the twin unless the call is so large
 * that the twin's slower arithmetic costs more than compiling the vector code, which takes a few
 * tenths of a second on two cores: about what the twin does in {@link #firstCallFlops()}. A
 * process that convolves again and again pays for compiling the vector code soon, once the calls
 * have shown it will be repaid: after {@link #scalarFlops()}, a budget small enough that a
 * benchmark's warm-up (or the first images of a batch) sees the compiled kernels. Set
 * {@code -Dconv4j.coldScalarFlops=0} to run the Vector API kernels from the first call.
 */
final class ColdStart {
    private static final long DEFAULT_SCALAR_FLOPS = 100_000_000L;
    private static final long SCALAR_FLOPS = Long.getLong("conv4j.coldScalarFlops", DEFAULT_SCALAR_FLOPS);
    /** How much larger than the running budget a lone first call may be. */
    private static final int FIRST_CALL_FACTOR = 5;
    /** Work done so far, per Vector API algorithm name, on either twin. */
    private static final Map<String, AtomicLong> DONE = new ConcurrentHashMap<>();

    private ColdStart() {
    }

    /** The work each Vector API algorithm does on its scalar twin, over its calls, before it runs itself. */
    static long scalarFlops() {
        return SCALAR_FLOPS;
    }

    /** The largest first call of an algorithm that goes to its scalar twin. */
    static long firstCallFlops() {
        return FIRST_CALL_FACTOR * SCALAR_FLOPS;
    }

    /** Whether a run of {@code flops} by {@code algorithm} would still go to its scalar twin: worth preparing one. */
    static boolean cold(String algorithm, long flops) {
        return toTwin(done(algorithm).get(), flops);
    }

    /** Counts a run of {@code flops} by {@code algorithm}; true when it is to run on the scalar twin. */
    static boolean runScalar(String algorithm, long flops) {
        return toTwin(done(algorithm).getAndAdd(flops), flops);
    }

    private static boolean toTwin(long doneBefore, long flops) {
        return doneBefore == 0 ? flops <= firstCallFlops() : doneBefore + flops <= SCALAR_FLOPS;
    }

    private static AtomicLong done(String algorithm) {
        return DONE.computeIfAbsent(algorithm, a -> new AtomicLong());
    }

    /** A plan's kernel and, while runs may still go to it, its scalar twin's. */
    static final class Twins<K> {
        private final K kernel;
        /** Null once a run has gone to the Vector API kernel (or when there is no twin), for the collector. */
        private volatile K coldTwin;

        Twins(K kernel, K coldTwin) {
            this.kernel = kernel;
            this.coldTwin = coldTwin;
        }

        boolean holdsColdTwin() {
            return coldTwin != null;
        }

        /** The kernel of a run of {@code flops} by {@code algorithm}, which this counts. */
        K forRun(String algorithm, long flops) {
            K twin = coldTwin;
            if (twin == null) {
                return kernel;
            }
            if (runScalar(algorithm, flops)) {
                return twin;
            }
            coldTwin = null;
            return kernel;
        }
    }
}
