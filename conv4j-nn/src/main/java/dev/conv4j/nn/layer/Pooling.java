package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' {@code MaxPooling1D/2D/3D} and {@code AveragePooling1D/2D/3D}, for any rank: a window of
 * {@code pool_size} steps by {@code strides} (default: the pool size) over the spatial axes of
 * each channel. Output sizes and pads follow the convolution rules ({@code VALID}: the window
 * stays inside; {@code SAME}: {@code ceil(n / s)} outputs, the odd pad after), so they come from
 * a {@link ConvGeometry} of a one-channel convolution with the pool's window.
 *
 * <p>Padded positions are never part of a window: max pooling ignores them and average pooling
 * divides by the number of input elements the window covers, as TensorFlow does.
 *
 * <p>The data is seen as {@code [slices, positions..., inner]}: for channels-last data a slice is
 * a sample and {@code inner} its channels; for channels-first a slice is one channel of one
 * sample and {@code inner} is 1. One odometer walks the output positions of any rank.
 */
public final class Pooling extends Layer {
    /** Which reduction the window applies. */
    public enum Kind {
        MAX("MaxPooling"),
        AVERAGE("AveragePooling");

        private final String kerasStem;

        Kind(String kerasStem) {
            this.kerasStem = kerasStem;
        }
    }

    private final Kind kind;
    private final int rank;
    private final int[] poolSize;
    private int[] strides;
    private Padding padding = Padding.VALID;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;

    private ConvGeometry window;
    private int channels;
    private int[] inSizes;
    private int[] outSizes;
    private int[] step;
    private int[] padBefore;
    private int inVolume;
    private int outVolume;
    private int[] lastArgmax;
    private Shape lastInputShape;

    /** A pool over {@code rank} axes with window {@code poolSize} (one, or one per axis). */
    public Pooling(Kind kind, int rank, int... poolSize) {
        if (rank < 1) {
            throw new IllegalArgumentException("pooling needs at least one spatial axis, rank " + rank);
        }
        this.kind = kind;
        this.rank = rank;
        this.poolSize = perAxis("pool_size", poolSize);
        this.strides = this.poolSize.clone();
    }

