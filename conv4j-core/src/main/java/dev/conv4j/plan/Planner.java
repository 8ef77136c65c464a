package dev.conv4j.plan;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.Algorithms;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses how to compute a convolution: walks an ordered list of algorithms, takes the first
 * that accepts the problem and records why each one before it said no (oneDNN's
 * implementation list). Immutable; {@link #threads} gives a copy with another thread count.
 */
public final class Planner {
    private final List<ConvAlgorithm> algorithms;
    private final int threads;
    private final WorkerPool pool;

    private Planner(List<ConvAlgorithm> algorithms, int threads, WorkerPool pool) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("a planner needs at least one algorithm");
        }
        if (threads < 1) {
            throw new ConvShapeException("threads", "threads " + threads + " must be >= 1");
        }
        this.algorithms = List.copyOf(algorithms);
        this.threads = threads;
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** conv4j's algorithms, fastest first, ending with the direct one that accepts everything. */
    public static Planner standard() {
        return of(Algorithms.standard());
    }

    /** A planner over the given algorithms, in order, using all processors. */
    public static Planner of(List<ConvAlgorithm> algorithms) {
        return new Planner(algorithms, Runtime.getRuntime().availableProcessors(), WorkerPool.shared());
    }

    /** The same planner computing with {@code threads} threads. */
    public Planner threads(int threads) {
        return new Planner(algorithms, threads, pool);
    }

    /** The same planner running its chunks on {@code pool}. */
    public Planner pool(WorkerPool pool) {
        return new Planner(algorithms, threads, pool);
    }

    public int threads() {
        return threads;
    }

    public List<ConvAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * The decision for every algorithm on this problem, without preparing anything: what
     * {@code explain} shows. Exactly one is {@link PlanDecision.Verdict#CHOSEN} when the last
     * algorithm accepts everything.
     */
    public List<PlanDecision> decide(ConvGeometry geometry, boolean hasBias) {
        return decide(CanonicalConv.of(geometry, hasBias));
    }

    private List<PlanDecision> decide(CanonicalConv problem) {
        List<PlanDecision> decisions = new ArrayList<>(algorithms.size());
        boolean chosen = false;
        for (ConvAlgorithm algorithm : algorithms) {
            if (chosen) {
                decisions.add(new PlanDecision(algorithm.name(), PlanDecision.Verdict.NOT_CONSIDERED, ""));
                continue;
            }
            Optional<String> rejection = algorithm.rejection(problem);
            if (rejection.isPresent()) {
                decisions.add(new PlanDecision(algorithm.name(), PlanDecision.Verdict.REJECTED, rejection.get()));
            } else {
                decisions.add(new PlanDecision(algorithm.name(), PlanDecision.Verdict.CHOSEN, ""));
                chosen = true;
            }
        }
        return decisions;
    }

    /**
     * A plan for the gradient with respect to the input (equivalently, the transposed
     * convolution) of the forward convolution {@code spec} over inputs of {@code inputShape}.
     */
    public GradInputPlan planGradInput(ConvSpec spec, Shape inputShape, Tensor filter) {
        Objects.requireNonNull(filter, "filter");
        return GradInputPlan.of(this, spec, inputShape, filter);
    }

    /** A plan for the gradient with respect to the filter of the forward convolution {@code spec}. */
    public GradFilterPlan planGradFilter(ConvSpec spec, Shape inputShape, Shape filterShape) {
        return GradFilterPlan.of(spec, inputShape, filterShape, threads, pool);
    }

    /**
     * Refuses a problem whose output and scratch cannot fit in what the JVM may still allocate,
     * or whose output array does not fit where the collector puts large arrays
     * ({@link HeapSpace#largestArray}). Garbage counts as used until collected, so a collection
     * is asked for once before refusing.
     */
    private static void checkMemory(ConvGeometry geometry) {
        long output = geometry.outputShape().elementCount() * Float.BYTES;
        long needed = output + ConvPlan.scratchBytes(geometry);
        if (needed <= HeapSpace.available() && output <= HeapSpace.largestArray()) {
            return;
        }
        System.gc();
        long available = HeapSpace.available();
        long largest = HeapSpace.largestArray();
        if (needed > available || output > largest) {
            throw new ConvShapeException("input", "output " + geometry.outputShape() + " and scratch need "
                    + (needed >> 20) + " MiB but the JVM has " + (available >> 20) + " MiB left, at most "
                    + (largest >> 20) + " MiB in one array (raise -Xmx, e.g. CONV4J_JAVA_OPTS=-Xmx"
                    + Math.max(1, (3 * needed >> 30) + 1) + "g, or use a smaller batch): " + geometry.problem());
        }
    }

    /**
     * Builds a plan for inputs of {@code inputShape}: validates the shapes, packs the filter,
     * prepares the chosen kernel. {@code bias} may be null.
     */
    public ConvPlan plan(ConvSpec spec, Shape inputShape, Tensor filter, Tensor bias) {
        Objects.requireNonNull(filter, "filter");
        ConvGeometry geometry = spec.geometry(inputShape, filter.shape());
        if (bias != null) {
            geometry.checkBias(bias.shape());
        }
        checkMemory(geometry);
        CanonicalConv problem = CanonicalConv.of(geometry, bias != null);
        List<PlanDecision> decisions = decide(problem);
        int chosenIndex = -1;
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).verdict() == PlanDecision.Verdict.CHOSEN) {
                chosenIndex = i;
            }
        }
        if (chosenIndex < 0) {
            throw new ConvShapeException("algorithm", "no algorithm accepts " + geometry.problem() + ": " + decisions);
        }
        ConvAlgorithm algorithm = algorithms.get(chosenIndex);
        float[] packedFilter = FilterPacking.canonical(geometry, filter);
        float[] biasValues = bias == null ? null : bias.data().clone();
        return new ConvPlan(geometry, algorithm.name(), decisions,
                algorithm.prepare(problem, packedFilter, biasValues), threads, pool);
    }
}
