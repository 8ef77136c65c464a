/**
 * Kernels for convolutions with few channels, where a vector along the channels would be mostly
 * empty: {@link dev.conv4j.kernel.spatial.SpatialConv} vectorises along the last spatial axis
 * (signals, grey images, volumes with one to a few channels), and
 * {@link dev.conv4j.kernel.spatial.DepthwiseConv} along the channels of a depthwise convolution,
 * whose every output reads a single input channel.
 *
 * <p>Both cut the work the same way ({@link dev.conv4j.kernel.spatial.Bands}): a unit is a band of
 * output rows, which first copies the input rows it reads into a zero-padded slab laid out for
 * its kernel, so that the inner loops read consecutive vectors and never test a border. Where
 * the input already has that layout (one input channel at width stride 1 for the spatial
 * kernel; a multiplier of 1 at width stride and dilation 1 for the depthwise one) units read it
 * in place instead, and sum the few positions whose taps reach into the padding one at a time. Each
 * kernel's arithmetic sits behind a small interface with a Vector API implementation and a
 * scalar twin that sums in the same order; the twins are tested against each other bit for bit.
 */
package dev.conv4j.kernel.spatial;
