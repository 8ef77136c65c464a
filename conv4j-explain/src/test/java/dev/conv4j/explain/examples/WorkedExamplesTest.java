package dev.conv4j.explain.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.tensor.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkedExamplesTest {
    @Test
    void everyNumberFrom1To13IsThereWithAUniqueId() {
        Set<String> numbers = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (WorkedExample c : WorkedExamples.all()) {
            assertTrue(ids.add(c.id()), c.id());
            assertTrue(c.id().matches("[0-9]{2}[a-z]?-[a-z0-9-]+"), c.id());
            numbers.add(c.number().replaceAll("[a-z]$", ""));
            c.geometry();
        }
        for (int n = 1; n <= 13; n++) {
            assertTrue(numbers.contains(Integer.toString(n)), "example " + n);
        }
    }

    @Test
    void theirShapesAreTheTablesShapes() {
        assertEquals(Shape.of(1, 5, 5, 64), WorkedExamples.find("5").geometry().outputShape());
        assertEquals(Shape.of(1, 28, 28, 64), WorkedExamples.find("6").geometry().outputShape());
        assertEquals(Shape.of(1, 8, 100), WorkedExamples.find("7").geometry().outputShape());
        assertEquals(Shape.of(1, 340, 371, 3), WorkedExamples.find("10").geometry().outputShape());
        assertEquals(Shape.of(1, 200, 200, 200, 3), WorkedExamples.find("11").geometry().outputShape());
        ConvGeometry stem = WorkedExamples.find("12").geometry();
        assertEquals(Shape.of(1, 112, 112, 64), stem.outputShape());
        assertArrayEquals(new int[] {2, 2}, stem.padsBefore());
        assertArrayEquals(new int[] {3, 3}, stem.padsAfter());
        assertEquals(Shape.of(1, 1, 6, 2), WorkedExamples.find("13").geometry().outputShape());
        assertEquals(List.of("1", "1b"), WorkedExamples.all().subList(0, 2).stream().map(WorkedExample::number).toList());
    }
}
