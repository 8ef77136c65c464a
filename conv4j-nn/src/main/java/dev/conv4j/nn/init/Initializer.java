package dev.conv4j.nn.init;

import dev.conv4j.tensor.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Keras' weight initializers, by their Keras names. The values come from conv4j's own seeded
 * generator, so they follow Keras' distributions, not its exact numbers.
 */
public enum Initializer {
    /**
     * Keras' default for Conv and Dense kernels: uniform on {@code [-limit, limit]} with
     * {@code limit = sqrt(6 / (fan_in + fan_out))}.
     */
    GLOROT_UNIFORM("glorot_uniform") {
        @Override
        public void fill(float[] values, Shape shape, RandomGenerator random) {
            float limit = (float) glorotLimit(Fans.of(shape));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((2 * random.nextDouble() - 1) * limit);
            }
        }
    },
    /**
     * Keras' {@code he_normal}: {@code VarianceScaling(scale=2, mode="fan_in",
     * distribution="truncated_normal")}, a normal cut at two standard deviations whose
     * standard deviation before the cut is {@code sqrt(2 / fan_in) / 0.87962566103423978}, so
     * that after the cut it is {@code sqrt(2 / fan_in)}.
     */
    HE_NORMAL("he_normal") {
        @Override
        public void fill(float[] values, Shape shape, RandomGenerator random) {
            double stddev = heStddev(Fans.of(shape));
            for (int i = 0; i < values.length; i++) {
                double z;
                do {
                    z = random.nextGaussian();
                } while (Math.abs(z) > 2);
                values[i] = (float) (z * stddev);
            }
        }
    },
    /** Zeros: Keras' default for biases. */
    ZEROS("zeros") {
        @Override
        public void fill(float[] values, Shape shape, RandomGenerator random) {
            Arrays.fill(values, 0f);
        }
    };

    /** The standard deviation of a standard normal cut to [-2, 2]. */
    public static final double TRUNCATED_NORMAL_STDDEV = .87962566103423978;

    private final String kerasName;

    Initializer(String kerasName) {
        this.kerasName = kerasName;
    }

    /** Fills {@code values}, the elements of a tensor of {@code shape}, with fresh draws. */
    public abstract void fill(float[] values, Shape shape, RandomGenerator random);

    public String kerasName() {
        return kerasName;
    }

    /** {@code sqrt(6 / (fan_in + fan_out))}. */
    public static double glorotLimit(Fans fans) {
        return Math.sqrt(6.0 / (fans.in() + fans.out()));
    }

    /** The standard deviation {@code he_normal} draws with before the cut: {@code sqrt(2 / fan_in) / .8796...}. */
    public static double heStddev(Fans fans) {
        return Math.sqrt(2.0 / fans.in()) / TRUNCATED_NORMAL_STDDEV;
    }

    /** By Keras name ({@code glorot_uniform}, {@code he_normal}, {@code zeros}). */
    public static Initializer named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Initializer i : values()) {
            if (i.kerasName.equals(n)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name + "': expected glorot_uniform, he_normal or zeros");
    }
}
