package dev.conv4j.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conv4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Every rule of semantics.md "Errors": raised before any work, naming argument, shapes and rule. */
class ConvErrorsTest {

    private static ConvShapeException fails(ConvSpec.Builder spec, Shape input, Shape filter) {
        return assertThrows(ConvShapeException.class, () -> spec.build().geometry(input, filter));
    }

    @Test
    void inChannelsMismatchNamesBothShapes() {
        ConvShapeException e = fails(ConvSpec.builder(2), Shape.of(1, 5, 5, 32), Shape.of(3, 3, 3, 64));
        assertEquals("filter", e.argument());
        assertEquals("filter in_channels 3 does not match input in_channels 32"
                + " (input NHWC [1,5,5,32], filter HWIO [3,3,3,64])", e.getMessage());
    }

    @Test
    void channelsFirstDataGivenAsChannelsLastIsGuessed() {
        ConvShapeException e = fails(ConvSpec.builder(2), Shape.of(1, 3, 224, 224), Shape.of(7, 7, 3, 64));
        assertEquals("filter in_channels 3 does not match input in_channels 224"
                + " (input NHWC [1,3,224,224], filter HWIO [7,7,3,64]);"
                + " the input looks like NCHW data: pass data format NCHW", e.getMessage());
    }

    @Test
    void wrongInputRankSuggestsTheMissingBatch() {
        ConvShapeException e = fails(ConvSpec.builder(2), Shape.of(5, 5, 32), Shape.of(3, 3, 32, 64));
        assertEquals("input", e.argument());
        assertEquals("input rank 3 does not fit a 2D convolution: NHWC needs rank 4"
                + " [batch, height, width, channels], got [5,5,32] (missing the batch dimension? add a leading 1)",
                e.getMessage());
    }

    @Test
    void anInputWithoutItsBatchAxisReadAsOneRankLowerSuggestsTheBatch() {
        // 224,224,3 with a 7x7 RGB filter: the batch axis left out, as in Keras or PyTorch
        ConvShapeException e = fails(ConvSpec.builder(1), Shape.of(224, 224, 3), Shape.of(7, 7, 3, 64));
        assertEquals("filter", e.argument());
        assertEquals("filter rank 4 does not fit a 1D convolution: WIO needs rank 3, got [7,7,3,64]"
                + " (input NWC [224,224,3]); input rank 3 is read as [batch, width, channels];"
                + " did you mean 1,224,224,3?", e.getMessage());
    }

    @Test
    void wrongFilterRank() {
        ConvShapeException e = fails(ConvSpec.builder(2), Shape.of(1, 5, 5, 32), Shape.of(3, 3, 32));
        assertEquals("filter", e.argument());
        assertEquals("filter rank 3 does not fit a 2D convolution: HWIO needs rank 4, got [3,3,32]"
                + " (input NHWC [1,5,5,32])", e.getMessage());
    }

    @Test
    void inChannelsNotDivisibleByGroups() {
        ConvShapeException e = fails(ConvSpec.builder(2).groups(3), Shape.of(1, 5, 5, 10), Shape.of(3, 3, 2, 6));
        assertEquals("groups", e.argument());
        assertEquals("input in_channels 10 is not divisible by groups 3"
                + " (input NHWC [1,5,5,10], filter HWIO [3,3,2,6])", e.getMessage());
    }

    @Test
    void outChannelsNotDivisibleByGroups() {
        ConvShapeException e = fails(ConvSpec.builder(2).groups(2), Shape.of(1, 5, 5, 4), Shape.of(3, 3, 2, 5));
        assertEquals("groups", e.argument());
        assertEquals("filter out_channels 5 is not divisible by groups 2"
                + " (input NHWC [1,5,5,4], filter HWIO [3,3,2,5])", e.getMessage());
    }

    @Test
    void groupedFilterMismatch() {
        ConvShapeException e = fails(ConvSpec.builder(1).groups(2), Shape.of(1, 9, 8), Shape.of(3, 3, 4));
        assertEquals("filter in_channels 3 x groups 2 = 6 does not match input in_channels 8"
                + " (input NWC [1,9,8], filter WIO [3,3,4])", e.getMessage());
    }

