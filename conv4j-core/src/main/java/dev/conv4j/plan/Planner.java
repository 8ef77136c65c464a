package dev.conv4j.plan;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.DirectGradInput;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.NonFinite;
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
 * Chooses how to compute a convolution and its gradients: for each operation it walks an ordered
 * list of algorithms ({@link Algorithms}), takes the first that accepts the problem and records
 * why each one before it said no (oneDNN's implementation list). Immutable; {@link #threads},
 * {@link #pool} and {@link #algorithm} give changed copies.
 *
 * <p>Every operation goes through the same steps: validate the shapes and bring the problem into
 * the canonical form the kernels compute ({@link CanonicalConv}), check that its buffers fit in
 * the heap, choose an algorithm, prepare its kernel. The plans it returns run the kernel between
 * the same layout and boundary conversions ({@link CanonicalForm}) and explain themselves alike.
 */
public final class Planner {
    /**
     * A filter whose largest finite weight is this many times its median non-zero magnitude is
     * "wide": Winograd's rounding error, about 2^-22 of the largest transformed weight times the
     * inputs, then exceeds the accuracy rule's 1e-5 of the border outputs' own products.
     */
    static final int WIDE_RANGE = 1 << 10;
    private static final String ZERO_PADDING_MEETS_NON_FINITE = "multiplies zero padding by the weights, and the"
            + " filter holds NaN or Inf (a tap on padding must contribute nothing)";
    private static final String WIDE_RANGE_MEETS_ZERO_PADDING = "mixes every tap's weight into the outputs, and the"
            + " filter's largest weight is over " + WIDE_RANGE + " times its median magnitude: at the border, where"
            + " that tap meets padding, its rounding error would outweigh the output";

    private final List<ConvAlgorithm> algorithms;
    private final List<GradFilterAlgorithm> gradFilterAlgorithms;
    /** The algorithm asked for by name, or null when the planner chooses. */
    private final String forced;
    private final int threads;
    private final WorkerPool pool;

    private Planner(List<ConvAlgorithm> algorithms, List<GradFilterAlgorithm> gradFilterAlgorithms, String forced,
                    int threads, WorkerPool pool) {
        if (algorithms.isEmpty() || gradFilterAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("a planner needs at least one algorithm per operation");
        }
        if (threads < 1) {
            throw new ConvShapeException("threads", "threads " + threads + " must be >= 1");
        }
        this.algorithms = List.copyOf(algorithms);
        this.gradFilterAlgorithms = List.copyOf(gradFilterAlgorithms);
        this.forced = forced;
        this.threads = threads;
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** conv4j's algorithms, fastest first, each operation's list ending with a direct one that accepts everything. */
    public static Planner standard() {
        return of(Algorithms.standard());
    }

    /** A planner over the given forward algorithms, in order (and the standard gradient ones), using all processors. */
    public static Planner of(List<ConvAlgorithm> algorithms) {
        return of(algorithms, Algorithms.gradFilter());
    }

    /** A planner over the given forward and filter-gradient algorithms, in order, using all processors. */
    public static Planner of(List<ConvAlgorithm> algorithms, List<GradFilterAlgorithm> gradFilterAlgorithms) {
        return new Planner(algorithms, gradFilterAlgorithms, null, Runtime.getRuntime().availableProcessors(),
                WorkerPool.shared());
    }

    /** The same planner computing with {@code threads} threads. */
    public Planner threads(int threads) {
        return new Planner(algorithms, gradFilterAlgorithms, forced, threads, pool);
    }

    /** The same planner running its chunks on {@code pool}. */
    public Planner pool(WorkerPool pool) {
        return new Planner(algorithms, gradFilterAlgorithms, forced, threads, pool);
    }

    /**
     * The same planner using only the algorithm called {@code name} (one of {@link #algorithmNames()}):
     * a plan of an operation that has no such algorithm, or a problem it rejects, is an error
     * naming the operation's algorithms or the rejection. {@code null} lets the planner choose again.
     *
     * @throws ConvShapeException when no operation has an algorithm of that name
     */
    public Planner algorithm(String name) {
        if (name != null && !algorithmNames().contains(name)) {
            throw new ConvShapeException("algorithm", "unknown algorithm " + name + "; the algorithms are "
                    + String.join(", ", algorithmNames()));
        }
        return new Planner(algorithms, gradFilterAlgorithms, name, threads, pool);
    }

    /** The algorithm asked for with {@link #algorithm(String)}, if any. */
    public Optional<String> forcedAlgorithm() {
        return Optional.ofNullable(forced);
    }

    public int threads() {
        return threads;
    }

    /** The forward convolution's algorithms, in the order they are tried. */
    public List<ConvAlgorithm> algorithms() {
        return algorithms;
    }

    /** The filter gradient's algorithms, in the order they are tried. */
    public List<GradFilterAlgorithm> gradFilterAlgorithms() {
        return gradFilterAlgorithms;
    }

    /**
     * Every name {@link #algorithm(String)} takes: the forward algorithms (which also compute the
     * input gradient), {@value DirectGradInput#NAME}, and the filter gradient's.
     */
    public List<String> algorithmNames() {
        List<String> names = new ArrayList<>();
        algorithms.forEach(a -> names.add(a.name()));
        names.add(DirectGradInput.NAME);
        gradFilterAlgorithms.forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }

    /**
     * The decision for every forward algorithm on this problem, without preparing anything (and
     * assuming finite weights): what {@code explain} shows. Exactly one is
     * {@link PlanDecision.Verdict#CHOSEN} when the last algorithm accepts everything.
     */
    public List<PlanDecision> decide(ConvGeometry geometry, boolean hasBias) {
        return chooseForward(CanonicalConv.of(geometry, hasBias), true, false, geometry.problem()).decisions();
    }

    /**
     * The forward algorithms' verdicts on {@code problem}. With a NaN or infinite weight, an
     * algorithm that multiplies zero padding by the weights is rejected when there is padding;
     * with a {@link #wideRange} filter, one that mixes the taps' weights.
     */
    private Choice chooseForward(CanonicalConv problem, boolean finiteFilter, boolean wideRange, String description) {
        boolean padded = problem.readsZeroPadding();
        return Choice.of("forward convolution", description, algorithms, ConvAlgorithm::name,
                forcedOnLists(), algorithm -> {
                    Optional<String> rejection = algorithm.rejection(problem);
                    if (rejection.isEmpty() && !finiteFilter && padded && algorithm.multipliesZeroPadding()) {
                        return Optional.of(ZERO_PADDING_MEETS_NON_FINITE);
                    }
                    if (rejection.isEmpty() && wideRange && padded && algorithm.mixesTaps()) {
                        return Optional.of(WIDE_RANGE_MEETS_ZERO_PADDING);
                    }
                    return rejection;
                });
    }

    /**
     * Whether the largest finite weight is over {@link #WIDE_RANGE} times the median of the
     * non-zero finite magnitudes: counted without sorting, as fewer than half of those being
     * within that factor of the largest.
     */
    static boolean wideRange(float[] weights) {
        float largest = 0;
        for (float w : weights) {
            if (Float.isFinite(w)) {
                largest = Math.max(largest, Math.abs(w));
            }
        }
        float bar = largest / WIDE_RANGE;
        long nonZero = 0;
        long near = 0;
        for (float w : weights) {
            float a = Math.abs(w);
            if (Float.isFinite(w) && a > 0) {
                nonZero++;
                near += a >= bar ? 1 : 0;
            }
        }
        return 2 * near < nonZero;
    }

    List<String> forwardNames() {
        return algorithms.stream().map(ConvAlgorithm::name).toList();
    }

    /**
     * The name forced on a walk down a list: null (choose) when nothing is forced or when it names
     * {@value DirectGradInput#NAME}, which only the input gradient plan handles, outside any list.
     */
    private String forcedOnLists() {
        return DirectGradInput.NAME.equals(forced) ? null : forced;
    }

    /** Refuses {@value DirectGradInput#NAME} asked for on another operation. */
    private void checkNotForcedToGradInput(String operation, List<String> names) {
        if (DirectGradInput.NAME.equals(forced)) {
            throw new ConvShapeException("algorithm", "algorithm " + forced + " computes only input gradients; the "
                    + operation + " algorithms are " + String.join(", ", names));
        }
    }

    WorkerPool pool() {
        return pool;
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
        checkNotForcedToGradInput("forward convolution", forwardNames());
        return plan(geometry, filter, bias);
    }

    /** A forward plan for a validated geometry. */
    ConvPlan plan(ConvGeometry geometry, Tensor filter, Tensor bias) {
        long outputAndScratch = geometry.outputShape().elementCount() * Float.BYTES + CanonicalForm.scratchBytes(geometry);
        HeapBudget.check("output " + geometry.outputShape() + " and scratch", outputAndScratch, geometry.problem());
        CanonicalConv problem = CanonicalConv.of(geometry, bias != null);
        Choice choice = chooseForward(problem, !NonFinite.any(filter.data()), wideRange(filter.data()),
                geometry.problem());
        ConvAlgorithm algorithm = algorithms.get(choice.chosen());
        float[] packedFilter = FilterPacking.canonical(geometry, filter);
        float[] biasValues = bias == null ? null : bias.data().clone();
        ConvKernel coldTwin = algorithm.scalarTwin()
                .filter(twin -> ColdStart.cold(algorithm.name(), geometry.flops()) && twin.rejection(problem).isEmpty())
                .map(twin -> twin.prepare(problem, packedFilter.clone(), biasValues == null ? null : biasValues.clone()))
                .orElse(null);
        ConvKernel kernel = algorithm.prepare(problem, packedFilter, biasValues);
        long perThread = Math.max(kernel.threadScratchLength(), coldTwin == null ? 0 : coldTwin.threadScratchLength());
        int running = pool.threadsFor(threads);
        HeapBudget.check("output " + geometry.outputShape() + ", scratch and " + algorithm.name() + "'s buffers for "
                + running + " threads", outputAndScratch + running * perThread * Float.BYTES, geometry.problem());
        return new ConvPlan(geometry, algorithm.name(), choice.decisions(), kernel, coldTwin, threads, pool);
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
        ConvGeometry geometry = spec.geometry(inputShape, filterShape);
        CanonicalConv problem = CanonicalConv.of(geometry, false);
        List<String> names = gradFilterAlgorithms.stream().map(GradFilterAlgorithm::name).toList();
        checkNotForcedToGradInput("filter gradient", names);
        Choice choice = Choice.of("filter gradient", geometry.problem(), gradFilterAlgorithms,
                GradFilterAlgorithm::name, forcedOnLists(), algorithm -> algorithm.rejection(problem));
        GradFilterAlgorithm algorithm = gradFilterAlgorithms.get(choice.chosen());
        return GradFilterPlan.of(geometry, problem, algorithm, choice.decisions(), threads, pool);
    }
}
