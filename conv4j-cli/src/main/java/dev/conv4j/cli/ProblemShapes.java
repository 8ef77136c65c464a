package dev.conv4j.cli;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.tensor.Shape;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A convolution given by shapes instead of files: what {@code shape} and {@code explain} take. */
final class ProblemShapes {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "SHAPE", description = "Input shape, e.g. 1,224,224,3.")
    String input;

    @Option(names = "--filter", required = true, paramLabel = "SHAPE", description = "Filter shape, e.g. 7,7,3,64.")
    String filter;

    @Option(names = "--depthwise", description = "The filter is depthwise [k..., channels, multiplier].")
    boolean depthwise;

    @Mixin
    GroupsOption groups;

    @Mixin
    ConvOptions options;

    /** The validated geometry; the spatial rank comes from the input shape's rank. */
    ConvGeometry geometry() {
        Shape inputShape = Shape.parse(input);
        return options.spec(inputShape.rank(), depthwise, groups.groups).geometry(inputShape, Shape.parse(filter));
    }
}
