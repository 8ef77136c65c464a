package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.kernel.simd.ArrayAlignment;
import java.util.Optional;

/**
 * Depthwise convolutions (one input channel per group, {@code multiplier} outputs each), any
 * rank, stride, dilation and padding, vectorised along the output channels with eight positions
 * per vector of weights. With few output channels most lanes would idle, so the standard
 * instance declines those and leaves them to {@link SpatialConv}, which vectorises along the
 * width; so it does a bank of filters on one input channel (a depthwise convolution of one
 * channel with a multiplier), whose lanes would all repeat one input value.
 *
 * <p>{@code depthwise/simd} uses the Vector API, {@code depthwise/scalar} is its plain twin (the
 * same walk and the same order of fused multiply-adds, so the same bits).
 */
public final class DepthwiseConv implements ConvAlgorithm {
    /** Below this many output channels the standard instance declines: half a vector would idle. */
    public static final int DEFAULT_MIN_CHANNELS = 8;

    private final boolean simd;
    private final int minChannels;
    /** Whether it declines one input channel into at most {@link SpatialConv#MAX_OUT_CHANNELS} outputs. */
    private final boolean declinesFilterBanks;
    /**
     * The first index of every float array that starts a vector in memory ({@link ArrayAlignment}),
     * or -1 if unknown: where the Vector API kernel starts the vectors it stores.
     */
    private final int firstAlignedFloat;

    /**
     * SIMD when {@link Vectorization#enabled()}, otherwise the scalar twin; declines fewer than
     * {@value #DEFAULT_MIN_CHANNELS} output channels.
     */
    public DepthwiseConv() {
        this(Vectorization.enabled(), DEFAULT_MIN_CHANNELS, true, ArrayAlignment.firstAlignedFloat());
    }

    private DepthwiseConv(boolean simd, int minChannels, boolean declinesFilterBanks, int firstAlignedFloat) {
        if (minChannels < 1) {
            throw new IllegalArgumentException("minChannels " + minChannels + " must be >= 1");
        }
        this.simd = simd;
        this.minChannels = minChannels;
        this.declinesFilterBanks = declinesFilterBanks;
        this.firstAlignedFloat = simd ? firstAlignedFloat : -1;
    }

    /** The Vector API kernel, taking every depthwise problem with at least {@code minChannels} output channels. */
    public static DepthwiseConv simd(int minChannels) {
        return new DepthwiseConv(true, minChannels, false, ArrayAlignment.firstAlignedFloat());
    }

    /**
     * The Vector API kernel as {@link #simd(int)}, storing as if index {@code firstAlignedFloat} of
     * every float array started a vector in memory, whatever the JVM's alignment (for tests: the
     * results must not depend on it).
     */
    static DepthwiseConv simd(int minChannels, int firstAlignedFloat) {
        return new DepthwiseConv(true, minChannels, false, firstAlignedFloat);
    }

    /** The scalar twin, taking every depthwise problem with at least {@code minChannels} output channels. */
    public static DepthwiseConv scalar(int minChannels) {
        return new DepthwiseConv(false, minChannels, false, -1);
    }

    /** The scalar twin when this is the Vector API kernel (see {@link ConvAlgorithm#scalarTwin}). */
    @Override
    public Optional<ConvAlgorithm> scalarTwin() {
        return simd ? Optional.of(new DepthwiseConv(false, minChannels, declinesFilterBanks, -1)) : Optional.empty();
    }

    @Override
    public String name() {
        return simd ? "depthwise/simd" : "depthwise/scalar";
    }

    @Override
    public Optional<String> rejection(CanonicalConv problem) {
        if (problem.inChannelsPerGroup() != 1) {
            return Optional.of("not depthwise: " + problem.inChannelsPerGroup()
                    + " input channels per group (needs 1)");
        }
        if (problem.outChannels() < minChannels) {
            return Optional.of("channels*multiplier " + problem.outChannels() + " < " + minChannels
                    + ": too few to vectorise along channels");
        }
        if (declinesFilterBanks && problem.inChannels() == 1 && problem.outChannels() <= SpatialConv.MAX_OUT_CHANNELS) {
            return Optional.of("one input channel into " + problem.outChannels()
                    + " outputs: a filter bank, vectorised better along the width");
        }
        return Optional.empty();
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return new DepthwiseKernel(problem, filter, bias, simd ? DepthwiseSimd.INSTANCE : DepthwiseScalar.INSTANCE,
                firstAlignedFloat);
    }
}
