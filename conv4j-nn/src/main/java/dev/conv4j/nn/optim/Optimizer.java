package dev.conv4j.nn.optim;

import dev.conv4j.nn.Compute;
import dev.conv4j.nn.Param;
import java.util.List;
import java.util.Map;

/** Updates parameters from their gradients, one step per batch; keeps its own per-parameter state. */
public interface Optimizer {
    /** Applies one update to every parameter from its {@link Param#grad()}. */
    void step(List<Param> params, Compute compute);

    /** Keras' name: {@code SGD}, {@code Adam}. */
    String className();

    /** The hyper-parameters by their Keras names. */
    Map<String, Object> config();

    /** Steps taken so far (Keras' {@code iterations}). */
    long iterations();
}
