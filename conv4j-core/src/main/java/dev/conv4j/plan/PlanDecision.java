package dev.conv4j.plan;

/**
 * What the planner concluded about one algorithm: chosen, not considered because an earlier one
 * was chosen, passed over because another was asked for by name, or rejected with a reason.
 *
 * @param algorithm the algorithm's name
 * @param verdict   the outcome
 * @param reason    why it was rejected, or which algorithm was asked for; empty otherwise
 */
public record PlanDecision(String algorithm, Verdict verdict, String reason) {

    /** The outcome for one algorithm. */
    public enum Verdict {
        CHOSEN,
        REJECTED,
        NOT_CONSIDERED,
        PASSED_OVER
    }

    @Override
    public String toString() {
        return switch (verdict) {
            case CHOSEN -> algorithm + ": chosen";
            case REJECTED -> algorithm + ": rejected, " + reason;
            case NOT_CONSIDERED -> algorithm + ": not considered (an earlier algorithm was chosen)";
            case PASSED_OVER -> algorithm + ": passed over (" + reason + ")";
        };
    }
}
