package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * Keras' {@code GlobalAveragePooling1D/2D/3D}: the mean of each channel over all positions,
 * {@code [positions..., C]} → {@code [C]}.
 */
public final class GlobalAvgPool extends Layer {
    private final int rank;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
    private int channels;
    private int positions;
    private Shape lastInputShape;

    public GlobalAvgPool(int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("global pooling needs at least one spatial axis, rank " + rank);
        }
        this.rank = rank;
    }

    public GlobalAvgPool dataFormat(DataFormat value) {
        this.dataFormat = value;
        return this;
    }

    @Override
    public String className() {
        return "GlobalAveragePooling" + rank + "D";
    }

    @Override
    protected Shape configure(Shape input) {
        if (input.rank() != rank + 1) {
            throw new IllegalArgumentException(className() + " takes samples of rank " + (rank + 1) + ", got " + input);
        }
        channels = input.dim(dataFormat == DataFormat.CHANNELS_LAST ? rank : 0);
        positions = Math.toIntExact(input.elementCount() / channels);
        return Shape.of(channels);
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        int batch = batchOf(x);
        float[] in = x.data();
        float[] out = new float[batch * channels];
        boolean last = dataFormat == DataFormat.CHANNELS_LAST;
        pass.compute().parallel(batch, (from, to) -> {
            double[] sums = new double[channels];
            for (int n = from; n < to; n++) {
                java.util.Arrays.fill(sums, 0);
                int base = n * positions * channels;
                for (int p = 0; p < positions; p++) {
                    for (int c = 0; c < channels; c++) {
                        sums[c] += in[base + (last ? p * channels + c : c * positions + p)];
                    }
                }
                for (int c = 0; c < channels; c++) {
                    out[n * channels + c] = (float) (sums[c] / positions);
                }
            }
        });
        lastInputShape = pass.training() ? x.shape() : null;
        return Tensor.wrap(Shape.of(batch, channels), out);
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        if (lastInputShape == null) {
            throw new IllegalStateException("layer " + name() + ": backward needs a training forward pass first");
        }
        if (!inputGradientNeeded()) {
            return null;
        }
        int batch = lastInputShape.dim(0);
        float[] dy = gradOutput.data();
        float[] dx = new float[Math.toIntExact(lastInputShape.elementCount())];
        boolean last = dataFormat == DataFormat.CHANNELS_LAST;
        pass.compute().parallel(batch, (from, to) -> {
            for (int n = from; n < to; n++) {
                int base = n * positions * channels;
                for (int p = 0; p < positions; p++) {
                    for (int c = 0; c < channels; c++) {
                        dx[base + (last ? p * channels + c : c * positions + p)] = dy[n * channels + c] / positions;
                    }
                }
            }
        });
        return Tensor.wrap(lastInputShape, dx);
    }

    @Override
    public long flops() {
        return inputShape().elementCount();
    }

    @Override
    protected void writeConfig(Config c) {
        c.put("data_format", Paddings.dataFormatName(dataFormat));
    }

    static GlobalAvgPool fromConfig(int rank, Config c) {
        GlobalAvgPool g = new GlobalAvgPool(rank);
        if (c.has("data_format")) {
            g.dataFormat(Paddings.parseDataFormat(c.string("data_format")));
        }
        return g;
    }
}
