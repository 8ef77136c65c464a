package dev.conv4j.io.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedVolumeTest {
    @TempDir
    Path dir;

    @Test
    void rawUint8AndBigEndianVoxelsAreConverted() throws IOException {
        byte[] raw = new byte[2 * 3 * 4];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (200 + i);
        }
        Path file = dir.resolve("v.raw");
        Files.write(file, raw);
        try (MappedVolume m = MappedVolume.raw(file, 0, new int[] {2, 3, 4}, MappedVolume.Type.U1, ByteOrder.LITTLE_ENDIAN)) {
            float[] plane = new float[12];
            m.read(1, 2, plane, 0);
            assertEquals(212f, plane[0]);
            assertEquals(223f, plane[11]);
        }
        ByteBuffer be = ByteBuffer.allocate(8 * 4).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 8; i++) {
            be.putFloat(i * 1.5f);
        }
        Files.write(file, be.array());
        try (MappedVolume m = MappedVolume.raw(file, 0, new int[] {2, 2, 2}, MappedVolume.Type.F4, ByteOrder.BIG_ENDIAN)) {
            float[] all = new float[8];
            m.read(0, 2, all, 0);
            assertEquals(10.5f, all[7]);
        }
        IOException e = assertThrows(IOException.class,
                () -> MappedVolume.raw(file, 0, new int[] {4, 4, 4}, MappedVolume.Type.F4, ByteOrder.LITTLE_ENDIAN));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
