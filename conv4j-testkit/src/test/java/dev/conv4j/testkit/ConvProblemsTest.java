package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** The generator stays inside its stated ranges and budget, and reaches every option. */
class ConvProblemsTest {

    @Property(tries = 1000)
    void casesStayInRangeAndWithinBudget(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ConvSpec spec = c.spec();
        ConvGeometry geometry = c.geometry(); // throws if the generator made an invalid problem
        Shape output = geometry.outputShape();
        assertAll(c.toString(),
                () -> assertTrue(between(spec.spatialRank(), 1, ConvProblems.MAX_SPATIAL_RANK)),
                () -> assertTrue(between(geometry.batch(), 1, ConvProblems.MAX_BATCH)),
                () -> assertTrue(between(geometry.inChannels(), 1, ConvProblems.MAX_CHANNELS)),
                () -> assertTrue(spec.depthwise() ? between(geometry.outChannelsPerGroup(), 1, ConvProblems.MAX_MULTIPLIER)
                        : between(geometry.outChannels(), 1, ConvProblems.MAX_CHANNELS)),
                () -> assertTrue(Arrays.stream(geometry.kernelSizes()).allMatch(k -> between(k, 1, ConvProblems.MAX_KERNEL))),
                () -> assertTrue(Arrays.stream(spec.strides()).allMatch(s -> between(s, 1, ConvProblems.MAX_STRIDE))),
                () -> assertTrue(Arrays.stream(spec.dilations()).allMatch(d -> between(d, 1, ConvProblems.MAX_DILATION))),
                () -> assertTrue(between(c.threads(), 1, ConvProblems.MAX_THREADS)),
                () -> assertTrue(output.elementCount() > 0, "output is not empty"),
                () -> assertTrue(c.input().shape().elementCount() + c.filter().shape().elementCount()
                        + output.elementCount() <= ConvProblems.MAX_ELEMENTS),
                () -> assertTrue(geometry.multiplyAdds() <= ConvProblems.MAX_MULTIPLY_ADDS),
                () -> assertTrue(!(spec.padding() == Padding.CAUSAL) || spec.spatialRank() == 1),
                () -> {
                    if (c.bias() != null) {
                        assertEquals(Shape.of(geometry.outChannels()), c.bias().shape());
                    }
                });
    }

    @Property(tries = 1000)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF) // the coverage checks below are the point
    void casesReachEveryOption(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ConvSpec spec = c.spec();
        Statistics.label("rank").collect(spec.spatialRank());
        Statistics.label("data format").collect(spec.dataFormat());
        Statistics.label("filter format").collect(spec.filterFormat());
        Statistics.label("boundary").collect(spec.boundary());
        Statistics.label("padding").collect(spec.padding() instanceof Padding.Explicit ? "explicit" : spec.padding().toString());
        Statistics.label("kind").collect(spec.depthwise() ? "depthwise" : c.geometry().groups() > 1 ? "grouped" : "plain");
        Statistics.label("flip").collect(spec.flipKernel());
        Statistics.label("bias").collect(c.bias() != null);
        Statistics.label("threads").collect(c.threads());
        Statistics.label("integer values").collect(isIntegral(c.input().data()));

        Statistics.label("rank").coverage(cover -> {
            for (int rank = 1; rank <= ConvProblems.MAX_SPATIAL_RANK; rank++) {
                cover.check(rank).count(n -> n > 0);
            }
        });
        Statistics.label("data format").coverage(cover -> Arrays.stream(DataFormat.values())
                .forEach(f -> cover.check(f).count(n -> n > 0)));
        Statistics.label("filter format").coverage(cover -> Arrays.stream(FilterFormat.values())
                .forEach(f -> cover.check(f).count(n -> n > 0)));
        Statistics.label("boundary").coverage(cover -> Arrays.stream(Boundary.values())
                .forEach(b -> cover.check(b).count(n -> n > 0)));
        Statistics.label("padding").coverage(cover -> {
            for (String rule : new String[] {"SAME", "VALID", "CAUSAL", "explicit"}) {
                cover.check(rule).count(n -> n > 0);
            }
        });
        Statistics.label("kind").coverage(cover -> {
            for (String kind : new String[] {"plain", "grouped", "depthwise"}) {
                cover.check(kind).count(n -> n > 0);
            }
        });
        Statistics.label("flip").coverage(cover -> cover.check(true).count(n -> n > 0));
        Statistics.label("bias").coverage(cover -> cover.check(true).count(n -> n > 0));
        Statistics.label("threads").coverage(cover -> {
            for (int threads = 1; threads <= ConvProblems.MAX_THREADS; threads++) {
                cover.check(threads).count(n -> n > 0);
            }
        });
        Statistics.label("integer values").coverage(cover -> {
            cover.check(true).count(n -> n > 0);
            cover.check(false).count(n -> n > 0);
        });
    }

    private static boolean between(long value, long min, long max) {
        return value >= min && value <= max;
    }

    private static boolean isIntegral(float[] values) {
        for (float v : values) {
            if (v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }
}
