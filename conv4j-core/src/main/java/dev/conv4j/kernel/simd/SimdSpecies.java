package dev.conv4j.kernel.simd;

import dev.conv4j.kernel.Vectorization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every SIMD kernel computes with: the machine's preferred one, or the
 * narrower one {@link Vectorization} was asked for. A constant, so the JIT folds it as it does
 * {@link FloatVector#SPECIES_PREFERRED}. Only SIMD kernels load this class, and only when
 * {@link Vectorization#enabled()}.
 */
public final class SimdSpecies {
    /** The kernels' float species. */
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED.vectorBitSize()
            == Vectorization.vectorBits() ? FloatVector.SPECIES_PREFERRED
            : VectorSpecies.of(float.class, VectorShape.forBitSize(Vectorization.vectorBits()));

    private SimdSpecies() {
    }
}
