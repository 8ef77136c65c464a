package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Vectorization;
import java.util.Arrays;
import java.util.Optional;

/**
 * Convolutions with many channels whose last two axes have a 3×3 kernel, stride 1 and dilation
 * 1 (VGG's and ResNet's layers and their input gradients; C3D's 3×3×3 layers, any depth kernel,
 * stride and dilation) by Winograd's F(m×m, 3×3) on those two axes ({@link WinogradKernel},
 * {@link WinogradTile}), and 1D convolutions with a kernel of 3, stride 1 and dilation 1 (text and
 * audio layers) by F(m, 3). F(2×2, 3×3) takes 16 multiplications per 2×2 outputs and channel
 * pair instead of 36 (2.25 times fewer), F(4×4, 3×3) 36 per 4×4 outputs instead of 144 (4 times
 * fewer), at the cost of transforming inputs and outputs, which many channels amortise.
 * Named {@code winograd-f2x3/simd}, {@code winograd-f4x3/scalar} and so on.
 *
 * <p>F(2×2)'s transforms add and subtract only and mix no input beyond an output's own taps, so
 * its error stays at the direct algorithm's or below. F(4×4)'s multiply by up to 8 and mix an
 * output with its whole 6×6 patch: on inputs of one magnitude it stays inside the accuracy rule
 * (up to a quarter of it), but an output whose own inputs are zero or far smaller than its
 * patch's others gets their rounding error, hundreds of times the rule (docs/semantics.md,
 * "Winograd's error", measures both). The planner cannot see the input, so F(4×4) runs only
 * when asked for by name.
 */
public final class WinogradConv implements ConvAlgorithm {
    /** Fewer channels leave the transforms, not the multiplications, the larger cost. */
    public static final int MIN_CHANNELS = 16;

    private final WinogradTile tile;
    private final TileKernel tiles;
    private final WinogradOps ops;

    /** The Vector API kernels when {@link Vectorization} allows them, else the scalar twins. */
    public WinogradConv(WinogradTile tile) {
        this(tile, Vectorization.enabled());
    }

    private WinogradConv(WinogradTile tile, boolean simd) {
        this.tile = tile;
        this.tiles = simd ? TileKernels.simd() : TileKernels.scalar();
        this.ops = simd ? WinogradSimd.INSTANCE : WinogradScalar.INSTANCE;
    }

    /** Always the Vector API kernels; throws when the Vector API is off. */
    public static WinogradConv simd(WinogradTile tile) {
        return new WinogradConv(tile, true);
    }

    /** Always the scalar twins. */
    public static WinogradConv scalar(WinogradTile tile) {
        return new WinogradConv(tile, false);
    }

    /** The transforms combine a patch's inputs, and a 3×3 slice's weights, before the products. */
    @Override
    public boolean mixesTaps() {
        return true;
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles.variant().equals("simd") ? Optional.of(scalar(tile)) : Optional.empty();
    }

    @Override
    public String name() {
        return "winograd-" + tile.label() + "/" + tiles.variant();
    }

    @Override
    public Optional<String> rejection(CanonicalConv p) {
        int rank = p.spatialRank();
        int transformed = rank == 1 ? 1 : 2;
        if (rank < 1 || p.kernel()[rank - 1] != 3 || (rank > 1 && p.kernel()[rank - 2] != 3)) {
            return Optional.of("needs a kernel of 3 (1D) or ending in 3x3 (2D, 3D), got " + Arrays.toString(p.kernel()));
        }
        for (int a = rank - transformed; a < rank; a++) {
            if (p.strides()[a] != 1 || p.dilations()[a] != 1) {
                return Optional.of("needs stride and dilation 1 along the transformed axes, got strides "
                        + Arrays.toString(p.strides()) + " dilations " + Arrays.toString(p.dilations()));
            }
        }
        if (p.groups() != 1) {
            return Optional.of("needs one group, got " + p.groups());
        }
        if (p.inChannels() < MIN_CHANNELS || p.outChannels() < MIN_CHANNELS) {
            return Optional.of("needs >= " + MIN_CHANNELS + " input and output channels, got " + p.inChannels()
                    + " and " + p.outChannels());
        }
        long depthTaps = rank == 3 ? p.kernel()[0] : 1;
        long elements = (long) tile.points() * (rank == 1 ? 1 : tile.points());
        long filter = elements * depthTaps * p.inChannels() * Math.ceilDiv(p.outChannels(), tiles.lanes()) * tiles.lanes();
        long perThread = elements * tiles.shape(p.outChannels(), depthTaps * p.inChannels()).rows() * (depthTaps * p.inChannels() + p.outChannels());
        if (filter > Integer.MAX_VALUE - 8 || perThread > Integer.MAX_VALUE - 8) {
            return Optional.of("the transformed filter or a unit's transforms would need more than one array holds");
        }
        return Optional.empty();
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return new WinogradKernel(problem, filter, bias, tile, tiles, ops);
    }
}
