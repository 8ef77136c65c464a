package dev.conv4j.plan;

import dev.conv4j.spec.ConvShapeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One operation's walk down its ordered list of algorithms: the first that accepts the problem is
 * chosen and every one before it says why not (oneDNN's implementation list). With an algorithm
 * forced by name, only that one is asked, and its rejection is an error.
 *
 * @param decisions every algorithm of the list with its verdict
 * @param chosen    the index of the chosen algorithm in the list
 */
record Choice(List<PlanDecision> decisions, int chosen) {

    /**
     * Walks {@code algorithms}.
     *
     * @param operation what is being planned, for error messages ("forward convolution")
     * @param problem   the problem, for error messages
     * @param forced    the name of the algorithm asked for, or null to choose
     * @param rejection why an algorithm declines the problem; empty when it accepts
     */
    static <A> Choice of(String operation, String problem, List<A> algorithms, Function<A, String> name,
                         String forced, Function<A, Optional<String>> rejection) {
        List<PlanDecision> decisions = new ArrayList<>(algorithms.size());
        int chosen = -1;
        for (int i = 0; i < algorithms.size(); i++) {
            A algorithm = algorithms.get(i);
            String algorithmName = name.apply(algorithm);
            if (forced != null && !forced.equals(algorithmName)) {
                decisions.add(new PlanDecision(algorithmName, PlanDecision.Verdict.PASSED_OVER, forced + " was asked for"));
                continue;
            }
            if (chosen >= 0) {
                decisions.add(new PlanDecision(algorithmName, PlanDecision.Verdict.NOT_CONSIDERED, ""));
                continue;
            }
            Optional<String> reason = rejection.apply(algorithm);
            if (reason.isPresent()) {
                if (forced != null) {
                    throw new ConvShapeException("algorithm", "algorithm " + forced + " cannot compute the "
                            + operation + " " + problem + ": " + reason.get());
                }
                decisions.add(new PlanDecision(algorithmName, PlanDecision.Verdict.REJECTED, reason.get()));
            } else {
                decisions.add(new PlanDecision(algorithmName, PlanDecision.Verdict.CHOSEN, ""));
                chosen = i;
            }
        }
        if (chosen < 0 && forced != null) {
            throw new ConvShapeException("algorithm", "there is no " + operation + " algorithm " + forced
                    + "; they are " + String.join(", ", algorithms.stream().map(name).toList()));
        }
        if (chosen < 0) {
            throw new ConvShapeException("algorithm", "no " + operation + " algorithm accepts " + problem + ": "
                    + decisions);
        }
        return new Choice(decisions, chosen);
    }
}
