package dev.conv4j.testkit;

import static dev.conv4j.testkit.Tensors.assertReference;
import static dev.conv4j.testkit.Tensors.counting;
import static dev.conv4j.testkit.Tensors.numberedByLastAxis;
import static dev.conv4j.testkit.Tensors.ones;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.reference.MultiIndex;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.spec.TfForms;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worked examples of {@code docs/semantics.md} (its rows 1 to 13), computed by hand, and
 * impulse responses. Shapes are
 * TensorFlow's (channels-last, HWIO); "SAME, stride 1, zero padding" unless a test says otherwise.
 */
class ReferenceKnownAnswersTest {
    private static final ConvSpec SAME_1D = ConvSpec.builder(1).padding(Padding.SAME).build();
    private static final ConvSpec SAME_2D = ConvSpec.builder(2).padding(Padding.SAME).build();
    private static final ConvSpec SAME_3D = ConvSpec.builder(3).padding(Padding.SAME).build();

    /**
     * With all-ones data and a ones kernel of 3 under SAME padding, an output counts the taps that
     * land inside the input: along an axis of 5 that is 2, 3, 3, 3, 2, and axes multiply.
     */
    private static final int[] IN_RANGE_TAPS_OF_5 = {2, 3, 3, 3, 2};

    @Test
    void row1SlidesAlongTimeWithZerosAtTheEnds() {
        assertReference(Shape.of(1, 5, 1), new double[] {2, 3, 3, 3, 2}, SAME_1D, ones(1, 5, 1), ones(3, 1, 1));
    }

    @Test
    void row1bSmoothingDropsAtTheEndsWithZeroPadding() {
        assertReference(Shape.of(1, 5, 1), new double[] {0.75, 1, 1, 1, 0.75}, SAME_1D, ones(1, 5, 1), smoothing());
    }

    /** Continuing the edge instead of padding zeros keeps a constant signal constant. */
    @ParameterizedTest
    @EnumSource(value = Boundary.class, names = {"REFLECT", "REPLICATE", "SYMMETRIC", "CIRCULAR"})
    void row1bSmoothingKeepsAConstantWithEdgeContinuingPadding(Boundary boundary) {
        ConvSpec spec = SAME_1D.toBuilder().boundary(boundary).build();
        assertReference(Shape.of(1, 5, 1), new double[] {1, 1, 1, 1, 1}, spec, ones(1, 5, 1), smoothing());
    }

    private static Tensor smoothing() {
        return Tensors.of(Shape.of(3, 1, 1), 0.25f, 0.5f, 0.25f);
    }

    @Test
    void row2SlidesInXAndY() {
        assertReference(Shape.of(1, 5, 5, 1), new double[] {
                4, 6, 6, 6, 4,
                6, 9, 9, 9, 6,
                6, 9, 9, 9, 6,
                6, 9, 9, 9, 6,
                4, 6, 6, 6, 4}, SAME_2D, ones(1, 5, 5, 1), ones(3, 3, 1, 1));
    }

    @Test
    void row3SlidesInXYAndZ() {
        ReferenceConv.Result result = ReferenceConv.forward(SAME_3D, ones(1, 5, 5, 5, 1), ones(3, 3, 3, 1, 1), null);
        Tensor out = result.toFloat();
        assertEquals(Shape.of(1, 5, 5, 5, 1), out.shape());
        assertEquals(8, out.get(0, 0, 0, 0, 0), "corner");
        assertEquals(12, out.get(0, 0, 0, 2, 0), "edge");
        assertEquals(18, out.get(0, 0, 2, 2, 0), "face");
        assertEquals(27, out.get(0, 2, 2, 2, 0), "inside");
        for (int d = 0; d < 5; d++) {
            for (int h = 0; h < 5; h++) {
                for (int w = 0; w < 5; w++) {
                    assertEquals(IN_RANGE_TAPS_OF_5[d] * IN_RANGE_TAPS_OF_5[h] * IN_RANGE_TAPS_OF_5[w],
                            out.get(0, d, h, w, 0), "at " + d + "," + h + "," + w);
                }
            }
        }
    }

