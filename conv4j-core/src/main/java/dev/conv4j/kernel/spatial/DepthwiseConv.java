package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Vectorization;
import java.util.Optional;

/**
 * Depthwise convolutions (one input channel per group, {@code multiplier} outputs each), any
 * rank, stride, dilation and padding, vectorised along the output channels with eight positions
 * per vector of weights. With few output channels most lanes would idle, so the standard
 * instance declines those and leaves them to {@link SpatialConv}, which vectorises along the
 * width.
 *
 * <p>{@code depthwise-simd} uses the Vector API, {@code depthwise-scalar} is its plain twin (the
 * same walk and the same order of fused multiply-adds, so the same bits).
 */
public final class DepthwiseConv implements ConvAlgorithm {
    /** Below this many output channels the standard instance declines: half a vector would idle. */
    public static final int DEFAULT_MIN_CHANNELS = 8;

    private final boolean simd;
    private final int minChannels;

    /**
     * SIMD when {@link Vectorization#enabled()}, otherwise the scalar twin; declines fewer than
     * {@value #DEFAULT_MIN_CHANNELS} output channels.
     */
    public DepthwiseConv() {
        this(Vectorization.enabled(), DEFAULT_MIN_CHANNELS);
    }

    private DepthwiseConv(boolean simd, int minChannels) {
        if (minChannels < 1) {
            throw new IllegalArgumentException("minChannels " + minChannels + " must be >= 1");
        }
        this.simd = simd;
        this.minChannels = minChannels;
    }

    /** The Vector API kernel, taking depthwise problems with at least {@code minChannels} output channels. */
    public static DepthwiseConv simd(int minChannels) {
        return new DepthwiseConv(true, minChannels);
    }

    /** The scalar twin, taking depthwise problems with at least {@code minChannels} output channels. */
    public static DepthwiseConv scalar(int minChannels) {
        return new DepthwiseConv(false, minChannels);
    }

    @Override
    public String name() {
        return simd ? "depthwise-simd" : "depthwise-scalar";
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
        return Optional.empty();
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return new DepthwiseKernel(problem, filter, bias, simd ? DepthwiseSimd.INSTANCE : DepthwiseScalar.INSTANCE);
    }
}
