package dev.conv4j.nn.layer;

import dev.conv4j.nn.Config;
import dev.conv4j.nn.Layer;
import dev.conv4j.nn.Pass;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Keras' {@code Dropout}: while training, each element is zeroed with probability {@code rate}
 * and the rest are scaled by {@code 1 / (1 - rate)}; at inference it passes everything. The
 * masks come from a generator seeded when the network is initialized, so a seeded run drops the
 * same elements every time.
 */
public final class Dropout extends Layer {
    private final double rate;
    private SplittableRandom random = new SplittableRandom(0);
    private float[] lastMask;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate " + rate + " must be in [0, 1)");
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    @Override
    public String className() {
        return "Dropout";
    }

    @Override
    protected Shape configure(Shape input) {
        return input;
    }

    @Override
    public void initialize(RandomGenerator seeds) {
        random = new SplittableRandom(seeds.nextLong());
    }

    @Override
    public Tensor forward(Tensor x, Pass pass) {
        batchOf(x);
        if (!pass.training() || rate == 0) {
            lastMask = null;
            return x;
        }
        float[] in = x.data();
        float[] mask = new float[in.length];
        float keep = (float) (1 / (1 - rate));
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keep;
        }
        float[] out = new float[in.length];
        pass.compute().elementwise(in.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = in[i] * mask[i];
            }
        });
        lastMask = mask;
        return Tensor.wrap(x.shape(), out);
    }

    @Override
    public Tensor backward(Tensor gradOutput, Pass pass) {
        if (!inputGradientNeeded()) {
            return null;
        }
        if (lastMask == null) {
            return gradOutput;
        }
        float[] dy = gradOutput.data();
        float[] dx = new float[dy.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = dy[i] * lastMask[i];
        }
        return Tensor.wrap(gradOutput.shape(), dx);
    }

    @Override
    protected void writeConfig(Config c) {
        c.put("rate", rate);
    }
}
