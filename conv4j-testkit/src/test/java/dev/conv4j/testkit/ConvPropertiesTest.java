package dev.conv4j.testkit;

import dev.conv4j.Conv;
import dev.conv4j.plan.Algorithms;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.plan.Planner;
import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ConvFunction;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** conv4j's production paths against the reference on random problems ({@link ConvProblems}). */
class ConvPropertiesTest {

    @Property(tries = 300)
    void forwardMatchesTheReference(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        c.check(Conv::forward);
    }

    /**
     * Every algorithm on the standard list, with the case's thread count: planning with the list
     * from algorithm {@code i} on makes algorithm {@code i} compute whatever it accepts.
     */
    @Property(tries = 300)
    void everyAlgorithmMatchesTheReference(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        List<ConvAlgorithm> algorithms = Algorithms.standard();
        for (int first = 0; first < algorithms.size(); first++) {
            c.check(planned(Planner.of(algorithms.subList(first, algorithms.size())).threads(c.threads())));
        }
    }

    @Property(tries = 200)
    void resultDoesNotDependOnTheThreadCount(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        Tensor oneThread = planned(Planner.standard().threads(1)).apply(c.spec(), c.input(), c.filter(), c.bias());
        Tensor threeThreads = planned(Planner.standard().threads(3)).apply(c.spec(), c.input(), c.filter(), c.bias());
        Accuracy.assertIdentical(c + " on 3 threads against 1", threeThreads, oneThread);
    }

    private static ConvFunction planned(Planner planner) {
        return (spec, input, filter, bias) -> planner.plan(spec, input.shape(), filter, bias).run(input);
    }
}
