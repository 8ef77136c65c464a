package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The machine line names the JVM's object alignment and whether conv4j's kernels were told it. */
class MachineTest {

    @Test
    void theAlignmentSaysWhetherConv4jWasToldItAndWhenItWasToldWrong() {
        assertEquals("objects on 64-byte boundaries (conv4j told)", Machine.objectAlignment("64", "64"));
        assertEquals("objects on 8-byte boundaries", Machine.objectAlignment("8", null));
        assertEquals("objects on 8-byte boundaries, but conv4j.objectAlignment says 64",
                Machine.objectAlignment("8", "64"));
        assertEquals("object alignment unknown (conv4j told 64)", Machine.objectAlignment(null, "64"));
        assertEquals("object alignment unknown", Machine.objectAlignment(null, null));
    }

    @Test
    void thisJvmsAlignmentIsRead() {
        // HotSpot always has the option; the test JVM keeps its default unless told otherwise
        assertTrue(Machine.describe().contains("-byte boundaries"), Machine.describe());
    }
}
