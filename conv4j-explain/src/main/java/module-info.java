/**
 * Explains a convolution from its descriptor: the text ({@code dev.conv4j.explain}), the worked
 * examples ({@code explain.examples}), the pictures ({@code explain.picture}), a saved network
 * layer by layer ({@code explain.network}) and the web page with its JSON API
 * ({@code explain.web}), served by Jetty.
 */
module dev.conv4j.explain {
    requires transitive dev.conv4j.core;
    requires transitive dev.conv4j.draw;
    requires transitive dev.conv4j.filters;
    requires transitive dev.conv4j.nn;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires java.management;
    requires org.eclipse.jetty.server;

    exports dev.conv4j.explain;
    exports dev.conv4j.explain.examples;
    exports dev.conv4j.explain.network;
    exports dev.conv4j.explain.picture;
    exports dev.conv4j.explain.web;
}
