package dev.conv4j.kernel;

/**
 * Finds NaN and ±Inf in float arrays. A float is non-finite when its exponent bits are all ones;
 * adding one to the exponent field then carries into the sign bit, so an OR of those sums over a
 * range is negative exactly when the range holds a non-finite value (a loop without branches).
 */
public final class NonFinite {
    private static final int EXPONENT = 0x7f80_0000;
    private static final int EXPONENT_ONE = 0x0080_0000;

    private NonFinite() {
    }

    /** True when any of {@code values[from, to)} is NaN or infinite. */
    public static boolean any(float[] values, int from, int to) {
        int carry = 0;
        for (int i = from; i < to; i++) {
            carry |= (Float.floatToRawIntBits(values[i]) & EXPONENT) + EXPONENT_ONE;
        }
        return carry < 0;
    }

    /** True when any of {@code values} is NaN or infinite. */
    public static boolean any(float[] values) {
        return any(values, 0, values.length);
    }
}
