package dev.conv4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Layouts are only views: the reference gives the same sums, in the same order, whatever the data
 * and filter layout, and a depthwise convolution is the grouped one with one channel per group.
 * Together with the peers' cases (which fix the values) these cover every layout combination.
 */
class ReferencePropertiesTest {

    @Property(tries = 200)
    void otherDataFormatGivesTheSameOutputTransposed(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        int rank = c.spec().spatialRank();
        boolean channelsLast = c.spec().dataFormat() == DataFormat.CHANNELS_LAST;
        int[] toOther = channelsLast ? channelsLastToFirst(rank) : channelsFirstToLast(rank);
        ConvSpec other = c.spec().toBuilder()
                .dataFormat(channelsLast ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST).build();

        ReferenceConv.Result result = c.reference();
        ReferenceConv.Result transposed = ReferenceConv.forward(other, c.input().permute(toOther), c.filter(), c.bias());

        Tensor expected = result.toFloat().permute(toOther);
        assertEquals(expected.shape(), transposed.shape());
        assertArrayEquals(expected.data(), transposed.toFloat().data());
    }

    @Property(tries = 200)
    void otherFilterFormatGivesTheSameOutput(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ConvSpec spec = c.spec();
        int rank = spec.spatialRank();
        boolean hwio = spec.filterFormat() == FilterFormat.HWIO;
        ConvSpec other = spec.toBuilder().filterFormat(hwio ? FilterFormat.OIHW : FilterFormat.HWIO).build();
        Tensor otherFilter = hwio
                ? asGroupedFilter(spec, c.filter()).permute(hwioToOihw(rank))
                : asDepthwiseFilter(spec, c.filter().permute(oihwToHwio(rank)), c.geometry().inChannels());

        ReferenceConv.Result result = c.reference();
        ReferenceConv.Result withOther = ReferenceConv.forward(other, c.input(), otherFilter, c.bias());

        assertEquals(result.shape(), withOther.shape());
        assertArrayEquals(result.values(), withOther.values(), 0.0);
    }

    @Property(tries = 200)
    void depthwiseIsGroupedWithOneInputChannelPerGroup(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ConvSpec spec = c.spec();
        Assume.that(spec.depthwise());
        int channels = c.geometry().inChannels();
        ConvSpec grouped = ConvSpec.builder(spec.spatialRank()).strides(spec.strides()).dilations(spec.dilations())
                .padding(spec.padding()).groups(channels).dataFormat(spec.dataFormat())
                .filterFormat(spec.filterFormat()).boundary(spec.boundary()).flipKernel(spec.flipKernel()).build();

        ReferenceConv.Result result = c.reference();
        ReferenceConv.Result asGroups = ReferenceConv.forward(grouped, c.input(), asGroupedFilter(spec, c.filter()), c.bias());

        assertArrayEquals(result.values(), asGroups.values(), 0.0);
    }

    @Property(tries = 200)
    void absSumBoundsTheValue(@ForAll(supplier = ConvProblems.Cases.class) ConvCase c) {
        ReferenceConv.Result result = c.reference();
        for (int i = 0; i < result.values().length; i++) {
            assertTrue(Math.abs(result.values()[i]) <= result.absSum()[i], "|y| <= sum|x*w| at " + i);
        }
    }

    /**
     * The filter of the grouped convolution ({@code groups = C}) equal to a depthwise one: a
     * depthwise HWIO filter {@code [k..., C, M]} holds, in the same order, the grouped HWIO filter
     * {@code [k..., 1, C*M]}; a depthwise OIHW filter {@code [C*M, 1, k...]} already is the grouped one.
     */
    private static Tensor asGroupedFilter(ConvSpec spec, Tensor filter) {
        if (!spec.depthwise() || spec.filterFormat() == FilterFormat.OIHW) {
            return filter;
        }
        int rank = spec.spatialRank();
        int[] dims = filter.shape().dims();
        dims[rank + 1] = dims[rank] * dims[rank + 1];
        dims[rank] = 1;
        return filter.reshape(Shape.of(dims));
    }

    /** The inverse of {@link #asGroupedFilter} for HWIO: {@code [k..., 1, C*M]} back to {@code [k..., C, M]} for a depthwise spec. */
    private static Tensor asDepthwiseFilter(ConvSpec spec, Tensor groupedHwio, int inChannels) {
        if (!spec.depthwise()) {
            return groupedHwio;
        }
        int rank = spec.spatialRank();
        int[] dims = groupedHwio.shape().dims();
        dims[rank] = inChannels;
        dims[rank + 1] = dims[rank + 1] / inChannels;
        return groupedHwio.reshape(Shape.of(dims));
    }

    private static int[] channelsLastToFirst(int rank) {
        int[] order = new int[rank + 2];
        order[1] = rank + 1;
        for (int i = 0; i < rank; i++) {
            order[2 + i] = 1 + i;
        }
        return order;
    }

    private static int[] channelsFirstToLast(int rank) {
        int[] order = new int[rank + 2];
        order[rank + 1] = 1;
        for (int i = 0; i < rank; i++) {
            order[1 + i] = 2 + i;
        }
        return order;
    }

    private static int[] hwioToOihw(int rank) {
        int[] order = new int[rank + 2];
        order[0] = rank + 1;
        order[1] = rank;
        for (int i = 0; i < rank; i++) {
            order[2 + i] = i;
        }
        return order;
    }

    private static int[] oihwToHwio(int rank) {
        int[] order = new int[rank + 2];
        for (int i = 0; i < rank; i++) {
            order[i] = 2 + i;
        }
        order[rank] = 1;
        order[rank + 1] = 0;
        return order;
    }
}