    /** The filter spans all 32 channels, so the output is one 2D map: 32 times row 2. */
    @Test
    void row4FilterDepthEqualsInChannelsSoTheOutputIs2D() {
        assertReference(Shape.of(1, 5, 5, 1), new double[] {
                128, 192, 192, 192, 128,
                192, 288, 288, 288, 192,
                192, 288, 288, 288, 192,
                192, 288, 288, 288, 192,
                128, 192, 192, 192, 128}, SAME_2D, ones(1, 5, 5, 32), ones(3, 3, 32, 1));
    }

    /** Filter n holds the value n + 1, so map n must be (n + 1) times row 4's map, in order. */
    @Test
    void row5NFiltersGiveNStackedMaps() {
        int filters = 64;
        Tensor out = ReferenceConv.forward(SAME_2D, ones(1, 5, 5, 32), numberedByLastAxis(3, 3, 32, filters), null)
                .toFloat();
        assertEquals(Shape.of(1, 5, 5, filters), out.shape());
        for (int n = 0; n < filters; n++) {
            assertEquals(128f * (n + 1), out.get(0, 0, 0, n), "corner of map " + n);
            assertEquals(192f * (n + 1), out.get(0, 0, 2, n), "edge of map " + n);
            assertEquals(288f * (n + 1), out.get(0, 2, 2, n), "inside of map " + n);
        }
    }

    /**
     * Pixels (1,2,3), (4,5,6), (7,8,9), (10,11,12); filter 0 is (1, 0, -1) (first minus last
     * channel), filter 1 is (1, 1, 1) (the sum).
     */
    @Test
    void row6OneByOneConvMixesChannelsOnly() {
        Tensor filter = Tensors.of(Shape.of(1, 1, 3, 2),
                1, 1,
                0, 1,
                -1, 1);
        assertReference(Shape.of(1, 2, 2, 2), new double[] {-2, 6, -2, 15, -2, 24, -2, 33},
                SAME_2D, counting(1, 2, 2, 3), filter);
    }

    @Test
    void row6ThreeByThreeFilterOnOnePixelSeesOnlyItsCentreTap() {
        assertReference(Shape.of(1, 1, 1, 1), new double[] {2 * 5}, SAME_2D,
                Tensors.of(Shape.of(1, 1, 1, 1), 2), counting(3, 3, 1, 1));
    }

    /**
     * Four words with 3-dimensional embeddings (1,0,0), (0,1,0), (0,0,1), (1,1,1); a filter of
     * height 2 covers the whole embedding, so it slides along the words only. Filter 0 adds both
     * words' embeddings; filter 1 weighs dimension l by l+1 in the first word and -(l+1) in the second.
     */
    @Test
    void row7SentenceFilterSpansTheEmbeddingAndSlidesAlongWords() {
        Tensor sentence = Tensors.of(Shape.of(1, 4, 3),
                1, 0, 0,
                0, 1, 0,
                0, 0, 1,
                1, 1, 1);
        Tensor filter = Tensors.of(Shape.of(2, 3, 2),
                1, 1, 1, 2, 1, 3,
                1, -1, 1, -2, 1, -3);
        assertReference(Shape.of(1, 3, 2), new double[] {2, 1 - 2, 2, 2 - 3, 4, 3 - 6},
                ConvSpec.builder(1).build(), sentence, filter);
    }

    /** Video: 2 channels, 3 filters where filter n holds n + 1; each map counts in-range taps times 2 channels. */
    @Test
    void row8VolumeWithChannels() {
        int filters = 3;
        Tensor out = ReferenceConv.forward(SAME_3D, ones(1, 4, 4, 4, 2), numberedByLastAxis(3, 3, 3, 2, filters), null)
                .toFloat();
        assertEquals(Shape.of(1, 4, 4, 4, filters), out.shape());
        for (int n = 0; n < filters; n++) {
            assertEquals(2 * 8 * (n + 1), out.get(0, 0, 0, 0, n), "corner of map " + n);
            assertEquals(2 * 18 * (n + 1), out.get(0, 0, 1, 1, n), "face of map " + n);
            assertEquals(2 * 27 * (n + 1), out.get(0, 1, 2, 1, n), "inside of map " + n);
        }
    }

