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
 * stride and dilation) by Winograd's F(2×2, 3×3) on those two axes ({@link WinogradKernel}): 16
 * multiplications per 2×2 outputs and channel pair instead of 36, so 2.25 times fewer, at the
 * cost of transforming inputs and outputs, which many channels amortise. 1D convolutions with a
 * kernel of 3, stride 1 and dilation 1 (text and audio layers) by F(2, 3): 4 multiplications per
 * 2 outputs instead of 6. The transforms add and subtract only, and the
 * filter's is exact in binary but for the halving, so the error stays close to the direct
 * algorithm's (well within the accuracy rule; the tests check it against the float64 reference).
 * Named {@code winograd-f2x3/simd} or {@code winograd-f2x3/scalar}.
 */
public final class WinogradConv implements ConvAlgorithm {
    /** Fewer channels leave the transforms, not the multiplications, the larger cost. */
    public static final int MIN_CHANNELS = 16;

    private final TileKernel tiles;
    private final WinogradOps ops;

    /** The Vector API kernels when {@link Vectorization} allows them, else the scalar twins. */
    public WinogradConv() {
        this(Vectorization.enabled());
    }

    private WinogradConv(boolean simd) {
        this.tiles = simd ? TileKernels.simd() : TileKernels.scalar();
        this.ops = simd ? WinogradSimd.INSTANCE : WinogradScalar.INSTANCE;
    }

    /** Always the Vector API kernels; throws when the Vector API is off. */
    public static WinogradConv simd() {
        return new WinogradConv(true);
    }

    /** Always the scalar twins. */
    public static WinogradConv scalar() {
        return new WinogradConv(false);
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles.variant().equals("simd") ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public String name() {
        return "winograd-f2x3/" + tiles.variant();
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
        long filter = 16L * depthTaps * p.inChannels() * Math.ceilDiv(p.outChannels(), tiles.lanes()) * tiles.lanes();
        long perThread = 16L * TileKernel.TILE_ROWS * (depthTaps * p.inChannels() + p.outChannels());
        if (filter > Integer.MAX_VALUE - 8 || perThread > Integer.MAX_VALUE - 8) {
            return Optional.of("the transformed filter or a unit's transforms would need more than one array holds");
        }
        return Optional.empty();
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return new WinogradKernel(problem, filter, bias, tiles, ops);
    }
}
