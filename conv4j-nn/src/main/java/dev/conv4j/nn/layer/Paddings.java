package dev.conv4j.nn.layer;

import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Keras' spelling of paddings and data formats in layer configurations. */
final class Paddings {
    private Paddings() {
    }

    /** {@code "valid"}, {@code "same"}, {@code "causal"}, or explicit pads as {@code [[before, after], ...]}. */
    static Object name(Padding p) {
        if (p instanceof Padding.Explicit e) {
            List<List<Integer>> pairs = new ArrayList<>();
            for (int i = 0; i < e.before().length; i++) {
                pairs.add(List.of(e.before()[i], e.after()[i]));
            }
            return pairs;
        }
        return p.toString().toLowerCase(Locale.ROOT);
    }

    static Padding parse(Object value) {
        if (value instanceof String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "valid" -> Padding.VALID;
                case "same" -> Padding.SAME;
                case "causal" -> Padding.CAUSAL;
                default -> throw new IllegalArgumentException("padding '" + s + "': expected valid, same, causal"
                        + " or [[before, after], ...]");
            };
        }
        if (value instanceof List<?> pairs) {
            int[] flat = new int[2 * pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                if (!(pairs.get(i) instanceof List<?> pair) || pair.size() != 2
                        || !(pair.get(0) instanceof Number b) || !(pair.get(1) instanceof Number a)) {
                    throw new IllegalArgumentException("padding " + value + ": expected [[before, after], ...]");
                }
                flat[2 * i] = b.intValue();
                flat[2 * i + 1] = a.intValue();
            }
            return Padding.explicit(flat);
        }
        throw new IllegalArgumentException("padding " + value + ": expected valid, same, causal or [[before, after], ...]");
    }

    static String dataFormatName(DataFormat f) {
        return f == DataFormat.CHANNELS_LAST ? "channels_last" : "channels_first";
    }

    static DataFormat parseDataFormat(String s) {
        return DataFormat.parse(s);
    }
}
