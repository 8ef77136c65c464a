package dev.conv4j.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Whether the kernels use the Vector API: decided once per JVM, with the reason kept for
 * plans, benchmarks and {@code explain}. Set {@code -Dconv4j.scalar=true} (or the environment
 * variable {@code CONV4J_SCALAR=1}) to force the scalar twins.
 */
public final class Vectorization {
    private static final String MODULE = "jdk.incubator.vector";
    private static final Decision DECISION = decide();

    private record Decision(boolean enabled, String reason) {
    }

    private Vectorization() {
    }

    /** True when SIMD kernels may be used. */
    public static boolean enabled() {
        return DECISION.enabled();
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
            return new Decision(false, "scalar forced (" + (isTrue(property) ? "-Dconv4j.scalar" : "CONV4J_SCALAR") + ")");
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return new Decision(false, "scalar: module " + MODULE + " not present (run with --add-modules " + MODULE + ")");
        }
        int bits = VectorWidth.preferredFloatBits();
        if (bits < 256) {
            return new Decision(false, "scalar: preferred float vector is only " + bits + " bits");
        }
        return new Decision(true, "Vector API on: " + bits + "-bit float vectors (" + (bits / 32) + " lanes)");
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
