package dev.conv4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchSuite;
import dev.conv4j.bench.PreparedCase;
import dev.conv4j.bench.SpotCheck;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The benchmark's cases are the suite's: its forward ones, by name, and no other. */
class ConvBenchmarkTest {
    @Test
    void theCasesAreTheSuitesForwardOnes() {
        List<String> forward = ConvBenchmark.forwardCases().stream().map(BenchCase::name).toList();
        List<String> suite = BenchSuite.standard().cases().stream().filter(c -> !c.op().gradient())
                .map(BenchCase::name).toList();
        assertEquals(suite, forward);
        assertTrue(forward.containsAll(List.of("s1_signal", "s5_vgg", "s9_depthwise", "s11_c3d")), forward.toString());
        assertTrue(forward.stream().noneMatch(n -> n.contains("grad")), forward.toString());
    }

    @Test
    void theDefaultShapeIsASuiteCaseAndOthersAreNamedInTheError() throws NoSuchFieldException {
        for (String name : ConvBenchmark.class.getField("shape").getAnnotation(Param.class).value()) {
            assertEquals(name, ConvBenchmark.forwardCase(name).name());
        }
        IllegalArgumentException gradient = assertThrows(IllegalArgumentException.class,
                () -> ConvBenchmark.forwardCase("s13_vgg_grad_filter"));
        assertTrue(gradient.getMessage().contains("no forward case 's13_vgg_grad_filter'"), gradient.getMessage());
        assertTrue(gradient.getMessage().contains("s5_vgg"), gradient.getMessage());
    }

    @Test
    void aSetupRunsTheSuitesCaseWithTheForcedAlgorithm() {
        ConvBenchmark benchmark = new ConvBenchmark();
        benchmark.shape = "s7_1x1";
        benchmark.algorithm = "direct";
        benchmark.threads = 1;
        benchmark.setUp();
        BenchCase c = ConvBenchmark.forwardCase("s7_1x1");
        Tensor output = benchmark.convolve();
        assertEquals(c.resultShape(), output.shape());
        // the suite's data for the case (seed 42), so the output matches the reference at sampled elements
        Tensor[] data = PreparedCase.data(c, 42);
        SpotCheck.Result check = PreparedCase.check(c, data[0], data[1], null, output, 7);
        assertTrue(check.passed() && check.elements() > 0, check.summary());
    }
}