    /** VALID: out = floor((8 - 3) / 2) + 1 = 3 windows: 1+2+3, 3+4+5, 5+6+7. */
    @Test
    void row12ValidWithStride() {
        assertReference(Shape.of(1, 3, 1), new double[] {6, 12, 18},
                ConvSpec.builder(1).strides(2).build(), counting(1, 8, 1), ones(3, 1, 1));
    }

    /**
     * SAME: out = ceil(8 / 2) = 4, pad_total = max((4-1)*2 + 3 - 8, 0) = 1, which goes after
     * (TensorFlow's asymmetry): windows 1+2+3, 3+4+5, 5+6+7, 7+8+0.
     */
    @Test
    void row12SameWithStridePutsTheOddPadAfter() {
        assertReference(Shape.of(1, 4, 1), new double[] {6, 12, 18, 15},
                ConvSpec.builder(1).strides(2).padding(Padding.SAME).build(), counting(1, 8, 1), ones(3, 1, 1));
    }

    /** SAME on 7: out = 4, pad_total = max(3*2 + 3 - 7, 0) = 2, one each side: 0+1+2, 2+3+4, 4+5+6, 6+7+0. */
    @Test
    void row12SameWithStrideAndEvenPad() {
        assertReference(Shape.of(1, 4, 1), new double[] {3, 9, 15, 13},
                ConvSpec.builder(1).strides(2).padding(Padding.SAME).build(), counting(1, 7, 1), ones(3, 1, 1));
    }

    /** Dilation 2 spreads a 3-tap kernel over 5: out = floor((8 - 5) / 1) + 1 = 4; windows x, x+2, x+4. */
    @Test
    void row12ValidWithDilation() {
        assertReference(Shape.of(1, 4, 1), new double[] {1 + 3 + 5, 2 + 4 + 6, 3 + 5 + 7, 4 + 6 + 8},
                ConvSpec.builder(1).dilations(2).build(), counting(1, 8, 1), ones(3, 1, 1));
    }

    /** Strides (2, 3) on 5x7 with a 3x3 kernel: VALID out = (floor(2/2)+1, floor(4/3)+1) = (2, 2). */
    @Test
    void row12ValidWithStridesPerAxis() {
        assertReference(Shape.of(1, 2, 2, 1), new double[] {9, 9, 9, 9},
                ConvSpec.builder(2).strides(2, 3).build(), ones(1, 5, 7, 1), ones(3, 3, 1, 1));
    }

    /** TensorFlow's long form {@code [1, s_h, s_w, 1]} (NHWC) or {@code [1, 1, s_h, s_w]} (NCHW) means the same strides. */
    @Test
    void row12TensorFlowsLongFormStrides() {
        int[] nhwc = TfForms.perSpatialAxis("strides", new int[] {1, 2, 3, 1}, 2, DataFormat.CHANNELS_LAST);
        int[] nchw = TfForms.perSpatialAxis("strides", new int[] {1, 1, 2, 3}, 2, DataFormat.CHANNELS_FIRST);
        assertArrayEquals(new int[] {2, 3}, nhwc);
        assertArrayEquals(new int[] {2, 3}, nchw);
        assertReference(Shape.of(1, 2, 2, 1), new double[] {9, 9, 9, 9},
                ConvSpec.builder(2).strides(nhwc).build(), ones(1, 5, 7, 1), ones(3, 3, 1, 1));
    }

    /**
     * Strides (2, 3) on 5x7, SAME: out = (ceil(5/2), ceil(7/3)) = (3, 3); pads (1+1, 1+1).
     * Rows cover -1..1, 1..3, 3..5 (2, 3, 2 inside); columns -1..1, 2..4, 5..7 (2, 3, 2 inside).
     */
    @Test
    void row12SameWithStridesPerAxis() {
        assertReference(Shape.of(1, 3, 3, 1), new double[] {4, 6, 4, 6, 9, 6, 4, 6, 4},
                ConvSpec.builder(2).strides(2, 3).padding(Padding.SAME).build(), ones(1, 5, 7, 1), ones(3, 3, 1, 1));
    }

