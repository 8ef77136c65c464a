package dev.conv4j.cli;

import dev.conv4j.Conv;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.RealData;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.nifti.NiftiVolume;
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
 * {@code demo}: the worked examples of 1D, 2D and 3D convolution (rows 1-13), in order, each
 * printed with its shapes and values small enough to read: built-in data, except rows 9-11 on
 * real data from Debian packages (an ECG, a photo, a brain MRI), or generated stand-ins when a
 * package is missing.
 */
@Command(name = "demo", description = "Compute the worked examples of 1D, 2D and 3D convolution (slide directions,"
        + " channels, N filters, 1x1, real signals, images and volumes, stride/padding, equivalence) and print"
        + " shapes and values.")
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
        row9SignalSmoothing();
        row10ImageFilters();
        row11Volume();
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

    private void row9SignalSmoothing() {
        heading("9", "signal smoothing, 3 output channels: one ECG through [9,1,3] = uniform, centre-weighted, edge-weighted");
        RealData.Loaded<float[]> ecg = RealData.ecg();
        out.println("  data: " + ecg.source());
        float[] x = ecg.data();
        String[] names = {"uniform", "centre-weighted", "edge-weighted"};
        float[] w = new float[9 * 3];
        for (int j = 0; j < 3; j++) {
            float[] taps = ((dev.conv4j.filters.FilterKernel.Linear) Kernels.parse(names[j], 1)).passes().getFirst()
                    .weights().data();
            for (int t = 0; t < 9; t++) {
                w[t * 3 + j] = taps[t];
            }
        }
        Tensor input = Tensor.wrap(Shape.of(1, x.length, 1), x);
        Tensor y = convolve(ConvSpec.builder(1).padding(Padding.SAME).boundary(Boundary.REFLECT).build(), input,
                Tensor.wrap(Shape.of(9, 1, 3), w));
        int peak = 0;
        for (int t = 0; t < Math.min(x.length, 3600); t++) {
            peak = x[t] > x[peak] ? t : peak;
        }
        out.printf(Locale.ROOT, "  input %s (%.0f s at 360 Hz) -> output %s: three smoothed views of one signal%n",
                input.shape(), x.length / RealData.ECG_RATE, y.shape());
        out.printf(Locale.ROOT, "  %-16s R peak at sample %d: %7.4f mV   roughness (mean |2nd difference|) %.5f%n",
                "input", peak, x[peak], roughness(x, 1, 0));
        for (int j = 0; j < 3; j++) {
            out.printf(Locale.ROOT, "  %-16s R peak at sample %d: %7.4f mV   roughness %.5f%n", names[j], peak,
                    y.data()[peak * 3 + j], roughness(y.data(), 3, j));
        }
        out.println("  the edge-weighted one blurs the narrow R peak most, the centre-weighted one least");
    }

    private static double roughness(float[] v, int stride, int channel) {
        int n = v.length / stride;
        double s = 0;
        for (int t = 1; t < n - 1; t++) {
            s += Math.abs(v[(t + 1) * stride + channel] - 2 * v[t * stride + channel] + v[(t - 1) * stride + channel]);
        }
        return s / Math.max(1, n - 2);
    }

    private void row10ImageFilters() {
        heading("10", "image filters as feature maps: a grey photo through [3,3,1,3] = edge (8 / -1), box blur (1/9), sharpen");
        RealData.Loaded<ImageData> photo = RealData.photo();
        ImageData img = photo.data();
        out.println("  data: " + photo.source());
        float[] grey = img.samples();
        if (img.channels() == 3) {
            grey = new float[img.width() * img.height()];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = (img.samples()[3 * i] + img.samples()[3 * i + 1] + img.samples()[3 * i + 2]) / 3;
            }
        }
        Tensor x = Tensor.wrap(Shape.of(1, img.height(), img.width(), 1), grey);
        float[] edge = {-1, -1, -1, -1, 8, -1, -1, -1, -1};
        float[] sharpen = {0, -1, 0, -1, 5, -1, 0, -1, 0};
        float[] w = new float[27];
        for (int t = 0; t < 9; t++) {
            w[t * 3] = edge[t];
            w[t * 3 + 1] = 1f / 9;
            w[t * 3 + 2] = sharpen[t];
        }
        Tensor y = convolve(ConvSpec.builder(2).padding(Padding.SAME).boundary(Boundary.REFLECT).build(), x,
                Tensor.wrap(Shape.of(3, 3, 1, 3), w));
        out.println("  input " + x.shape() + " -> output " + y.shape() + ": three feature maps of one image");
        String[] names = {"edge", "box blur", "sharpen"};
        for (int c = 0; c < 3; c++) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            for (int i = c; i < y.data().length; i += 3) {
                min = Math.min(min, y.data()[i]);
                max = Math.max(max, y.data()[i]);
                sum += y.data()[i];
            }
            out.printf(Locale.ROOT, "  %-9s min %8.2f  max %8.2f  mean %7.2f%n", names[c], min, max, sum / (y.data().length / 3));
        }
        out.println("  edge sums to 0 (flat regions -> 0, mean near 0); blur and sharpen sum to 1 (mean brightness kept)");
        out.println("  pictures: conv4j filter image IN.png --kernel edge,box:3,sharpen --contact-sheet --output OUT.png");
    }

    private void row11Volume() {
        heading("11", "3D data: a T1 brain MRI through [5,5,5,1,3] = Gaussian (sigma 1), box, 3D edge: three volumes");
        RealData.Loaded<NiftiVolume> mri = RealData.mri();
        out.println("  data: " + mri.source());
        Tensor v = mri.data().data();
        int[] d = dev.conv4j.io.volume.VolumeShapes.squeezeTo3d(v.shape().dims(), "volume");
        Tensor x = v.reshape(Shape.of(1, d[0], d[1], d[2], 1));
        // a Gaussian of sigma 1 cut to its central 5x5x5 and renormalised, a 5^3 box, and a 3D "edge" (124 / -1)
        double[] g1 = Kernels.gaussian1d(1.0);
        double gsum = 0;
        for (int t = 0; t < 125; t++) {
            gsum += g1[t / 25 + 2] * g1[t / 5 % 5 + 2] * g1[t % 5 + 2];
        }
        float[] w = new float[125 * 3];
        for (int t = 0; t < 125; t++) {
            w[t * 3] = (float) (g1[t / 25 + 2] * g1[t / 5 % 5 + 2] * g1[t % 5 + 2] / gsum);
            w[t * 3 + 1] = 1f / 125;
            w[t * 3 + 2] = t == 62 ? 124 : -1;
        }
        long start = System.nanoTime();
        Tensor y = convolve(ConvSpec.builder(3).padding(Padding.SAME).build(), x, Tensor.wrap(Shape.of(5, 5, 5, 1, 3), w));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "  input %s -> output %s in %.1f s: three 3D feature maps, one per filter%n",
                x.shape(), y.shape(), seconds);
        int centre = ((d[0] / 2 * d[1] + d[1] / 2) * d[2] + d[2] / 2);
        out.printf(Locale.ROOT, "  centre voxel %s: input %.1f -> gaussian %.2f, box %.2f, edge %.1f%n",
                Arrays.toString(new int[] {d[0] / 2, d[1] / 2, d[2] / 2}), x.data()[centre], y.data()[centre * 3],
                y.data()[centre * 3 + 1], y.data()[centre * 3 + 2]);
        out.println("  pictures: conv4j filter volume IN.nii.gz --kernel gaussian3d:2,sobel3d --output OUT.nii.gz (writes a montage)");
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
