package dev.conv4j.explain.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.tensor.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedCasesTest {
    @Test
    void everyRowOfTheTableIsThereOnceWithAUniqueId() {
        Set<String> rows = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (SeedCase c : SeedCases.all()) {
            assertTrue(ids.add(c.id()), c.id());
            assertTrue(c.id().matches("[0-9]{2}[a-z]?-[a-z0-9-]+"), c.id());
            rows.add(c.row().replaceAll("[a-z]$", ""));
            c.geometry();
        }
        for (int row = 1; row <= 13; row++) {
            assertTrue(rows.contains(Integer.toString(row)), "row " + row);
        }
    }

    @Test
    void theirShapesAreTheTablesShapes() {
        assertEquals(Shape.of(1, 5, 5, 64), SeedCases.find("5").geometry().outputShape());
        assertEquals(Shape.of(1, 28, 28, 64), SeedCases.find("6").geometry().outputShape());
        assertEquals(Shape.of(1, 8, 100), SeedCases.find("7").geometry().outputShape());
        assertEquals(Shape.of(1, 340, 371, 3), SeedCases.find("10").geometry().outputShape());
        assertEquals(Shape.of(1, 200, 200, 200, 3), SeedCases.find("11").geometry().outputShape());
        ConvGeometry stem = SeedCases.find("12").geometry();
        assertEquals(Shape.of(1, 112, 112, 64), stem.outputShape());
        assertArrayEquals(new int[] {2, 2}, stem.padsBefore());
        assertArrayEquals(new int[] {3, 3}, stem.padsAfter());
        assertEquals(Shape.of(1, 1, 6, 2), SeedCases.find("13").geometry().outputShape());
        assertEquals(List.of("1", "1b"), SeedCases.all().subList(0, 2).stream().map(SeedCase::row).toList());
    }
}
