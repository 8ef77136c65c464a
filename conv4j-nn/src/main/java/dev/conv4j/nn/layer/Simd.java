package dev.conv4j.nn.layer;

import dev.conv4j.kernel.Vectorization;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops of ReLU and max pooling, branch-free with the Vector API when the core's
 * {@link Vectorization} allows it (the same switch, {@code -Dconv4j.scalar=true}, turns it off),
 * with scalar twins that give the same results.
 */
final class Simd {
    private static final boolean ENABLED = Vectorization.enabled();

    private Simd() {
    }

    /** {@code out[i] = max(in[i], 0)} for {@code i} in {@code [from, to)}. */
    static void relu(float[] in, float[] out, int from, int to) {
        int i = ENABLED ? Vectors.relu(in, out, from, to) : from;
        for (; i < to; i++) {
            out[i] = Math.max(in[i], 0f);
        }
    }

    /** {@code dx[i] = y[i] > 0 ? dy[i] : 0}. */
    static void reluGradient(float[] y, float[] dy, float[] dx, int from, int to) {
        int i = ENABLED ? Vectors.reluGradient(y, dy, dx, from, to) : from;
        for (; i < to; i++) {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /**
     * {@code y[yo + c] = max(y[yo + c], x[xo + c])} for {@code c < n}; where {@code x} is strictly
     * larger its index goes to {@code argmax} (if not null), so ties keep the first.
     */
    static void maxInto(float[] x, int xo, float[] y, int yo, int[] argmax, int n) {
        int c = ENABLED ? Vectors.maxInto(x, xo, y, yo, argmax, n) : 0;
        for (; c < n; c++) {
            float v = x[xo + c];
            if (v > y[yo + c]) {
                y[yo + c] = v;
                if (argmax != null) {
                    argmax[yo + c] = xo + c;
                }
            }
        }
    }

    /** Loaded only when the Vector API is on; each method returns where the scalar tail starts. */
    private static final class Vectors {
        private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
        private static final int LANES = FLOATS.length();

        static int relu(float[] in, float[] out, int from, int to) {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector.fromArray(FLOATS, in, i).max(0f).intoArray(out, i);
            }
            return i;
        }

        static int reluGradient(float[] y, float[] dy, float[] dx, int from, int to) {
            FloatVector zero = FloatVector.zero(FLOATS);
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                VectorMask<Float> open = FloatVector.fromArray(FLOATS, y, i).compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(FLOATS, dy, i), open).intoArray(dx, i);
            }
            return i;
        }

        static int maxInto(float[] x, int xo, float[] y, int yo, int[] argmax, int n) {
            int c = 0;
            for (; c + LANES <= n; c += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, xo + c);
                FloatVector yv = FloatVector.fromArray(FLOATS, y, yo + c);
                VectorMask<Float> larger = xv.compare(VectorOperators.GT, yv);
                yv.blend(xv, larger).intoArray(y, yo + c);
                if (argmax != null) {
                    IntVector index = IntVector.zero(INTS).addIndex(1).add(xo + c);
                    index.intoArray(argmax, yo + c, larger.cast(INTS));
                }
            }
            return c;
        }
    }
}
