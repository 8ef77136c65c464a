/**
 * The benchmark harness ({@code dev.conv4j.bench}): the suite of cases read from
 * {@code shapes.json}, timing, the FMA and stream probes, the roofline and the spot checks
 * against the reference.
 */
module dev.conv4j.bench {
    requires transitive dev.conv4j.core;
    requires dev.conv4j.reference;
    requires static jdk.incubator.vector;
    requires com.fasterxml.jackson.databind;
    requires java.management;

    exports dev.conv4j.bench;
}
