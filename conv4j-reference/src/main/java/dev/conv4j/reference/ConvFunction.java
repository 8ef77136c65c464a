package dev.conv4j.reference;

import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Tensor;

/**
 * Any implementation of the forward convolution under test, e.g. {@code Conv::forward} or
 * {@link ReferenceConv#forwardFloat}, so that one check serves them all.
 */
@FunctionalInterface
public interface ConvFunction {
    /** The convolution {@code spec} describes; {@code biasOrNull} holds one value per output channel. */
    Tensor apply(ConvSpec spec, Tensor input, Tensor filter, Tensor biasOrNull);
}