    /**
     * A 2D convolution whose kernel is as tall as the input slides in one direction only: it is a
     * 1D convolution over W with the rows as channels ({@code f1[j, h, n] = f2[h, j, 0, n]}).
     */
    @Test
    void row13TallKernelIs1DConvolutionWithRowsAsChannels() {
        int height = 3;
        int width = 6;
        int k = 2;
        int filters = 2;
        Tensor image = Tensors.of(Shape.of(1, height, width, 1),
                3, -1, 4, 1, -5, 9,
                2, 6, -5, 3, 5, -8,
                9, 7, -9, 3, 2, 3);
        Tensor filter2d = Tensors.of(Shape.of(height, k, 1, filters),
                1, -2, 3, 4,
                -1, 2, 0, 3,
                2, 1, -3, 1);
        Tensor signal = image.reshape(Shape.of(1, height, width)).permute(0, 2, 1); // [1, W, H]
        Tensor filter1d = filter2d.reshape(Shape.of(height, k, filters)).permute(1, 0, 2); // [k, H, N]

        ReferenceConv.Result as2d = ReferenceConv.forward(ConvSpec.builder(2).build(), image, filter2d, null);
        ReferenceConv.Result as1d = ReferenceConv.forward(ConvSpec.builder(1).build(), signal, filter1d, null);

        assertEquals(Shape.of(1, 1, width - k + 1, filters), as2d.shape());
        assertEquals(Shape.of(1, width - k + 1, filters), as1d.shape());
        assertArrayEquals(as1d.values(), as2d.values(), 0.0);
        // first output, filter 0: rows (3,-1), (2,6), (9,7) against (1,3), (-1,0), (2,-3)
        assertEquals(3 - 3 - 2 + 18 - 21, as2d.values()[0]);
    }

    /**
     * A single 1 at the centre of the input: a true (flipped) convolution answers with the kernel
     * itself around the centre, cross-correlation with the kernel reversed along every axis, and
     * zeros elsewhere. Rank 4 shows the reference is not limited to 3 spatial axes.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void impulseAnswersWithTheKernel(int rank) {
        int size = 5;
        int centre = size / 2;
        int[] inputDims = new int[rank + 2];
        int[] kernelDims = new int[rank + 2];
        inputDims[0] = 1;
        for (int i = 0; i < rank; i++) {
            inputDims[i + 1] = size;
            kernelDims[i] = 3;
        }
        inputDims[rank + 1] = 1;
        kernelDims[rank] = 1;
        kernelDims[rank + 1] = 1;
        Tensor impulse = Tensor.zeros(Shape.of(inputDims));
        impulse.data()[impulse.data().length / 2] = 1; // the centre: every coordinate is size / 2
        Tensor kernel = counting(kernelDims);

        for (boolean flip : new boolean[] {true, false}) {
            ConvSpec spec = ConvSpec.builder(rank).padding(Padding.SAME).flipKernel(flip).build();
            Tensor out = ReferenceConv.forward(spec, impulse, kernel, null).toFloat();
            assertEquals(impulse.shape(), out.shape());
            int[] position = new int[rank + 2];
            do {
                int[] tap = new int[rank + 2];
                boolean nearCentre = true;
                for (int i = 0; i < rank; i++) {
                    int offset = position[i + 1] - centre; // -1, 0 or 1 next to the centre
                    nearCentre &= Math.abs(offset) <= 1;
                    tap[i] = flip ? 1 + offset : 1 - offset;
                }
                float expected = nearCentre ? kernel.get(tap) : 0;
                assertEquals(expected, out.get(position), "rank " + rank + (flip ? " flipped" : "") + " at "
                        + MultiIndex.format(position));
            } while (MultiIndex.next(position, inputDims));
        }
    }
}
