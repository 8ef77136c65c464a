package dev.conv4j.spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much is added before and after each spatial axis.
 *
 * <ul>
 *   <li>{@link #VALID}: nothing; the kernel stays inside the input.</li>
 *   <li>{@link #SAME}: enough for {@code out = ceil(in / stride)}; an odd total puts the extra
 *       one after (TensorFlow's asymmetry).</li>
 *   <li>{@link #CAUSAL}: 1D only (Keras): {@code (k - 1) * dilation} before, nothing after, so
 *       output {@code t} sees inputs up to {@code t}.</li>
 *   <li>{@link Explicit}: given numbers, per axis.</li>
 * </ul>
 */
public sealed interface Padding {
    Padding VALID = new Named("VALID");
    Padding SAME = new Named("SAME");
    Padding CAUSAL = new Named("CAUSAL");

    /** One of the rules TensorFlow/Keras name: {@code VALID}, {@code SAME}, {@code CAUSAL}. */
    record Named(String name) implements Padding {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Fixed pads {@code before[i]} and {@code after[i]} for spatial axis {@code i}. An explicit
     * padding of one axis value applies to every axis.
     */
    record Explicit(int[] before, int[] after) implements Padding {
        public Explicit {
            if (before.length != after.length) {
                throw new ConvShapeException("padding", "explicit padding has " + before.length
                        + " before-values but " + after.length + " after-values");
            }
            for (int i = 0; i < before.length; i++) {
                if (before[i] < 0 || after[i] < 0) {
                    throw new ConvShapeException("padding", "padding " + Arrays.toString(before)
                            + " before / " + Arrays.toString(after) + " after has a negative pad at axis " + i
                            + ": pads must be >= 0");
                }
            }
            before = before.clone();
            after = after.clone();
        }

        @Override
        public int[] before() {
            return before.clone();
        }

        @Override
        public int[] after() {
            return after.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Explicit e && Arrays.equals(before, e.before) && Arrays.equals(after, e.after);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(before) + Arrays.hashCode(after);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < before.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(before[i]).append(',').append(after[i]);
            }
            return sb.toString();
        }
    }

    /** Pads as {@code b0,a0,b1,a1,...}: before and after for each spatial axis in turn. */
    static Padding explicit(int... beforeAfterPairs) {
        if (beforeAfterPairs.length % 2 != 0) {
            throw new ConvShapeException("padding", "explicit padding " + Arrays.toString(beforeAfterPairs)
                    + " has an odd count: give before,after for each spatial axis");
        }
        int r = beforeAfterPairs.length / 2;
        int[] before = new int[r];
        int[] after = new int[r];
        for (int i = 0; i < r; i++) {
            before[i] = beforeAfterPairs[2 * i];
            after[i] = beforeAfterPairs[2 * i + 1];
        }
        return new Explicit(before, after);
    }

    /** The same pad before and after, per axis. */
    static Padding symmetric(int... perAxis) {
        return new Explicit(perAxis, perAxis);
    }

    /**
     * Parses {@code SAME}, {@code VALID}, {@code CAUSAL} (any case) or numbers: {@code b0,a0,b1,a1,...}
     * (two per spatial axis), or a single number for every side of every axis.
     */
    static Padding parse(String text) {
        String t = text.strip();
        switch (t.toUpperCase(Locale.ROOT)) {
            case "SAME":
                return SAME;
            case "VALID":
                return VALID;
            case "CAUSAL":
                return CAUSAL;
            default:
                break;
        }
        String[] parts = t.replace("[", "").replace("]", "").split("[,\\s]+");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new ConvShapeException("padding", "padding '" + text
                        + "' is neither SAME, VALID, CAUSAL nor a list of whole numbers b0,a0,b1,a1,...");
            }
        }
        return values.length == 1 ? new Explicit(values, values) : explicit(values);
    }
}
