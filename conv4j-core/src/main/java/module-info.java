/**
 * conv4j's core: tensors and shapes ({@code dev.conv4j.tensor}), the convolution descriptor and
 * its shape arithmetic ({@code dev.conv4j.spec}), the planner and its plans ({@code dev.conv4j.plan}),
 * the facades {@code Conv} and {@code Tf} ({@code dev.conv4j}), and the kernels' service interface
 * ({@code dev.conv4j.kernel}: {@code ConvAlgorithm}, {@code ConvKernel}, {@code CanonicalConv},
 * {@code GradFilterAlgorithm}, {@code Vectorization}) through which an algorithm of one's own joins
 * a planner's list. The kernel families ({@code kernel.spatial}, {@code kernel.blocked},
 * {@code kernel.gradfilter}) are not exported: the planner's lists reach them.
 *
 * <p>The Vector API is optional: without {@code --add-modules jdk.incubator.vector} the scalar
 * twins run (see {@code Vectorization}).
 */
module dev.conv4j.core {
    requires static jdk.incubator.vector;
    requires java.management;

    exports dev.conv4j;
    exports dev.conv4j.kernel;
    exports dev.conv4j.plan;
    exports dev.conv4j.spec;
    exports dev.conv4j.tensor;
}
