package dev.conv4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSizesTest {
    @TempDir
    Path sysfs;

    private void cache(int index, int level, String type, String size) throws IOException {
        Path dir = Files.createDirectories(sysfs.resolve("index" + index));
        Files.writeString(dir.resolve("level"), level + "\n");
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("size"), size + "\n");
    }

    @Test
    void readsTheSecondLevelAmongTheOthers() throws IOException {
        cache(0, 1, "Data", "48K");
        cache(1, 1, "Instruction", "64K");
        cache(2, 2, "Unified", "2048K");
        cache(3, 3, "Unified", "491520K");
        assertEquals(2L << 20, CacheSizes.secondLevel(sysfs, null));
    }

    @Test
    void readsSizesInMegabytes() throws IOException {
        cache(0, 2, "Unified", "1M");
        assertEquals(1L << 20, CacheSizes.secondLevel(sysfs, null));
    }

    @Test
    void aMissingOrGarbledCacheTableGivesTheFallback() throws IOException {
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs.resolve("absent"), null));
        cache(0, 1, "Data", "32K");
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs, null));
        cache(1, 2, "Unified", "lots");
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs, null));
        cache(1, 2, "Unified", "9999999999999999M");
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs, null));
    }

    @Test
    void anImplausibleSizeGivesTheFallback() throws IOException {
        cache(0, 2, "Unified", "4K");
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs, null));
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs, "99999999999999"));
    }

    @Test
    void theOverrideWinsOverTheTable() throws IOException {
        cache(0, 2, "Unified", "2048K");
        assertEquals(262144, CacheSizes.secondLevel(sysfs, "262144"));
        assertEquals(CacheSizes.FALLBACK_SECOND_LEVEL_BYTES, CacheSizes.secondLevel(sysfs, "a lot"));
    }
}
