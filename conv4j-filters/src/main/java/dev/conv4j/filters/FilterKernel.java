package dev.conv4j.filters;

import java.util.List;

/**
 * A named filter: a {@link Linear} one (one stencil, or several applied one after another, as a
 * separable Gaussian is), or the {@link Magnitude} of several linear ones (a gradient magnitude,
 * {@code sqrt(gx^2 + gy^2 [+ gz^2])}).
 */
public sealed interface FilterKernel {
    String name();

    /** Directions it slides in: 1 for signals, 2 for images, 3 for volumes. */
    int rank();

    /** How an image result is best mapped to pixels when the user does not say. */
    ToneMap defaultToneMap();

    /** Stencils applied in turn; all have the same rank. */
    record Linear(String name, List<Stencil> passes) implements FilterKernel {
        public Linear {
            passes = List.copyOf(passes);
            if (passes.isEmpty()) {
                throw new IllegalArgumentException("kernel " + name + " has no stencil");
            }
            for (Stencil s : passes) {
                if (s.rank() != passes.getFirst().rank()) {
                    throw new IllegalArgumentException("kernel " + name + " mixes ranks: " + passes);
                }
            }
        }

        public static Linear of(Stencil s) {
            return new Linear(s.name(), List.of(s));
        }

        @Override
        public int rank() {
            return passes.getFirst().rank();
        }

        /**
         * Clamp when brightness is kept (non-negative weights, or weights summing to 1), signed
         * when the weights sum to 0 (a derivative: 0 shows as mid-grey).
         */
        @Override
        public ToneMap defaultToneMap() {
            double sum = 1;
            double abs = 1;
            boolean nonNegative = true;
            for (Stencil s : passes) {
                sum *= s.sum();
                abs *= s.absSum();
                nonNegative &= s.nonNegative();
            }
            if (nonNegative) {
                return ToneMap.CLAMP;
            }
            return Math.abs(sum) <= 1e-6 * abs ? ToneMap.SIGNED : ToneMap.CLAMP;
        }
    }

    /** {@code sqrt(sum of squares)} of the components' results: non-negative, so normalised by default. */
    record Magnitude(String name, List<Linear> components) implements FilterKernel {
        public Magnitude {
            components = List.copyOf(components);
            if (components.size() < 2) {
                throw new IllegalArgumentException("a magnitude needs at least two components");
            }
        }

        @Override
        public int rank() {
            return components.getFirst().rank();
        }

        @Override
        public ToneMap defaultToneMap() {
            return ToneMap.NORMALIZE;
        }
    }
}