    private int[] perAxis(String what, int[] values) {
        int[] out = values.length == 1 ? filled(values[0]) : values.clone();
        if (out.length != rank) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(values) + " has " + values.length
                    + " values; a " + rank + "D pool takes 1 or " + rank);
        }
        for (int v : out) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(values) + " must be >= 1 on every axis");
            }
        }
        return out;
    }

    private int[] filled(int v) {
        int[] out = new int[rank];
        Arrays.fill(out, v);
        return out;
    }

    public Pooling strides(int... values) {
        this.strides = perAxis("strides", values);
        return this;
    }

    /** {@link Padding#VALID} (Keras' default) or {@link Padding#SAME}. */
    public Pooling padding(Padding value) {
        if (value != Padding.VALID && value != Padding.SAME) {
            throw new IllegalArgumentException("pooling padding must be VALID or SAME (as in Keras), got " + value);
        }
        this.padding = value;
        return this;
    }

    public Pooling dataFormat(DataFormat value) {
        this.dataFormat = value;
        return this;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String className() {
        return kind.kerasStem + rank + "D";
    }

    @Override
    protected Shape configure(Shape input) {
        if (input.rank() != rank + 1) {
            throw new IllegalArgumentException(className() + " takes samples of rank " + (rank + 1) + " ("
                    + dataFormat.code(rank).substring(1) + "), got " + input);
        }
        boolean last = dataFormat == DataFormat.CHANNELS_LAST;
        channels = input.dim(last ? rank : 0);
        int[] spatial = new int[rank + 2];
        int[] kernel = new int[rank + 2];
        spatial[0] = 1;
        spatial[rank + 1] = 1;
        kernel[rank] = 1;
        kernel[rank + 1] = 1;
        for (int a = 0; a < rank; a++) {
            spatial[a + 1] = input.dim(last ? a : a + 1);
            kernel[a] = poolSize[a];
        }
        window = ConvSpec.builder(rank).strides(strides).padding(padding).build()
                .geometry(Shape.of(spatial), Shape.of(kernel));
        inSizes = window.inputSizes();
        outSizes = window.outputSizes();
        padBefore = window.padsBefore();
        step = strides.clone();
        inVolume = Math.toIntExact(window.inputShape().elementCount());
        outVolume = Math.toIntExact(window.outputVolume());
        int[] out = input.dims();
        for (int a = 0; a < rank; a++) {
            out[last ? a : a + 1] = outSizes[a];
        }
        return Shape.of(out);
    }

    private int inner() {
        return dataFormat == DataFormat.CHANNELS_LAST ? channels : 1;
    }

    private int slices(int batch) {
        return dataFormat == DataFormat.CHANNELS_LAST ? batch : batch * channels;
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        int batch = batchOf(x);
        float[] in = x.data();
        float[] out = new float[Math.toIntExact(batch * outputShape().elementCount())];
        int[] argmax = kind == Kind.MAX && pass.training() ? new int[out.length] : null;
        pass.compute().parallel(slices(batch), (from, to) -> forwardSlices(in, out, argmax, from, to));
        lastArgmax = argmax;
        lastInputShape = pass.training() ? x.shape() : null;
        return Tensor.wrap(withBatch(batch, outputShape()), out);
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        if (lastInputShape == null) {
            throw new IllegalStateException("layer " + name() + ": backward needs a training forward pass first");
        }
        if (!inputGradientNeeded()) {
            return null;
        }
        float[] dy = gradOutput.data();
        float[] dx = new float[Math.toIntExact(lastInputShape.elementCount())];
        int batch = lastInputShape.dim(0);
        pass.compute().parallel(slices(batch), (from, to) -> backwardSlices(dy, dx, from, to));
        return Tensor.wrap(lastInputShape, dx);
    }

    /** The first (inclusive) and last (exclusive) input index of the window at output {@code o}, per axis. */
    private int window(int[] o, int[] lo, int[] hi) {
        int count = 1;
        for (int a = 0; a < rank; a++) {
            int start = o[a] * step[a] - padBefore[a];
            lo[a] = Math.max(0, start);
            hi[a] = Math.min(inSizes[a], start + poolSize[a]);
            count *= hi[a] - lo[a];
        }
        return count;
    }

    private int offset(int[] position) {
        int offset = 0;
        for (int a = 0; a < rank; a++) {
            offset = offset * inSizes[a] + position[a];
        }
        return offset;
    }

    /** Advances {@code position} within {@code [lo, hi)} (row-major); false after the last. */
    private boolean advance(int[] position, int[] lo, int[] hi) {
        for (int a = rank - 1; a >= 0; a--) {
            if (++position[a] < hi[a]) {
                return true;
            }
            position[a] = lo[a];
        }
        return false;
    }

    private void forwardSlices(float[] x, float[] y, int[] argmax, int from, int to) {
        int inner = inner();
        int[] zero = new int[rank];
        int[] o = new int[rank];
        int[] lo = new int[rank];
        int[] hi = new int[rank];
        int[] w = new int[rank];
        for (int s = from; s < to; s++) {
            int xBase = s * inVolume * inner;
            int yo = s * outVolume * inner;
            Arrays.fill(o, 0);
            do {
                int count = window(o, lo, hi);
                System.arraycopy(lo, 0, w, 0, rank);
                int first = xBase + offset(w) * inner;
                System.arraycopy(x, first, y, yo, inner);
                if (argmax != null) {
                    for (int c = 0; c < inner; c++) {
                        argmax[yo + c] = first + c;
                    }
                }
                while (advance(w, lo, hi)) {
                    int xo = xBase + offset(w) * inner;
                    if (kind == Kind.AVERAGE) {
                        for (int c = 0; c < inner; c++) {
                            y[yo + c] += x[xo + c];
                        }
                    } else {
                        Simd.maxInto(x, xo, y, yo, argmax, inner);
                    }
                }
                if (kind == Kind.AVERAGE) {
                    float scale = 1f / count;
                    for (int c = 0; c < inner; c++) {
                        y[yo + c] *= scale;
                    }
                }
                yo += inner;
            } while (advance(o, zero, outSizes));
        }
    }

    private void backwardSlices(float[] dy, float[] dx, int from, int to) {
        int inner = inner();
        if (kind == Kind.MAX) {
            for (int i = from * outVolume * inner; i < to * outVolume * inner; i++) {
                dx[lastArgmax[i]] += dy[i];
            }
            return;
        }
        int[] zero = new int[rank];
        int[] o = new int[rank];
        int[] lo = new int[rank];
        int[] hi = new int[rank];
        int[] w = new int[rank];
        for (int s = from; s < to; s++) {
            int xBase = s * inVolume * inner;
            int yo = s * outVolume * inner;
            Arrays.fill(o, 0);
            do {
                float share = 1f / window(o, lo, hi);
                System.arraycopy(lo, 0, w, 0, rank);
                do {
                    int xo = xBase + offset(w) * inner;
                    for (int c = 0; c < inner; c++) {
                        dx[xo + c] += dy[yo + c] * share;
                    }
                } while (advance(w, lo, hi));
                yo += inner;
            } while (advance(o, zero, outSizes));
        }
    }

    @Override
    public long flops() {
        // one comparison or addition per window element
        long windowSize = 1;
        for (int k : poolSize) {
            windowSize *= k;
        }
        return outputShape().elementCount() * windowSize;
    }

    @Override
    public List<String> formulas() {
        List<String> lines = new ArrayList<>();
        for (AxisGeometry a : window.axes()) {
            lines.add(a.name() + ": " + a.formula());
        }
        return lines;
    }

    @Override
    protected void writeConfig(Config c) {
        c.put("pool_size", poolSize).put("strides", strides).put("padding", Paddings.name(padding))
                .put("data_format", Paddings.dataFormatName(dataFormat));
    }

    static Pooling fromConfig(Kind kind, int rank, Config c) {
        Pooling p = new Pooling(kind, rank, c.integers("pool_size"));
        if (c.has("strides")) {
            p.strides(c.integers("strides"));
        }
        if (c.has("padding")) {
            p.padding(Paddings.parse(c.raw("padding")));
        }
        if (c.has("data_format")) {
            p.dataFormat(Paddings.parseDataFormat(c.string("data_format")));
        }
        return p;
    }
}
