package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The peers' cases load completely, and the reference reproduces every forward one in every layout. */
class PeerCasesTest {
    private final List<PeerCase> all = PeerCases.all();

    @TestFactory
    Stream<DynamicTest> referenceReproducesEveryForwardCase() {
        return PeerCases.forward().stream().map(c -> dynamicTest(c.id(), () -> c.check(ReferenceConv::forwardFloat)));
    }

    @Test
    void everyCaseLoads() {
        Map<PeerCase.Op, Long> perOp = all.stream()
                .collect(Collectors.groupingBy(PeerCase::op, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(PeerCase.Op.CONV, 52L, PeerCase.Op.DEPTHWISE_CONV2D, 6L, PeerCase.Op.SEPARABLE_CONV2D, 3L,
                PeerCase.Op.CONV_BACKPROP_INPUT, 42L, PeerCase.Op.CONV_BACKPROP_FILTER, 32L), perOp);
        assertEquals(all.size(), all.stream().map(PeerCase::id).distinct().count(), "ids are unique");
        assertEquals(20, all.stream().filter(c -> c.padding() instanceof Padding.Explicit).count(),
                "explicit [[before, after], ...] paddings");
    }

    @Test
    void forwardCasesHaveDataOfTheirRank() {
        for (PeerCase c : PeerCases.forward()) {
            int rank = c.spatialRank() + 2;
            assertAll(c.id(),
                    () -> assertEquals(rank, c.input().rank()),
                    () -> assertEquals(rank, c.filter().rank()),
                    () -> assertEquals(rank, c.expected().rank()),
                    () -> assertEquals(c.spatialRank(), c.toSpec().spatialRank()));
        }
    }

    @Test
    void separableCasesCarryTheirPointwiseFilter() {
        List<PeerCase> separable = all.stream().filter(c -> c.op() == PeerCase.Op.SEPARABLE_CONV2D).toList();
        assertEquals(3, separable.size());
        for (PeerCase c : separable) {
            Shape pointwise = c.pointwiseFilter().shape();
            assertEquals(1, pointwise.dim(0), c.id());
            assertEquals(1, pointwise.dim(1), c.id());
            assertEquals(c.filter().shape().dim(2) * c.filter().shape().dim(3), pointwise.dim(2),
                    c.id() + ": pointwise in-channels = C * multiplier");
            assertTrue(c.toSpec().depthwise(), c.id());
        }
    }

    @Test
    void backpropCasesKeepTheirFieldsForLater() {
        for (PeerCase c : all) {
            switch (c.op()) {
                case CONV_BACKPROP_INPUT -> assertAll(c.id(),
                        () -> assertNotNull(c.inputSizes()),
                        () -> assertNotNull(c.filter()),
                        () -> assertNotNull(c.outBackprop()),
                        () -> assertArrayEquals(c.inputSizes(), c.expected().shape().dims()));
                case CONV_BACKPROP_FILTER -> assertAll(c.id(),
                        () -> assertNotNull(c.filterSizes()),
                        () -> assertNotNull(c.input()),
                        () -> assertNotNull(c.outBackprop()),
                        () -> assertArrayEquals(c.filterSizes(), c.expected().shape().dims()));
                default -> {
                }
            }
            if (!c.op().isForward()) {
                assertThrows(IllegalStateException.class, c::toSpec, c.id());
            }
        }
    }

    /**
     * Channels-first runs: the TF, XLA, ONNX, ORT and DL4J cases whose peer ran NC.. and kept its
     * arrays; ONNX's and DL4J's out_in_kernel weights add an OIHW run.
     */
    @Test
    void channelsFirstVariantsUseThePeersOwnArrays() {
        List<PeerCase.ForwardRun> runs = PeerCases.forward().stream().flatMap(c -> c.channelsFirst().stream()).toList();
        assertEquals(27 + 12, runs.size());
        assertEquals(12, runs.stream().filter(r -> r.spec().filterFormat() == FilterFormat.OIHW).count());
        for (PeerCase.ForwardRun run : runs) {
            assertEquals(DataFormat.CHANNELS_FIRST, run.spec().dataFormat());
        }
        PeerCase dl4jDepthwise = PeerCases.forward().stream()
                .filter(c -> c.id().equals("dl4j.depthwise_conv2d.sconv2d_1")).findFirst().orElseThrow();
        assertEquals(Shape.of(6, 1, 5, 5), dl4jDepthwise.channelsFirst().get(1).filter().shape(),
                "DL4J's [multiplier, C, kh, kw] depthwise weights become [C*multiplier, 1, kh, kw]");
    }

    /**
     * The forward edge cases are empty batches: TensorFlow returns an empty output of the derived
     * shape, and so does conv4j (see {@link dev.conv4j.spec.ConvGeometry}); the factory above checks
     * the shape, this pins down that those are all there are.
     */
    @Test
    void forwardEdgeCasesAreEmptyBatchesWithAnEmptyOutput() {
        List<PeerCase> edgeCases = PeerCases.forward().stream().filter(PeerCase::edgeCase).toList();
        assertEquals(List.of("xla.conv2d.testConv2DEmptyDilation", "xla.conv2d.testConv2DEmptyDilation[NCHW]"),
                edgeCases.stream().map(PeerCase::id).toList());
        for (PeerCase c : edgeCases) {
            for (PeerCase.ForwardRun run : c.forwardRuns()) {
                ReferenceConv.Result result = ReferenceConv.forward(run.spec(), run.input(), run.filter(), run.bias());
                assertEquals(run.expected().shape(), result.shape(), c.id() + " " + run.layout());
                assertEquals(0, result.values().length, c.id() + " " + run.layout());
            }
        }
    }
}
