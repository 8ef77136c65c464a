package dev.conv4j.explain.examples;

import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.List;

/**
 * The worked examples of 1D, 2D and 3D convolution, numbered 1-13 (with variants 1b, 6b, 12b-12e),
 * as descriptors: the cases the explainer draws, the demo computes and the tests check.
 */
public final class WorkedExamples {
    private WorkedExamples() {
    }

    private static ConvSpec.Builder same(int rank) {
        return ConvSpec.builder(rank).padding(Padding.SAME);
    }

    private static final List<WorkedExample> ALL = List.of(
            new WorkedExample("01-conv1d-basic", "1", "1D, basic",
                    "A [3] kernel slides along time over a [5] signal; with SAME the ends read a zero pad, so ones"
                            + " give [2,3,3,3,2].",
                    same(1).build(), Shape.of(1, 5, 1), Shape.of(3, 1, 1)),
            new WorkedExample("01b-conv1d-smoothing-reflect", "1b", "1D smoothing, reflect boundary",
                    "Smoothing with [0.25,0.5,0.25]: zero padding darkens the ends ([0.75,1,1,1,0.75]); a reflecting"
                            + " boundary fills the pads with the signal, so every window reads 3 real values.",
                    same(1).boundary(Boundary.REFLECT).build(), Shape.of(1, 5, 1), Shape.of(3, 1, 1)),
            new WorkedExample("02-conv2d-basic", "2", "2D, basic",
                    "A [3,3] kernel slides in x and y over a [5,5] image: corners see 4 inputs, edges 6, inside 9.",
                    same(2).build(), Shape.of(1, 5, 5, 1), Shape.of(3, 3, 1, 1)),
            new WorkedExample("03-conv3d-basic", "3", "3D, basic",
                    "A [3,3,3] kernel slides in x, y and z through a [5,5,5] volume: the output is a volume because"
                            + " the kernel is shallower than the input (corners 8, edges 12, faces 18, inside 27).",
                    same(3).build(), Shape.of(1, 5, 5, 5, 1), Shape.of(3, 3, 3, 1, 1)),
            new WorkedExample("04-conv2d-deep-input", "4", "2D conv on a 3D input (LeNet, VGG)",
                    "The filter's depth equals the input's 32 channels, so it cannot slide along them: one 2D map"
                            + " (128 / 192 / 288 for ones).",
                    same(2).build(), Shape.of(1, 5, 5, 32), Shape.of(3, 3, 32, 1)),
            new WorkedExample("05-conv2d-64-filters", "5", "2D conv with N = 64 filters",
                    "64 filters give 64 2D maps, stacked as the output's channels.",
                    same(2).build(), Shape.of(1, 5, 5, 32), Shape.of(3, 3, 32, 64)),
            new WorkedExample("06-conv1x1", "6", "1x1 convolution (GoogLeNet)",
                    "A [1,1,192] filter mixes the channels of one pixel only; 64 of them turn 192 channels into 64.",
                    same(2).build(), Shape.of(1, 28, 28, 192), Shape.of(1, 1, 192, 64)),
            new WorkedExample("06b-centre-tap", "6b", "3x3 filter on a 1x1 input, SAME",
                    "On a 1x1 input with SAME padding a 3x3 filter sees only its centre tap: the other 8 read zeros.",
                    same(2).build(), Shape.of(1, 1, 1, 1), Shape.of(3, 3, 1, 1)),
            new WorkedExample("07-conv1d-sentence", "7", "1D conv on a 2D input (sentence classification)",
                    "10 words x 300-dim embeddings: the filter spans the whole embedding, so it slides along the"
                            + " words only; 100 filters give [8,100].",
                    ConvSpec.builder(1).build(), Shape.of(1, 10, 300), Shape.of(3, 300, 100)),
            new WorkedExample("08-conv3d-video", "8", "3D conv with channels (C3D, video)",
                    "16 RGB frames of 112x112: a [3,3,3,3] filter slides in time, height and width; 64 filters.",
                    same(3).build(), Shape.of(1, 16, 112, 112, 3), Shape.of(3, 3, 3, 3, 64)),
            new WorkedExample("09-signal-3-filters", "9", "signal smoothing, 3 filters",
                    "One long signal, three [5] smoothing filters (uniform, centre-weighted, edge-weighted):"
                            + " three smoothed signals, stacked as channels.",
                    same(1).build(), Shape.of(1, 1000, 1), Shape.of(5, 1, 3)),
            new WorkedExample("10-image-filters", "10", "image filters",
                    "A grey image [340,371] and three 3x3 filters (edge, blur, sharpen): three feature maps.",
                    same(2).build(), Shape.of(1, 340, 371, 1), Shape.of(3, 3, 1, 3)),
            new WorkedExample("11-volume", "11", "LIDAR / MRI / CT volume",
                    "A [200,200,200] volume and three [5,5,5] filters: three filtered volumes.",
                    same(3).build(), Shape.of(1, 200, 200, 200, 1), Shape.of(5, 5, 5, 1, 3)),
            new WorkedExample("12-stride-same", "12", "stride 2 with SAME (ResNet stem)",
                    "224 input, 7x7 kernel, stride 2, SAME: out = ceil(224/2) = 112; pad_total 5 = 2 before + 3"
                            + " after, the odd one after as in TensorFlow.",
                    same(2).strides(2).build(), Shape.of(1, 224, 224, 3), Shape.of(7, 7, 3, 64)),
            new WorkedExample("12b-stride-same-small", "12b", "stride 2 with SAME, small",
                    "7x7 input, 4x4 kernel, stride 2, SAME: out 4, pad_total 3 = 1 before + 2 after.",
                    same(2).strides(2).build(), Shape.of(1, 7, 7, 1), Shape.of(4, 4, 1, 1)),
            new WorkedExample("12c-stride-valid", "12c", "stride 2 with VALID",
                    "8x8 input, 3x3 kernel, stride 2, VALID: out = floor((8-3)/2)+1 = 3; the last row and column"
                            + " are never read.",
                    ConvSpec.builder(2).strides(2).build(), Shape.of(1, 8, 8, 1), Shape.of(3, 3, 1, 1)),
            new WorkedExample("12d-dilation", "12d", "dilation 2",
                    "A [3] kernel with dilation 2 spans 5 inputs: out = floor((9-5)/1)+1 = 5.",
                    ConvSpec.builder(1).dilations(2).build(), Shape.of(1, 9, 1), Shape.of(3, 1, 1)),
            new WorkedExample("12e-causal", "12e", "CAUSAL padding (Keras)",
                    "CAUSAL pads (k-1)*d = 2 before and none after, so output t reads inputs up to t only.",
                    ConvSpec.builder(1).padding(Padding.CAUSAL).build(), Shape.of(1, 8, 1), Shape.of(3, 1, 1)),
            new WorkedExample("13-direction-not-rank", "13", "equivalence: direction, not rank",
                    "A [3,3] kernel over a [3,8] one-channel image has one position along the height: it slides"
                            + " along the width only, the same as conv1d over 8 steps with 3 channels.",
                    ConvSpec.builder(2).build(), Shape.of(1, 3, 8, 1), Shape.of(3, 3, 1, 2)));

    public static List<WorkedExample> all() {
        return ALL;
    }

    /** The example with this id or number ({@code 02-conv2d-basic} or {@code 2}). */
    public static WorkedExample find(String idOrNumber) {
        return ALL.stream().filter(c -> c.id().equals(idOrNumber) || c.number().equals(idOrNumber)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worked example '" + idOrNumber + "'; known: "
                        + ALL.stream().map(WorkedExample::number).toList()));
    }
}
