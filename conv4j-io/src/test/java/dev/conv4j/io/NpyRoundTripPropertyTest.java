package dev.conv4j.io;

import static dev.conv4j.io.NpyWriteTest.rawBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever is written reads back bit for bit, for shapes of rank 0 to 5. */
class NpyRoundTripPropertyTest {
    @Property(tries = 300)
    void writeThenReadIsIdentity(@ForAll("shapes") List<Integer> dims, @ForAll long seed) throws IOException {
        Shape shape = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        Tensor original = Tensor.wrap(shape, NpyWriteTest.randomFloats(new Random(seed), (int) shape.elementCount()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Npy.write(out, original);
        Tensor back = Npy.read(new ByteArrayInputStream(out.toByteArray()), "round trip");

        assertEquals(shape, back.shape());
        assertArrayEquals(rawBits(original.data()), rawBits(back.data()));
        assertEquals(0, (out.size() - 4 * shape.elementCount()) % 64, "header is 64-byte aligned");
    }

    @Provide
    Arbitrary<List<Integer>> shapes() {
        return Arbitraries.integers().between(0, 6).list().ofMinSize(0).ofMaxSize(5);
    }
}
