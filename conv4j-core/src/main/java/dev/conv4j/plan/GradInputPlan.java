package dev.conv4j.plan;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.DirectGradInput;
import dev.conv4j.kernel.FilterPacking;
import dev.conv4j.kernel.NonFinite;
import dev.conv4j.kernel.TransposedFilter;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradient of a convolution with respect to its input, which is also the transposed
 * convolution: {@code dx[i] = sum over o, k with o*s - pad + k*d = i of dy[o] . w[k]}.
 *
 * <p>It is computed as a forward convolution, so every forward algorithm serves it: the output
 * gradient is spread out by the stride (zeros between its elements) and padded by
 * {@code (k - 1)*d - pad_before}, then convolved (stride 1, same dilation, VALID) with the
 * filter reversed and its channel axes swapped. A non-zero boundary mode is handled by taking
 * the gradient with respect to the padded input and folding it back onto the input.
 *
 * <p>The spread's zeros are products that do not exist: for a finite filter they add nothing,
 * but a NaN or infinite weight would turn them into NaN. Where every stride is 1 and the pads
 * fit inside the kernel, the zeros are the equivalent convolution's own padding, which the
 * planner keeps from any algorithm that multiplies it; otherwise such a filter goes to
 * {@link DirectGradInput} ({@value DirectGradInput#NAME}), which sums only the products that exist.
 * The planner lists the forward algorithms' verdicts on the equivalent convolution, then that one.
 */
public final class GradInputPlan extends Plan {
    private static final String SPREAD_MEETS_NON_FINITE = "the spread output gradient's zeros (between elements,"
            + " or past a pad wider than the kernel) would meet the filter's NaN or Inf";

    private final CanonicalConv canonical;
    /** The forward convolution that does the work, or null when {@link #direct} does. */
    private final ConvPlan equivalent;
    private final ConvKernel direct;
    /** The equivalent convolution's input: the spread gradient, or dy itself when nothing needs spreading. */
    private final Shape equivalentInput;
    /** All strides 1 and pads within the kernel: the spread gradient is dy zero-padded, which the plan's padding does. */
    private final boolean readsGradientDirectly;
    private final WorkerPool pool;

    private GradInputPlan(ConvGeometry geometry, CanonicalConv canonical, ConvPlan equivalent, ConvKernel direct,
                          Shape equivalentInput, boolean readsGradientDirectly, String algorithm,
                          List<PlanDecision> decisions, int threads, WorkerPool pool) {
        super(geometry, algorithm, decisions, threads);
        this.canonical = canonical;
        this.equivalent = equivalent;
        this.direct = direct;
        this.equivalentInput = equivalentInput;
        this.readsGradientDirectly = readsGradientDirectly;
        this.pool = pool;
    }

    static GradInputPlan of(Planner planner, ConvSpec spec, Shape inputShape, Tensor filter) {
        ConvGeometry g = spec.geometry(inputShape, filter.shape());
        CanonicalConv p = CanonicalConv.of(g, false);
        int r = p.spatialRank();
        float[] transposed = TransposedFilter.of(FilterPacking.canonical(g, filter), Math.toIntExact(p.kernelVolume()),
                p.inChannelsPerGroup(), p.outChannelsPerGroup(), p.groups());
        int[] filterDims = new int[r + 2];
        System.arraycopy(p.kernel(), 0, filterDims, 0, r);
        filterDims[r] = p.outChannelsPerGroup();
        filterDims[r + 1] = p.inChannels();
        Tensor equivalentFilter = Tensor.wrap(Shape.of(filterDims), transposed);
        ConvSpec.Builder equivalentSpec = ConvSpec.builder(r).dilations(p.dilations()).groups(p.groups());
        int[] spread = new int[r + 2];
        int[] gradient = new int[r + 2];
        spread[0] = gradient[0] = p.batch();
        spread[r + 1] = gradient[r + 1] = p.outChannels();
        int[] before = new int[r];
        int[] after = new int[r];
        boolean readsDirectly = true;
        for (int a = 0; a < r; a++) {
            CanonicalAxis axis = p.axis(a);
            spread[a + 1] = axis.in() + axis.extent() - 1;
            gradient[a + 1] = axis.out();
            before[a] = axis.extent() - 1 - axis.padBefore();
            after[a] = spread[a + 1] - before[a] - axis.out();
            readsDirectly &= axis.stride() == 1 && before[a] >= 0 && after[a] >= 0;
        }
        List<String> forwardNames = planner.forwardNames();
        String forced = planner.forcedAlgorithm().orElse(null);
        boolean spreadMeetsNonFinite = !readsDirectly && NonFinite.any(filter.data());
        if (DirectGradInput.NAME.equals(forced) || spreadMeetsNonFinite && !forwardNames.contains(forced)) {
            List<PlanDecision> decisions = new ArrayList<>();
            for (String name : forwardNames) {
                decisions.add(forced != null
                        ? new PlanDecision(name, PlanDecision.Verdict.PASSED_OVER, forced + " was asked for")
                        : new PlanDecision(name, PlanDecision.Verdict.REJECTED, SPREAD_MEETS_NON_FINITE));
            }
            decisions.add(new PlanDecision(DirectGradInput.NAME, PlanDecision.Verdict.CHOSEN, ""));
            HeapBudget.check("input gradient " + g.inputShape() + " and scratch", ((long) p.inputLength()
                    + g.inputShape().elementCount() + p.outputLength()) * Float.BYTES, g.problem());
            return new GradInputPlan(g, p, null, DirectGradInput.prepare(p, transposed), Shape.of(gradient), true,
                    DirectGradInput.NAME, decisions, planner.threads(), planner.pool());
        }
        if (spreadMeetsNonFinite) {
            throw new ConvShapeException("algorithm", "algorithm " + forced + " cannot compute the input gradient of "
                    + g.problem() + ": " + SPREAD_MEETS_NON_FINITE + " (" + DirectGradInput.NAME + " can)");
        }
        Shape equivalentInput = Shape.of(readsDirectly ? gradient : spread);
        Padding padding = readsDirectly ? new Padding.Explicit(before, after) : Padding.VALID;
        ConvSpec equivalentConv = equivalentSpec.padding(padding).build();
        ConvPlan plan = planner.plan(equivalentConv.geometry(equivalentInput, equivalentFilter.shape()),
                equivalentFilter, null);
        List<PlanDecision> decisions = new ArrayList<>(plan.decisions());
        decisions.add(forced != null
                ? new PlanDecision(DirectGradInput.NAME, PlanDecision.Verdict.PASSED_OVER, forced + " was asked for")
                : new PlanDecision(DirectGradInput.NAME, PlanDecision.Verdict.NOT_CONSIDERED, ""));
        return new GradInputPlan(g, p, plan, null, equivalentInput, readsDirectly, plan.algorithm(), decisions,
                planner.threads(), planner.pool());
    }

    @Override
    String problem() {
        return geometry().problem() + " (input gradient" + (equivalent == null ? ")"
                : ", as the forward convolution " + equivalent.geometry().problem() + ")");
    }

    /** {@code dL/dx} for {@code dL/dy} of the forward output's shape, in a new tensor. */
    public Tensor run(Tensor gradOutput) {
        Tensor gradInput = Tensor.zeros(geometry().inputShape());
        run(gradOutput, gradInput);
        return gradInput;
    }

    /** {@code dL/dx} into {@code gradInput} (the forward input's shape), for repeated calls without allocation. */
    public void run(Tensor gradOutput, Tensor gradInput) {
        if (!gradOutput.shape().equals(geometry().outputShape())) {
            throw new ConvShapeException("grad-output", "the output gradient must have the forward output's shape "
                    + geometry().outputShape() + " (" + geometry().problem() + "), got " + gradOutput.shape());
        }
        if (!gradInput.shape().equals(geometry().inputShape())) {
            throw new ConvShapeException("grad-input", "the input gradient must have the forward input's shape "
                    + geometry().inputShape() + ", got " + gradInput.shape());
        }
        float[] dy = CanonicalForm.outputSide(geometry(), gradOutput.data());
        boolean inPlace = CanonicalForm.inputGradientInPlace(geometry());
        float[] dx;
        if (direct != null) {
            dx = inPlace ? gradInput.data() : new float[canonical.inputLength()];
            float[] canonicalDx = dx;
            pool.run(direct.workUnits(), threads(), (from, to) -> direct.compute(dy, canonicalDx, from, to));
        } else {
            Tensor input = Tensor.wrap(equivalentInput, readsGradientDirectly ? dy : spread(dy));
            if (inPlace) {
                equivalent.run(input, gradInput);
                return;
            }
            dx = equivalent.run(input).data();
        }
        if (!inPlace) {
            CanonicalForm.inputGradient(geometry(), dx, gradInput.data());
        }
    }

    /**
     * Places {@code dy[o]} at {@code o*s + (e - 1 - pad_before)} along each axis of a zero buffer;
     * positions that fall outside only ever reach padding, so they are dropped.
     */
    private float[] spread(float[] dy) {
        int r = canonical.spatialRank();
        int channels = canonical.outChannels();
        int[] outSizes = canonical.outSizes();
        int[] spreadSizes = new int[r];
        int[] shift = new int[r];
        for (int a = 0; a < r; a++) {
            spreadSizes[a] = equivalentInput.dim(a + 1);
            shift[a] = canonical.axis(a).extent() - 1 - canonical.padBefore()[a];
        }
        float[] spread = new float[equivalentInput.checkedElementCount("spread output gradient")];
        int positions = Math.toIntExact(canonical.outputVolume());
        int[] o = new int[r];
        int src = 0;
        for (int n = 0; n < canonical.batch(); n++) {
            for (int position = 0; position < positions; position++, src += channels) {
                int dst = n;
                boolean inside = true;
                for (int a = 0; a < r; a++) {
                    int j = o[a] * canonical.strides()[a] + shift[a];
                    inside &= j >= 0 && j < spreadSizes[a];
                    dst = dst * spreadSizes[a] + j;
                }
                if (inside) {
                    System.arraycopy(dy, src, spread, dst * channels, channels);
                }
                for (int a = r - 1; a >= 0 && ++o[a] == outSizes[a]; a--) {
                    o[a] = 0;
                }
            }
        }
        return spread;
    }
}
