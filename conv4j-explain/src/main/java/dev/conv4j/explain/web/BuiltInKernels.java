package dev.conv4j.explain.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernels the page offers: 3x3 image filters (mission row 10 and Sobel) and 5-tap signal
 * smoothers (row 9). Each is laid out row-major, as a filter's {@code [k...]} part in HWIO.
 */
final class BuiltInKernels {
    /** A named kernel: its size per spatial axis and its weights, row-major. */
    record Kernel(String name, String description, int[] size, float[] weights) {
    }

    static final Map<String, Kernel> IMAGE = byName(List.of(
            new Kernel("edge", "edge detect: 8 in the centre, -1 around", new int[] {3, 3},
                    new float[] {-1, -1, -1, -1, 8, -1, -1, -1, -1}),
            new Kernel("blur", "box blur: 1/9 everywhere", new int[] {3, 3}, filled(9, 1f / 9)),
            new Kernel("sharpen", "sharpen: 5 in the centre, -1 at the four sides", new int[] {3, 3},
                    new float[] {0, -1, 0, -1, 5, -1, 0, -1, 0}),
            new Kernel("sobel-x", "Sobel, horizontal gradient (vertical edges)", new int[] {3, 3},
                    new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}),
            new Kernel("sobel-y", "Sobel, vertical gradient (horizontal edges)", new int[] {3, 3},
                    new float[] {-1, -2, -1, 0, 0, 0, 1, 2, 1})));

    static final Map<String, Kernel> SIGNAL = byName(List.of(
            new Kernel("uniform", "uniform: 1/5 each", new int[] {5}, filled(5, 0.2f)),
            new Kernel("centre", "centre-weighted: (1,2,3,2,1)/9", new int[] {5},
                    new float[] {1 / 9f, 2 / 9f, 3 / 9f, 2 / 9f, 1 / 9f}),
            new Kernel("edge", "edge-weighted: (3,2,1,2,3)/11", new int[] {5},
                    new float[] {3 / 11f, 2 / 11f, 1 / 11f, 2 / 11f, 3 / 11f})));

    private BuiltInKernels() {
    }

    /** The kernels named (comma-separated) from {@code available}, in order, at least one. */
    static List<Kernel> choose(String[] names, Map<String, Kernel> available) {
        List<Kernel> chosen = Arrays.stream(names).filter(n -> !n.isBlank()).distinct().map(n -> {
            Kernel k = available.get(n);
            if (k == null) {
                throw ApiException.badRequest("kernels", "unknown kernel '" + n + "'; choose from "
                        + String.join(", ", available.keySet()));
            }
            return k;
        }).toList();
        if (chosen.isEmpty()) {
            throw ApiException.badRequest("kernels", "choose at least one kernel from " + String.join(", ", available.keySet()));
        }
        return chosen;
    }

    /**
     * The filter tensor {@code [k..., 1, N]} (HWIO, one input channel) holding the kernels as its
     * N output channels.
     */
    static float[] filterOf(List<Kernel> kernels) {
        int taps = kernels.getFirst().weights().length;
        int n = kernels.size();
        float[] filter = new float[taps * n];
        for (int c = 0; c < n; c++) {
            for (int t = 0; t < taps; t++) {
                filter[t * n + c] = kernels.get(c).weights()[t];
            }
        }
        return filter;
    }

    private static Map<String, Kernel> byName(List<Kernel> kernels) {
        Map<String, Kernel> map = new LinkedHashMap<>();
        kernels.forEach(k -> map.put(k.name(), k));
        return java.util.Collections.unmodifiableMap(map);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
