/**
 * The filter gradient of channels-last convolutions with many channels, register-blocked like the
 * forward's {@code blocked} package: per tap, {@code dW[tap] (C/groups × C_out) += X_tap^T · dY} is
 * a GEMM whose reduction runs over the output positions; for large 3×3 stride-1 images, Winograd's
 * F(2×2, 3×3) turns it into sixteen GEMMs reducing over 2×2 tiles with 2.25× fewer multiply-adds.
 *
 * <p>The pieces, from the outside in:
 * <ul>
 *   <li>{@link dev.conv4j.kernel.gradfilter.BlockedGradFilter}: the algorithm; it accepts or rejects
 *       a problem with a reason (the planner then tries the next on the filter gradient's list, {@code DirectGradFilter}).</li>
 *   <li>{@link dev.conv4j.kernel.gradfilter.BlockedGradFilterKernel}: the "boring part" — chunks of
 *       output positions small enough to stay in the level-1 cache, parts of the positions with
 *       their own partial sums, work units (part × band of tiles; a tile is tap × group ×
 *       input-channel block × output-channel block), the runs a tile reads and the zero-padded
 *       copies for part-empty blocks.</li>
 *   <li>{@link dev.conv4j.kernel.gradfilter.WinogradGradFilter} and
 *       {@link dev.conv4j.kernel.gradfilter.WinogradGradFilterKernel}: the Winograd algorithm
 *       (ahead of the blocked one in the list, for the problems where it is faster) and its
 *       chunks of tiles, transformed into panels that stay in the caches, on the same micro-kernel.</li>
 *   <li>{@code GradTile}: "the interesting part" — one tile of six input channels × up to four
 *       vectors of output channels summed over one chunk in registers and added to {@code dW}, and the
 *       Winograd tile transforms; a Vector API implementation and its scalar twin, bit-identical.</li>
 * </ul>
 */
package dev.conv4j.kernel.gradfilter;