    @Test
    void nonPositiveStride() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> ConvSpec.builder(2).strides(1, 0).build());
        assertEquals("strides", e.argument());
        assertEquals("strides [1, 0] has 0 at axis 1: every stride must be >= 1", e.getMessage());
    }

    @Test
    void nonPositiveDilation() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> ConvSpec.builder(1).dilations(-2).build());
        assertEquals("dilations", e.argument());
        assertEquals("dilations [-2] has -2 at axis 0: every dilation must be >= 1", e.getMessage());
    }

    @Test
    void wrongNumberOfStrides() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> ConvSpec.builder(2).strides(1, 2, 2).build());
        assertEquals("strides [1, 2, 2] has 3 values; a 2D convolution takes 1 or 2", e.getMessage());
    }

    @Test
    void negativePad() {
        ConvShapeException e = assertThrows(ConvShapeException.class, () -> Padding.explicit(1, 1, -1, 0));
        assertEquals("padding", e.argument());
        assertEquals("padding [1, -1] before / [1, 0] after has a negative pad at axis 1: pads must be >= 0",
                e.getMessage());
    }

    @Test
    void emptyOutputNamesTheAxis() {
        ConvShapeException e = fails(ConvSpec.builder(2), Shape.of(1, 5, 2, 1), Shape.of(3, 3, 1, 1));
        assertEquals("input", e.argument());
        assertEquals("input width 2 is smaller than the kernel width 3 with VALID padding: the output would be empty,"
                + " out = floor((2 - 3) / 1) + 1 = 0 < 1 (input NHWC [1,5,2,1], filter HWIO [3,3,1,1])"
                + " (pad it, use SAME padding or a smaller kernel or dilation)", e.getMessage());
    }

    @Test
    void emptyOutputWithDilation() {
        ConvShapeException e = fails(ConvSpec.builder(1).dilations(3), Shape.of(1, 6, 1), Shape.of(3, 1, 1));
        assertEquals("input width 6 is smaller than the dilated kernel width (3-1)*3+1 = 7 with VALID padding:"
                + " the output would be empty, out = floor((6 - 7) / 1) + 1 = 0 < 1 (input NWC [1,6,1], filter WIO [3,1,1])"
                + " (pad it, use SAME padding or a smaller kernel or dilation)", e.getMessage());
    }

    @Test
    void emptyOutputWithExplicitPaddingShowsThePaddedFormula() {
        ConvShapeException e = fails(ConvSpec.builder(1).strides(2).padding(Padding.explicit(1, 0)),
                Shape.of(1, 2, 1), Shape.of(5, 1, 1));
        assertEquals("input width 2 is smaller than the kernel width 5 with padding 1+0 (padded size 3): the output"
                + " would be empty, out = floor((2 + 1 + 0 - 5) / 2) + 1 = 0 < 1 (input NWC [1,2,1], filter WIO [5,1,1])"
                + " (pad it, use SAME padding or a smaller kernel or dilation)", e.getMessage());
    }

    @Test
    void outputLargerThanAnArray() {
        ConvShapeException e = fails(ConvSpec.builder(2).padding(Padding.SAME),
                Shape.of(1, 50000, 50000, 1), Shape.of(1, 1, 1, 2));
        assertEquals("input", e.argument());
        assertEquals("output [1,50000,50000,2] would have 5000000000 elements, more than a Java float array holds"
                + " (2147483639) (input NHWC [1,50000,50000,1], filter HWIO [1,1,1,2])", e.getMessage());
    }

    @Test
    void shapeWhoseProductOverflowsLong() {
        assertThrows(ArithmeticException.class,
                () -> Shape.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE).elementCount());
    }

    @Test
    void causalIsOneDimensional() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> ConvSpec.builder(2).padding(Padding.CAUSAL).build());
        assertEquals("CAUSAL padding is defined for 1D convolutions only (Keras); this convolution is 2D",
                e.getMessage());
    }

    @Test
    void explicitPaddingForTheWrongRank() {
        ConvShapeException e = assertThrows(ConvShapeException.class,
                () -> ConvSpec.builder(3).padding(Padding.explicit(1, 1, 1, 1)).build());
        assertEquals("explicit padding 1,1,1,1 gives 2 axes; a 3D convolution needs before,after for each of its"
                + " 3 spatial axes (6 numbers)", e.getMessage());
    }

    @Test
    void biasOfTheWrongLength() {
        ConvGeometry g = ConvSpec.builder(1).build().geometry(Shape.of(1, 5, 2), Shape.of(3, 2, 4));
        ConvShapeException e = assertThrows(ConvShapeException.class, () -> g.checkBias(Shape.of(3)));
        assertEquals("bias [3] must be [4]: one value per output channel (output NWC [1,3,4])", e.getMessage());
    }

    @Test
    void depthwiseFilterChannels() {
        ConvShapeException e = fails(ConvSpec.builder(2).depthwise(), Shape.of(1, 5, 5, 3), Shape.of(3, 3, 4, 2));
        assertEquals("depthwise filter in_channels 4 does not match input in_channels 3"
                + " (input NHWC [1,5,5,3], filter HWCM [3,3,4,2]); a depthwise filter is [k..., in_channels, multiplier]",
                e.getMessage());
    }
}
