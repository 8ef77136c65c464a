package dev.conv4j.kernel.gradfilter;

import dev.conv4j.kernel.Vectorization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** One variant of an algorithm, named for the test report; built fresh per use. */
record Variant<A>(String name, Supplier<A> algorithm) {
    @Override
    public String toString() {
        return name;
    }

    /** The Vector API variant when the Vector API is on, and the scalar twin. */
    static <A> List<Variant<A>> simdAndScalar(Supplier<A> simd, Supplier<A> scalar) {
        List<Variant<A>> variants = new ArrayList<>();
        if (Vectorization.enabled()) {
            variants.add(new Variant<>("simd", simd));
        }
        variants.add(new Variant<>("scalar", scalar));
        return variants;
    }
}
