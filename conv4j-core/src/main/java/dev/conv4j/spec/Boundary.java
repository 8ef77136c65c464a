package dev.conv4j.spec;

import java.util.Locale;

/**
 * What a padded position holds. Deep-learning convolution pads with zeros; signal and image
 * filtering usually wants the edge continued. The names follow {@code numpy.pad}:
 *
 * <pre>
 *   input            a b c d
 *   ZERO         0 0 a b c d 0 0
 *   REFLECT      c b a b c d c b   (TensorFlow MirrorPad REFLECT, scipy.ndimage "mirror")
 *   SYMMETRIC    b a a b c d d c   (MirrorPad SYMMETRIC, scipy.ndimage "reflect")
 *   REPLICATE    a a a b c d d d   (edge; scipy.ndimage "nearest")
 *   CIRCULAR     c d a b c d a b   (wrap)
 * </pre>
 * Pads wider than the input keep the same rule (the pattern repeats).
 */
public enum Boundary {
    ZERO,
    REFLECT,
    SYMMETRIC,
    REPLICATE,
    CIRCULAR;

    public static Boundary parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "zero", "zeros", "constant" -> ZERO;
            case "reflect", "mirror" -> REFLECT;
            case "symmetric" -> SYMMETRIC;
            case "replicate", "edge", "nearest" -> REPLICATE;
            case "circular", "wrap" -> CIRCULAR;
            default -> throw new ConvShapeException("boundary", "unknown boundary mode '" + name
                    + "': expected zero, reflect, symmetric, replicate or circular");
        };
    }

    /**
     * The input index that padded position {@code i} (which may lie outside {@code [0, n)})
     * reads, or -1 when it reads zero.
     */
    public int sourceIndex(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (this) {
            case ZERO -> -1;
            case REPLICATE -> i < 0 ? 0 : n - 1;
            case CIRCULAR -> Math.floorMod(i, n);
            case REFLECT -> {
                if (n == 1) {
                    yield 0;
                }
                int period = 2 * (n - 1);
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - m;
            }
            case SYMMETRIC -> {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - 1 - m;
            }
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
