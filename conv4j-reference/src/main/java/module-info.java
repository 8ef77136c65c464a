/**
 * The reference convolution and its gradients in float64 ({@code dev.conv4j.reference}), written
 * from the semantics with plain loops, and the accuracy rule every fast path is held to.
 */
module dev.conv4j.reference {
    requires transitive dev.conv4j.core;

    exports dev.conv4j.reference;
}
