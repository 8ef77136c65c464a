package dev.conv4j.nn.data;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated 1D data set: sequences of {@value #LENGTH} samples, one channel, each a sine, a
 * square wave, a sawtooth or noise, with a random period (8 to 40 samples), phase, amplitude
 * (0.5 to 1.5) and offset (±0.3), plus Gaussian noise (σ = 0.25). Balanced classes; the same seed
 * gives the same set.
 */
public final class Signals {
    public static final int LENGTH = 128;
    public static final List<String> CLASSES = List.of("sine", "square", "sawtooth", "noise");

    private Signals() {
    }

    /** {@code count} samples of shape {@code [128, 1]}. */
    public static Dataset generate(int count, long seed, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[count * LENGTH];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES.size();
            labels[i] = label;
            double period = 8 + 32 * random.nextDouble();
            double phase = random.nextDouble();
            double amplitude = 0.5 + random.nextDouble();
            double offset = 0.6 * random.nextDouble() - 0.3;
            for (int t = 0; t < LENGTH; t++) {
                double cycle = t / period + phase;
                double frac = cycle - Math.floor(cycle);
                double v = switch (label) {
                    case 0 -> Math.sin(2 * Math.PI * cycle);
                    case 1 -> frac < 0.5 ? 1 : -1;
                    case 2 -> 2 * frac - 1;
                    default -> 0.8 * random.nextGaussian();
                };
                x[i * LENGTH + t] = (float) (amplitude * v + offset + 0.25 * random.nextGaussian());
            }
        }
        return new Dataset(name, Tensor.wrap(Shape.of(count, LENGTH, 1), x), labels, CLASSES);
    }

    public static Dataset train() {
        return generate(4000, 1, "signals/train");
    }

    public static Dataset test() {
        return generate(1000, 2, "signals/test");
    }
}
