package dev.conv4j.filters;

import java.util.Locale;

/**
 * How filtered values (any real numbers) become pixel values {@code 0..max}:
 *
 * <ul>
 *   <li>{@link #CLAMP}: round to the nearest integer and clip to {@code 0..max}. Right for
 *       kernels that keep brightness (blur, sharpen).</li>
 *   <li>{@link #SIGNED}: {@code 0} becomes mid-grey ({@code max/2}, 128 for 8-bit), {@code -m}
 *       black and {@code +m} white, where {@code m} is the 99.5th percentile of {@code |value|}
 *       (the rarest 0.5% saturate, so a few extreme pixels do not wash out the rest); one scale
 *       for both signs, so the picture shows which way an edge goes. Right for derivatives.</li>
 *   <li>{@link #NORMALIZE}: the smallest value becomes 0, the largest {@code max}, linearly.
 *       Right for magnitudes.</li>
 * </ul>
 * RGB images use one scale for all three channels, so colours keep their balance.
 */
public enum ToneMap {
    CLAMP,
    SIGNED,
    NORMALIZE;

    /** Maps {@code values} to pixel values {@code 0..max} (whole numbers, as floats). */
    public float[] apply(float[] values, int max) {
        float[] out = new float[values.length];
        switch (this) {
            case CLAMP -> {
                for (int i = 0; i < values.length; i++) {
                    out[i] = clip(Math.rint(values[i]), max);
                }
            }
            case SIGNED -> {
                double m = signedScale(values);
                double mid = max / 2.0;
                double scale = m == 0 ? 0 : mid / m;
                for (int i = 0; i < values.length; i++) {
                    out[i] = clip(Math.rint(mid + values[i] * scale), max);
                }
            }
            case NORMALIZE -> {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (float v : values) {
                    if (Float.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                double scale = hi > lo ? max / (hi - lo) : 0;
                for (int i = 0; i < values.length; i++) {
                    out[i] = clip(Math.rint((values[i] - lo) * scale), max);
                }
            }
        }
        return out;
    }

    /** {@code [min, max]} of {@code values}, what a picture of them spans (NaN when one is NaN). */
    public static float[] range(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new float[] {min, max};
    }

    /** Buckets of {@link #signedScale}'s selection: the one holding the percentile is then sorted alone. */
    private static final int SCALE_BUCKETS = 4096;

    /**
     * The 99.5th percentile of the finite {@code |values|}: what {@link #SIGNED} shows as white;
     * the element of rank {@code ceil(0.995 · (n - 1))} of them sorted. Found by counting the
     * values into buckets of equal width up to the largest, then sorting only the bucket that
     * holds that rank: two linear passes instead of sorting everything, which in a fresh JVM
     * was a tenth of a one-off {@code filter image}.
     */
    public static double signedScale(float[] values) {
        float largest = 0;
        int n = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                largest = Math.max(largest, Math.abs(v));
                n++;
            }
        }
        if (largest == 0) {
            return 0;
        }
        // multiplying by one positive number keeps the order, so buckets hold consecutive ranks
        double perBucket = SCALE_BUCKETS / (double) largest;
        int[] counts = new int[SCALE_BUCKETS + 1];
        for (float v : values) {
            if (Float.isFinite(v)) {
                counts[(int) (Math.abs(v) * perBucket)]++;
            }
        }
        int rank = (int) Math.ceil(0.995 * (n - 1));
        int bucket = 0;
        int below = 0;
        while (below + counts[bucket] <= rank) {
            below += counts[bucket++];
        }
        float[] members = new float[counts[bucket]];
        int m = 0;
        for (float v : values) {
            if (Float.isFinite(v) && (int) (Math.abs(v) * perBucket) == bucket) {
                members[m++] = Math.abs(v);
            }
        }
        java.util.Arrays.sort(members);
        return members[rank - below];
    }

    private static float clip(double v, int max) {
        if (Double.isNaN(v)) {
            return 0;
        }
        return (float) Math.max(0, Math.min(max, v));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
