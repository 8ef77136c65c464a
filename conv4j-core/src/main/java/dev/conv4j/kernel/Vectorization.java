package dev.conv4j.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Whether the kernels use the Vector API, and with vectors of how many bits: decided once per
 * JVM, with the reason kept for plans, benchmarks and {@code explain}. Set
 * {@code -Dconv4j.scalar=true} (or the environment variable {@code CONV4J_SCALAR=1}) to force
 * the scalar twins, and {@code -Dconv4j.vectorBits=256} to run the kernels on vectors narrower
 * than the machine's preferred ones (as on an AVX2 machine; the tests run the twins so once).
 * Every SIMD kernel takes its species from {@link dev.conv4j.kernel.simd.SimdSpecies}, which follows this decision.
 */
public final class Vectorization {
    private static final String MODULE = "jdk.incubator.vector";
    /** The narrowest vectors the kernels are written for. */
    private static final int MIN_BITS = 256;
    /** Lanes the scalar twins block by when there is no vector kernel to match. */
    private static final int SCALAR_LANES = 16;
    private static final Decision DECISION = decide();

    /** {@code bits}: the width of the kernels' float vectors, 0 when the Vector API is off. */
    private record Decision(boolean enabled, int bits, String reason) {
    }

    private Vectorization() {
    }

    /** True when SIMD kernels may be used. */
    public static boolean enabled() {
        return DECISION.enabled();
    }

    /** Bits of the kernels' float vectors; 0 when the Vector API is off. */
    public static int vectorBits() {
        return DECISION.bits();
    }

    /**
     * The floats per vector the kernels block by: the vectors' lanes, or the scalar twins'
     * blocking when the Vector API is off. Tests derive their edge sizes from it.
     */
    public static int floatLanes() {
        return DECISION.enabled() ? DECISION.bits() / Float.SIZE : SCALAR_LANES;
    }

    /** Why SIMD is on or off, e.g. {@code "Vector API on: 512-bit float vectors (16 lanes)"}. */
    public static String reason() {
        return DECISION.reason();
    }

    private static Decision decide() {
        Decision d = evaluate();
        System.getLogger("dev.conv4j").log(Level.DEBUG, "conv4j kernels: " + d.reason());
        return d;
    }

    private static Decision evaluate() {
        String property = System.getProperty("conv4j.scalar", "");
        String env = System.getenv().getOrDefault("CONV4J_SCALAR", "");
        if (isTrue(property) || isTrue(env)) {
            return new Decision(false, 0, "scalar forced ("
                    + (isTrue(property) ? "-Dconv4j.scalar" : "CONV4J_SCALAR") + ")");
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return new Decision(false, 0, "scalar: module " + MODULE + " not present (run with --add-modules "
                    + MODULE + ")");
        }
        int preferred = VectorWidth.preferredFloatBits();
        if (preferred < MIN_BITS) {
            return new Decision(false, 0, "scalar: preferred float vector is only " + preferred + " bits");
        }
        String asked = System.getProperty("conv4j.vectorBits", "").strip();
        if (asked.isEmpty()) {
            return new Decision(true, preferred, "Vector API on: " + preferred + "-bit float vectors ("
                    + preferred / Float.SIZE + " lanes)");
        }
        int bits = parseBits(asked, preferred);
        return new Decision(true, bits, "Vector API on: " + bits + "-bit float vectors (" + bits / Float.SIZE
                + " lanes; -Dconv4j.vectorBits=" + asked + ", preferred " + preferred + ")");
    }

    /** A power of two from {@value #MIN_BITS} to the preferred width; anything else is an error at start-up. */
    private static int parseBits(String asked, int preferred) {
        int bits;
        try {
            bits = Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < MIN_BITS || bits > preferred || Integer.bitCount(bits) != 1) {
            throw new IllegalArgumentException("-Dconv4j.vectorBits=" + asked + ": must be a power of two from "
                    + MIN_BITS + " to this machine's " + preferred);
        }
        return bits;
    }

    private static boolean isTrue(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes");
    }

    /** Kept apart so that the Vector API classes load only after the module check. */
    private static final class VectorWidth {
        static int preferredFloatBits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
