/**
 * Small convolutional networks on conv4j: layers ({@code nn.layer}), initialisers
 * ({@code nn.init}), optimisers ({@code nn.optim}), training ({@code dev.conv4j.nn}), data sets
 * ({@code nn.data}), model files ({@code nn.io}), prediction ({@code nn.predict}) and ready
 * architectures ({@code nn.zoo}).
 *
 * <p>Like the core, the element-wise loops use the Vector API only when it is present.
 */
module dev.conv4j.nn {
    requires transitive dev.conv4j.core;
    requires transitive dev.conv4j.io;
    requires static jdk.incubator.vector;
    requires com.fasterxml.jackson.databind;

    exports dev.conv4j.nn;
    exports dev.conv4j.nn.data;
    exports dev.conv4j.nn.init;
    exports dev.conv4j.nn.io;
    exports dev.conv4j.nn.layer;
    exports dev.conv4j.nn.optim;
    exports dev.conv4j.nn.predict;
    exports dev.conv4j.nn.zoo;
}
