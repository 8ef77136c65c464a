package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.Conv;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every backprop peer case ({@code conv_backprop_input}, which also holds the transposed
 * convolutions, and {@code conv_backprop_filter}) through {@link Conv#gradInput},
 * {@link Conv#transpose} and {@link Conv#gradFilter}, in every layout the case gives.
 */
class ConvGradientPeerCasesTest {

    private record Run(String layout, Supplier<Tensor> compute, Tensor expected) {
    }

    @TestFactory
    Stream<DynamicTest> everyGradientPeerCase() {
        return PeerCases.all().stream().filter(c -> !c.op().isForward())
                .map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c)));
    }

    /** Guards against a layout silently dropping out: every peer array set is used. */
    @Test
    void everyLayoutTheCasesGiveIsRun() {
        Map<String, Long> counts = PeerCases.all().stream().filter(c -> !c.op().isForward())
                .flatMap(c -> runs(c).stream().map(r -> c.op() + " " + r.layout()))
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        assertEquals("{CONV_BACKPROP_FILTER NCHW HWIO=14, CONV_BACKPROP_FILTER NCHW OIHW=2,"
                + " CONV_BACKPROP_FILTER NHWC HWIO=32, CONV_BACKPROP_INPUT NCHW HWIO=15, CONV_BACKPROP_INPUT NCHW OIHW=2,"
                + " CONV_BACKPROP_INPUT NCHW OIHW transpose=4, CONV_BACKPROP_INPUT NHWC HWIO=42}", counts.toString());
    }

    private static void check(PeerCase c) {
        if (emptyForwardOutput(c)) {
            // Decision: an empty forward output is an error everywhere in conv4j, gradients included.
            ConvShapeException e = assertThrows(ConvShapeException.class, () -> runs(c).get(0).compute().get());
            assertTrue(e.getMessage().contains("the output would be empty"), e.getMessage());
            return;
        }
        for (Run run : runs(c)) {
            c.tolerance().assertClose(c.id() + " (" + run.layout() + ")", run.compute().get(), run.expected());
        }
    }

    /** TensorFlow's degenerate case: a kernel wider than the input under VALID. */
    private static boolean emptyForwardOutput(PeerCase c) {
        Tensor dy = c.outBackprop();
        return dy != null && dy.shape().elementCount() == 0 && dy.shape().dim(0) != 0;
    }

    private static ConvSpec spec(PeerCase c, DataFormat format, FilterFormat filterFormat) {
        return ConvSpec.builder(c.spatialRank()).strides(c.strides()).dilations(c.dilations()).padding(c.padding())
                .groups(c.groups()).dataFormat(format).filterFormat(filterFormat).build();
    }

    private static List<Run> runs(PeerCase c) {
        ConvSpec last = spec(c, DataFormat.CHANNELS_LAST, FilterFormat.HWIO);
        ConvSpec first = spec(c, DataFormat.CHANNELS_FIRST, FilterFormat.HWIO);
        ConvSpec firstOihw = spec(c, DataFormat.CHANNELS_FIRST, FilterFormat.OIHW);
        PeerCase.Original o = c.original();
        List<Run> runs = new ArrayList<>();
        if (c.op() == PeerCase.Op.CONV_BACKPROP_INPUT) {
            runs.add(new Run("NHWC HWIO", () -> Conv.gradInput(last, Shape.of(c.inputSizes()), c.filter(),
                    c.outBackprop()), c.expected()));
            if (o != null && o.isChannelsFirst() && o.outBackprop() != null && "nchw_transpose".equals(o.conversion())) {
                runs.add(new Run("NCHW HWIO", () -> Conv.gradInput(first, Shape.of(o.inputSizes()), c.filter(),
                        o.outBackprop()), o.expected()));
            }
            if (o != null && "onnx_convtranspose".equals(o.conversion())) {
                // ONNX ConvTranspose weights (C_in, C_out/group, k...) are the forward convolution's OIHW
                runs.add(new Run("NCHW OIHW transpose", () -> Conv.transpose(firstOihw, o.input(), o.weight(),
                        o.expected().shape()), o.expected()));
            }
            if (o != null && o.weightIsOutInKernel() && o.outBackprop() != null) {
                runs.add(new Run("NCHW OIHW", () -> Conv.gradInput(firstOihw, o.expected().shape(), o.weight(),
                        o.outBackprop()), o.expected()));
            }
        } else {
            runs.add(new Run("NHWC HWIO", () -> Conv.gradFilter(last, c.input(), Shape.of(c.filterSizes()),
                    c.outBackprop()), c.expected()));
            if (o != null && o.isChannelsFirst() && o.input() != null && o.outBackprop() != null) {
                boolean oihw = o.weightIsOutInKernel();
                Tensor expected = oihw ? o.expected() : c.expected();
                runs.add(new Run(oihw ? "NCHW OIHW" : "NCHW HWIO", () -> Conv.gradFilter(oihw ? firstOihw : first,
                        o.input(), expected.shape(), o.outBackprop()), expected));
            }
        }
        return runs;
    }
}
