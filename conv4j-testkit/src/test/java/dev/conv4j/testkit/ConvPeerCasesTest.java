package dev.conv4j.testkit;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.conv4j.Conv;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@link Conv#forward} reproduces the peers' forward cases, in every layout they can run in. */
class ConvPeerCasesTest {

    @TestFactory
    Stream<DynamicTest> forwardReproducesEveryForwardPeerCase() {
        return PeerCases.forward().stream().map(c -> dynamicTest(c.id(), () -> c.check(Conv::forward)));
    }
}
