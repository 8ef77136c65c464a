package dev.conv4j.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which index of a float array starts a vector in memory, from the declared object alignment. */
class ArrayAlignmentTest {

    @Test
    void anAlignmentOfWholeVectorsPutsTheBoundaryPastTheArrayHeader() {
        // elements start 16 bytes into the object: 48 more bytes to the next 64-byte boundary
        assertEquals(12, ArrayAlignment.firstAlignedFloat(64, 16));
        assertEquals(12, ArrayAlignment.firstAlignedFloat(128, 16));
        assertEquals(4, ArrayAlignment.firstAlignedFloat(64, 8));
        assertEquals(4, ArrayAlignment.firstAlignedFloat(32, 8));
        assertEquals(0, ArrayAlignment.firstAlignedFloat(16, 4));
    }

    @Test
    void anAlignmentSmallerThanAVectorOrUnknownGivesNone() {
        assertEquals(-1, ArrayAlignment.firstAlignedFloat(8, 16));
        assertEquals(-1, ArrayAlignment.firstAlignedFloat(32, 16));
        assertEquals(-1, ArrayAlignment.firstAlignedFloat(0, 16));
    }

    @Test
    void onlyAPowerOfTwoOfAtLeastEightBytesIsTakenAsDeclared() {
        assertEquals(64, ArrayAlignment.declared("64"));
        assertEquals(64, ArrayAlignment.declared(" 64 "));
        assertEquals(8, ArrayAlignment.declared("8"));
        assertEquals(0, ArrayAlignment.declared(null));
        assertEquals(0, ArrayAlignment.declared("48"));
        assertEquals(0, ArrayAlignment.declared("4"));
        assertEquals(0, ArrayAlignment.declared("-64"));
        assertEquals(0, ArrayAlignment.declared("64 bytes"));
        assertEquals(0, ArrayAlignment.declared("99999999999"));
    }
}
