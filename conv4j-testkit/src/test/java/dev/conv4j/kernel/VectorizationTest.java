package dev.conv4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.kernel.simd.SimdSpecies;
import org.junit.jupiter.api.Test;

/** The vector width the kernels run with is the one asked for with {@code -Dconv4j.vectorBits}, if any. */
class VectorizationTest {

    @Test
    void theKernelsComputeWithTheWidthAskedFor() {
        if (!Vectorization.enabled()) {
            assertEquals(0, Vectorization.vectorBits(), Vectorization.reason());
            assertEquals(16, Vectorization.floatLanes());
            return;
        }
        String asked = System.getProperty("conv4j.vectorBits");
        if (asked != null) {
            assertEquals(Integer.parseInt(asked), Vectorization.vectorBits(), Vectorization.reason());
            assertTrue(Vectorization.reason().contains("-Dconv4j.vectorBits=" + asked), Vectorization.reason());
        }
        assertEquals(Vectorization.vectorBits(), SimdSpecies.FLOAT.vectorBitSize());
        assertEquals(Vectorization.vectorBits() / Float.SIZE, Vectorization.floatLanes());
        assertEquals(Vectorization.floatLanes(), KernelCheck.LANES);
    }
}
