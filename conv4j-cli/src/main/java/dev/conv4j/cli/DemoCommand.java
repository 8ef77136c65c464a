package dev.conv4j.cli;

import dev.conv4j.Conv;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the seed's cases (mission.md rows 1-8, 12, 13) computed by conv4j on built-in
 * data, each printed with its shapes and values small enough to read.
 */
@Command(name = "demo", description = "Run the seed's cases (1D/2D/3D, channels, N filters, 1x1, stride/padding,"
        + " equivalence) on built-in data and print shapes and values.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    private PrintWriter out;

    @Override
    public Integer call() {
        out = command.commandLine().getOut();
        row1OneDimensional();
        row1bSmoothingAndBoundaries();
        row2TwoDimensional();
        row3ThreeDimensional();
        row4ChannelsMakeTheFilterDeep();
        row5ManyFilters();
        row6PointwiseMixing();
        row7SentenceClassification();
        row8VideoWithChannels();
        row12StrideAndPadding();
        row13DirectionNotRank();
        out.flush();
        return 0;
    }

    private void row1OneDimensional() {
        heading("1", "1D: a [3] kernel of ones slides along a [5] signal of ones (SAME, zero padding)");
        Tensor y = convolve(ConvSpec.builder(1).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 5, 1), 1), Tensor.filled(Shape.of(3, 1, 1), 1));
        out.println("  output " + values(y) + "   the ends see a zero pad, so they sum 2 taps, not 3");
    }

    private void row1bSmoothingAndBoundaries() {
        heading("1b", "smoothing [1,1,1,1,1] with [0.25, 0.5, 0.25]: the boundary mode decides the ends");
        Tensor x = Tensor.filled(Shape.of(1, 5, 1), 1);
        Tensor w = Tensor.wrap(Shape.of(3, 1, 1), new float[] {0.25f, 0.5f, 0.25f});
        for (Boundary boundary : new Boundary[] {Boundary.ZERO, Boundary.REFLECT, Boundary.REPLICATE}) {
            Tensor y = convolve(ConvSpec.builder(1).padding(Padding.SAME).boundary(boundary).build(), x, w);
            out.printf("  %-9s %s%n", boundary.code(), values(y));
        }
    }

    private void row2TwoDimensional() {
        heading("2", "2D: a [3,3] kernel of ones slides in x and y over a [5,5] image of ones");
        Tensor y = convolve(ConvSpec.builder(2).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 5, 5, 1), 1), Tensor.filled(Shape.of(3, 3, 1, 1), 1));
        grid(y.data(), 0, 5, 5, 1);
        out.println("  corners 4, edges 6, inside 9");
    }

    private void row3ThreeDimensional() {
        heading("3", "3D: a [3,3,3] kernel slides in x, y and z through a [5,5,5] volume of ones");
        Tensor y = convolve(ConvSpec.builder(3).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 5, 5, 5, 1), 1), Tensor.filled(Shape.of(3, 3, 3, 1, 1), 1));
        out.println("  output " + y.shape() + ": a volume, because the kernel is shallower than the input");
        for (int z : new int[] {0, 2}) {
            out.println("  slice z=" + z + ":");
            grid(y.data(), z * 25, 5, 5, 1);
        }
        out.println("  corners 8, edges 12, faces 18, inside 27");
    }

    private void row4ChannelsMakeTheFilterDeep() {
        heading("4", "2D conv on a 3D input [5,5,32]: the filter [3,3,32] spans every channel, so it slides in 2D only");
        Tensor y = convolve(ConvSpec.builder(2).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 5, 5, 32), 1), Tensor.filled(Shape.of(3, 3, 32, 1), 1));
        out.println("  output " + y.shape() + ": one 2D map");
        grid(y.data(), 0, 5, 5, 1);
        out.println("  128 / 192 / 288 = 4, 6, 9 taps x 32 channels");
    }

    private void row5ManyFilters() {
        heading("5", "the same with N = 64 filters [3,3,32,64]: 64 maps stacked");
        Tensor y = convolve(ConvSpec.builder(2).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 5, 5, 32), 1), Tensor.filled(Shape.of(3, 3, 32, 64), 1));
        out.println("  output " + y.shape() + "; map 0 and map 63 at the centre row: "
                + row(y.data(), 2 * 5 * 64, 5, 64) + " and " + row(y.data(), 2 * 5 * 64 + 63, 5, 64));
    }

    private void row6PointwiseMixing() {
        heading("6", "1x1 conv (GoogLeNet): [4,4,8] with [1,1,8,3] mixes channels only");
        Tensor x = ramp(Shape.of(1, 4, 4, 8), 8);
        Tensor w = ramp(Shape.of(1, 1, 8, 3), 5);
        Tensor y = convolve(ConvSpec.builder(2).padding(Padding.SAME).build(), x, w);
        out.println("  output " + y.shape() + "; pixel (0,0): input " + row(x.data(), 0, 8, 1)
                + " -> output " + row(y.data(), 0, 3, 1));
        Tensor centre = convolve(ConvSpec.builder(2).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 1, 1, 1), 1), ramp(Shape.of(3, 3, 1, 1), 10));
        out.println("  a 3x3 filter 1..9 on a 1x1 input with SAME sees only its centre tap: " + values(centre));
    }

    private void row7SentenceClassification() {
        heading("7", "1D conv on a 2D input (sentence classification): [7 words, 4 embedding] with [3,4,2]");
        Tensor x = ramp(Shape.of(1, 7, 4), 3);
        Tensor y = convolve(ConvSpec.builder(1).build(), x, ramp(Shape.of(3, 4, 2), 3));
        out.println("  the filter covers the whole embedding, so it slides along the words only: output "
                + y.shape() + " = [batch, 7-3+1 positions, 2 filters]");
        for (int t = 0; t < 5; t++) {
            out.println("    position " + t + ": " + row(y.data(), t * 2, 2, 1));
        }
    }

    private void row8VideoWithChannels() {
        heading("8", "3D conv with channels (C3D, video): [4 frames, 6, 6, 3] with [3,3,3,3,2]");
        Tensor y = convolve(ConvSpec.builder(3).padding(Padding.SAME).build(),
                Tensor.filled(Shape.of(1, 4, 6, 6, 3), 1), Tensor.filled(Shape.of(3, 3, 3, 3, 2), 1));
        int centre = ((1 * 6 + 2) * 6 + 2) * 2;
        out.println("  output " + y.shape() + "; an inside voxel sums 27 taps x 3 channels = "
                + fmt(y.data()[centre]) + ", a corner 8 x 3 = " + fmt(y.data()[0]));
    }

    private void row12StrideAndPadding() {
        heading("12", "stride and padding on an [8,8] input with a [3,3] kernel");
        Tensor x = Tensor.filled(Shape.of(1, 8, 8, 1), 1);
        Tensor w = Tensor.filled(Shape.of(3, 3, 1, 1), 1);
        record Setting(Padding padding, int stride) { }
        for (Setting s : new Setting[] {new Setting(Padding.VALID, 1), new Setting(Padding.VALID, 2),
                new Setting(Padding.SAME, 1), new Setting(Padding.SAME, 2), new Setting(Padding.SAME, 3)}) {
            ConvSpec spec = ConvSpec.builder(2).padding(s.padding()).strides(s.stride()).build();
            ConvGeometry g = spec.geometry(x.shape(), w.shape());
            out.printf("  %-5s stride %d -> %s   %s%n", s.padding(), s.stride(), g.outputShape(), g.axis(1).formula());
        }
        out.println("  (TensorFlow's long form strides [1,2,2,1] means the same as 2)");
    }

    private void row13DirectionNotRank() {
        heading("13", "equivalence: a [3,k,1,N] kernel over a [3,W,1] image equals conv1d over W with 3 channels");
        Tensor image = ramp(Shape.of(1, 3, 8, 1), 7);
        Tensor kernel2d = ramp(Shape.of(3, 3, 1, 2), 4);
        Tensor as2d = convolve(ConvSpec.builder(2).build(), image, kernel2d);
        Tensor signal = image.reshape(Shape.of(1, 3, 8)).permute(0, 2, 1);
        Tensor kernel1d = kernel2d.reshape(Shape.of(3, 3, 2)).permute(1, 0, 2);
        Tensor as1d = convolve(ConvSpec.builder(1).build(), signal, kernel1d);
        out.println("  conv2d " + image.shape() + " * " + kernel2d.shape() + " -> " + as2d.shape() + ": "
                + values(as2d));
        out.println("  conv1d " + signal.shape() + " * " + kernel1d.shape() + " -> " + as1d.shape() + ":    "
                + values(as1d));
        out.println("  equal: " + Arrays.equals(as2d.data(), as1d.data())
                + " -- the kernel fills the height, so it slides in one direction: 1D, whatever the tensor rank");
    }

    private static Tensor convolve(ConvSpec spec, Tensor x, Tensor w) {
        return Conv.forward(spec, x, w);
    }

    /** Small integers 1..period repeating, so every printed sum can be checked by hand. */
    private static Tensor ramp(Shape shape, int period) {
        float[] data = new float[(int) shape.elementCount()];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % period + 1;
        }
        return Tensor.wrap(shape, data);
    }

    private void heading(String row, String title) {
        out.println();
        out.println("[" + row + "] " + title);
    }

    private void grid(float[] data, int offset, int rows, int cols, int stride) {
        for (int r = 0; r < rows; r++) {
            out.println("    " + row(data, offset + r * cols * stride, cols, stride));
        }
    }

    private static String values(Tensor t) {
        return row(t.data(), 0, t.data().length, 1);
    }

    private static String row(float[] data, int offset, int count, int stride) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(fmt(data[offset + i * stride]));
        }
        return sb.append(']').toString();
    }

    private static String fmt(float v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
