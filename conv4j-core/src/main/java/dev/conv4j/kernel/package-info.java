/**
 * The kernels' service interface and what every kernel family shares. An algorithm
 * ({@link dev.conv4j.kernel.ConvAlgorithm}, {@link dev.conv4j.kernel.GradFilterAlgorithm}) accepts
 * or rejects a problem in its canonical form ({@link dev.conv4j.kernel.CanonicalConv}) and
 * prepares a kernel ({@link dev.conv4j.kernel.ConvKernel}, {@link dev.conv4j.kernel.GradFilterKernel})
 * that computes independent work units. The direct algorithms here accept every problem and
 * end the planner's lists; the families live in the sub-packages ({@code spatial},
 * {@code blocked}, {@code gradfilter}), which depend on this package and never the reverse.
 * {@link dev.conv4j.kernel.Vectorization} decides once whether the Vector API is used.
 */
package dev.conv4j.kernel;
