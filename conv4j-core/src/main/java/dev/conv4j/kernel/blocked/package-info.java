/**
 * Register-blocked convolution for channels-last data with many channels (oneDNN's "direct
 * blocked" and XNNPACK's igemm idea), 1×1 convolutions as a GEMM, and 3×3 stride-1 ones by
 * Winograd's F(2×2, 3×3) or, asked for by name, F(4×4, 3×3), whose 16 or 36 products per tile
 * are GEMMs on the same micro-kernel.
 *
 * <p>{@link dev.conv4j.kernel.blocked.PlanarDirectConv} runs the same idea for layers
 * with few input channels over a planar copy of the input rows ({@code PlanarKernel}), one plane
 * per input channel and stride phase, so that a tile's positions read neighbouring floats and its
 * micro-kernel ({@code PlanarTileKernel}) needs one address per tap.
 *
 * <p>The pieces, from the outside in:
 * <ul>
 *   <li>{@link dev.conv4j.kernel.blocked.BlockedDirectConv}, {@link dev.conv4j.kernel.blocked.BlockedGemmConv} and
 *       {@link dev.conv4j.kernel.blocked.WinogradConv}: the algorithms the planner asks; they accept or
 *       reject a problem with a reason.</li>
 *   <li>{@code WinogradKernel} and {@code WinogradOps}: the transforms into and out of Winograd's
 *       domain around the micro-kernel (a Vector API implementation and its scalar twin), for
 *       either tile size of {@link dev.conv4j.kernel.blocked.WinogradTile}.</li>
 *   <li>{@code BlockedKernel}: the "boring part" — work units, output rows, tiles, which input
 *       each tile reads (the input itself, or a small zero-padded copy at the borders); the input
 *       rows each output row reads come from {@code TapRows}, shared with {@code PlanarKernel}.</li>
 *   <li>{@code PackedWeights}: the filter packed once per plan into blocks of output channels.</li>
 *   <li>{@code TileKernel}: "the interesting part" — one tile of output positions × one block of
 *       output channels, as a sum over segments of contiguous input; a Vector API implementation
 *       and its scalar twin.</li>
 * </ul>
 *
 * <p>The shape of the computation: along the last spatial axis the {@code kernelW} taps of one
 * output position read {@code kernelW × C} consecutive floats of a channels-last input (unit
 * dilation, one group), so every output position is a dot product over a few such runs, one per
 * tap of the other axes. A tile of six or seven positions along that axis reads its runs at a fixed distance ({@code stride × C}) apart, which
 * makes the tile a small GEMM with an unpacked, strided A and a packed B.
 */
package dev.conv4j.kernel.blocked;
