package dev.conv4j.plan;

import dev.conv4j.spec.ConvGeometry;
import java.util.List;

/**
 * What every plan holds, whatever the operation: the validated problem, the algorithm chosen
 * from the operation's list, every algorithm's verdict, the thread count, and the explanation
 * of the choice. Built by a {@link Planner}; immutable, and run from any number of threads.
 */
public abstract sealed class Plan permits ConvPlan, GradInputPlan, GradFilterPlan {
    private final ConvGeometry geometry;
    private final String algorithm;
    private final List<PlanDecision> decisions;
    private final int threads;

    Plan(ConvGeometry geometry, String algorithm, List<PlanDecision> decisions, int threads) {
        this.geometry = geometry;
        this.algorithm = algorithm;
        this.decisions = List.copyOf(decisions);
        this.threads = threads;
    }

    /** The forward problem: for a gradient plan, the convolution whose gradient it computes. */
    public ConvGeometry geometry() {
        return geometry;
    }

    /** The chosen algorithm's name. */
    public String algorithm() {
        return algorithm;
    }

    /** Every algorithm of the operation's list, in order, with its verdict. */
    public List<PlanDecision> decisions() {
        return decisions;
    }

    public int threads() {
        return threads;
    }

    /** The problem line of {@link #explain}: the forward problem, and which gradient when it is one. */
    String problem() {
        return geometry.problem();
    }

    /** The problem, the chosen algorithm and the reason every other one was passed over. */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append("problem   ").append(problem()).append('\n');
        sb.append("algorithm ").append(algorithm).append(" on ").append(threads).append(" thread(s)\n");
        for (PlanDecision d : decisions) {
            sb.append("  ").append(d).append('\n');
        }
        return sb.toString();
    }
}
