package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.kernel.simd.ArrayAlignment;
import java.util.Optional;

/**
 * Convolutions with few channels (a grey image into three feature maps, a signal through four
 * filters, a volume): too few channels to fill a vector, so the kernel vectorises along the last
 * spatial axis instead, over consecutive output positions, with up to three output channels
 * sharing every input vector it loads. Any rank, stride, dilation, padding and grouping; it
 * declines more than {@value #MAX_OUT_CHANNELS} output channels or {@value #MAX_CHANNEL_PAIRS}
 * channel pairs, which vectorise better along the channels.
 *
 * <p>{@code spatial/simd} uses the Vector API, {@code spatial/scalar} is its plain twin (the same
 * walk and the same order of fused multiply-adds, so the same bits).
 */
public final class SpatialConv implements ConvAlgorithm {
    /**
     * The most input-channel × output-channel pairs per group: each pair is a multiply per tap
     * and position, and beyond 16 pairs a vector along the channels is full anyway.
     */
    public static final int MAX_CHANNEL_PAIRS = 16;
    /**
     * The most output channels: each one is another pass over the input and another lane to
     * interleave, and from about 12 on a vector along the output channels is faster.
     */
    public static final int MAX_OUT_CHANNELS = 8;

    private final boolean simd;
    /**
     * The first index of every float array that starts a vector in memory ({@link ArrayAlignment}),
     * or -1 if unknown: where the Vector API kernel lines up the vectors it stores.
     */
    private final int firstAlignedFloat;

    /** SIMD when {@link Vectorization#enabled()}, otherwise the scalar twin. */
    public SpatialConv() {
        this(Vectorization.enabled(), ArrayAlignment.firstAlignedFloat());
    }

    private SpatialConv(boolean simd, int firstAlignedFloat) {
        this.simd = simd;
        this.firstAlignedFloat = simd ? firstAlignedFloat : -1;
    }

    /** The Vector API kernel (needs {@code --add-modules jdk.incubator.vector}). */
    public static SpatialConv simd() {
        return simd(ArrayAlignment.firstAlignedFloat());
    }

    /**
     * The Vector API kernel, storing as if index {@code firstAlignedFloat} of every float array
     * started a vector in memory, whatever the JVM's alignment (for tests: the results must not
     * depend on it).
     */
    static SpatialConv simd(int firstAlignedFloat) {
        return new SpatialConv(true, firstAlignedFloat);
    }

    /** The scalar twin. */
    public static SpatialConv scalar() {
        return new SpatialConv(false, -1);
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return simd ? Optional.of(scalar()) : Optional.empty();
    }

    @Override
    public String name() {
        return simd ? "spatial/simd" : "spatial/scalar";
    }

    @Override
    public Optional<String> rejection(CanonicalConv problem) {
        long pairs = (long) problem.inChannelsPerGroup() * problem.outChannels();
        if (pairs > MAX_CHANNEL_PAIRS) {
            return Optional.of("in_channels*out_channels" + (problem.groups() > 1 ? "/groups " : " ") + pairs + " > "
                    + MAX_CHANNEL_PAIRS + ": too many channels for a spatial kernel");
        }
        if (problem.outChannels() > MAX_OUT_CHANNELS) {
            return Optional.of("out_channels " + problem.outChannels() + " > " + MAX_OUT_CHANNELS
                    + ": too many for a spatial kernel (vectorising along the output channels is faster)");
        }
        if (simd && SpatialSimd.lanes() > SpatialOps.GROUP) {
            return Optional.of("vectors of " + SpatialSimd.lanes() + " floats are wider than the kernel's groups of "
                    + SpatialOps.GROUP + " positions");
        }
        return Optional.empty();
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return new SpatialKernel(problem, filter, bias, simd ? SpatialSimd.INSTANCE : SpatialScalar.INSTANCE,
                firstAlignedFloat);
    }
}
