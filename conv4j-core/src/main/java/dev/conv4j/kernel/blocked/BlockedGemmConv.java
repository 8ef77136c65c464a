package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import java.util.Arrays;
import java.util.Optional;

/**
 * A 1×1 convolution with unit stride and no padding as one GEMM: channels-last input is then
 * already the matrix {@code [N · positions, C]} and the output {@code [N · positions, C_out]}, so
 * the problem is recast as a 1D convolution of one image along all {@code N · positions} rows
 * and run by the blocked kernel, whose tiles then cover that single long row with no border and
 * at most one short tile. Named {@code blocked-gemm/simd} or {@code blocked-gemm/scalar}.
 */
public final class BlockedGemmConv implements ConvAlgorithm {
    private final TileKernel tiles;

    /** With the Vector API kernel when {@link dev.conv4j.kernel.Vectorization} allows it, else the scalar twin. */
    public BlockedGemmConv() {
        this(TileKernels.preferred());
    }

    private BlockedGemmConv(TileKernel tiles) {
        this.tiles = tiles;
    }

    /** Always the Vector API kernel; throws when the Vector API is off. */
    public static BlockedGemmConv simd() {
        return new BlockedGemmConv(TileKernels.simd());
    }

    /** Always the scalar twin. */
    public static BlockedGemmConv scalar() {
        return new BlockedGemmConv(TileKernels.scalar());
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return tiles.variant().equals("simd") ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public String name() {
        return "blocked-gemm/" + tiles.variant();
    }

    @Override
    public Optional<String> rejection(CanonicalConv p) {
        if (p.kernelVolume() != 1) {
            return Optional.of("needs a 1x1 kernel, got " + Arrays.toString(p.kernel()));
        }
        for (int a = 0; a < p.spatialRank(); a++) {
            if (p.strides()[a] != 1) {
                return Optional.of("needs stride 1, got " + Arrays.toString(p.strides()));
            }
            if (p.padBefore()[a] != 0 || p.outSizes()[a] != p.inSizes()[a]) {
                return Optional.of("needs no padding (output the size of the input)");
            }
        }
        return BlockedDirectConv.rejection(asMatrix(p), tiles);
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return BlockedDirectConv.prepare(asMatrix(problem), filter, bias, tiles);
    }

    /** The same problem as a 1D convolution of one image whose positions are all of the input's. */
    private static CanonicalConv asMatrix(CanonicalConv p) {
        int positions = Math.toIntExact(p.batch() * p.inputVolume());
        int[] one = {1};
        return new CanonicalConv(1, p.inChannels(), p.outChannels(), p.groups(), new int[] {positions}, one, one, one,
                new int[] {0}, new int[] {positions}, p.hasBias());
    }
}
