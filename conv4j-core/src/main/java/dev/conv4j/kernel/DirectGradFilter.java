package dev.conv4j.kernel;

import java.util.Optional;

/**
 * The filter gradient {@code dW[k][ci][co] = sum over n, o of x[n][o*s - pad + k*d][ci] * dy[n][o][co]}
 * for any rank, stride, dilation and grouping. A work unit is one tap and a block of input
 * channels, so a block of {@code dW} rows stays in cache while every output position streams
 * past; the innermost loop runs over contiguous output channels.
 *
 * <p>Sums over many positions lose precision in float32, so positions are added in chunks of
 * {@value #CHUNK} into a partial block that is then added to the result: the error grows with
 * the chunk count, not the position count, and the order is fixed.
 *
 * <p>It accepts every problem, so the filter gradient's list of algorithms ends here. Taps that
 * fall on zero padding are skipped (each tap's output range is clipped to the positions that
 * read the input), so a NaN or infinite output gradient there contributes nothing.
 */
public final class DirectGradFilter implements GradFilterAlgorithm {
    /** This algorithm's name. */
    public static final String NAME = "direct-grad-filter";

    /** The algorithm; it holds nothing, its kernels hold the prepared problems. */
    public DirectGradFilter() {
    }
    private static final int CHUNK = 256;
    private static final int CHANNEL_BLOCK = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> rejection(CanonicalConv problem) {
        return java.util.Optional.empty();
    }

    @Override
    public GradFilterKernel prepare(CanonicalConv p) {
        return new Kernel(p);
    }

    private static final class Kernel implements GradFilterKernel {
        private final int batch;
        private final int inChannels;
        private final int outChannels;
        private final int inPerGroup;
        private final int outPerGroup;
        private final CanonicalAxis[] axes;
        /** The sizes and strides the per-position loop reads, as arrays it indexes directly. */
        private final int[] inSizes;
        private final int[] outSizes;
        private final int[] strides;
        private final int blocksPerTap;
        private final int taps;
        private final int filterLength;

        Kernel(CanonicalConv p) {
            this.batch = p.batch();
            this.inChannels = p.inChannels();
            this.outChannels = p.outChannels();
            this.inPerGroup = p.inChannelsPerGroup();
            this.outPerGroup = p.outChannelsPerGroup();
            this.axes = p.axes(0, p.spatialRank());
            this.inSizes = p.inSizes();
            this.outSizes = p.outSizes();
            this.strides = p.strides();
            this.blocksPerTap = (inPerGroup + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK;
            this.taps = Math.toIntExact(p.kernelVolume());
            this.filterLength = p.filterLength();
        }

        @Override
        public int workspaceLength() {
            return filterLength;
        }

        @Override
        public float[] reduce(float[] workspace) {
            return workspace;
        }

        @Override
        public int workUnits() {
            return taps * blocksPerTap;
        }

        @Override
        public void compute(float[] x, float[] dy, float[] dw, int from, int to) {
            TapWalk walk = new TapWalk(axes.length, outChannels);
            for (int unit = from; unit < to; unit++) {
                int tapIndex = unit / blocksPerTap;
                int ci0 = (unit % blocksPerTap) * CHANNEL_BLOCK;
                int ci1 = Math.min(inPerGroup, ci0 + CHANNEL_BLOCK);
                if (walk.clip(axes, tapIndex)) {
                    accumulateTap(x, dy, dw, tapIndex, ci0, ci1, walk);
                }
            }
        }

        /** One call's walk over the outputs a tap serves: per axis its shift and output range, the odometer, the partial sums. */
        private static final class TapWalk {
            final int[] shift;
            final int[] first;
            final int[] end;
            final int[] o;
            final float[] partial;

            TapWalk(int rank, int outChannels) {
                shift = new int[rank];
                first = new int[rank];
                end = new int[rank];
                o = new int[rank];
                partial = new float[CHANNEL_BLOCK * outChannels];
            }

            /** Per axis, flat tap {@code tapIndex}'s shift and the outputs whose input for it lies inside; false if none. */
            boolean clip(CanonicalAxis[] axes, int tapIndex) {
                int rest = tapIndex;
                for (int a = axes.length - 1; a >= 0; a--) {
                    int tap = rest % axes[a].kernel();
                    rest /= axes[a].kernel();
                    shift[a] = axes[a].shift(tap);
                    first[a] = axes[a].firstOutput(tap);
                    end[a] = axes[a].endOutput(tap);
                }
                for (int a = 0; a < axes.length; a++) {
                    if (first[a] >= end[a]) {
                        return false;
                    }
                }
                return true;
            }
        }

        private void accumulateTap(float[] x, float[] dy, float[] dw, int tapIndex, int ci0, int ci1, TapWalk walk) {
            int rank = axes.length;
            int[] shift = walk.shift;
            int[] first = walk.first;
            int[] end = walk.end;
            int[] o = walk.o;
            float[] partial = walk.partial;
            int rows = ci1 - ci0;
            int dwBase = tapIndex * inPerGroup * outChannels;
            int groups = inChannels / inPerGroup;
            for (int n = 0; n < batch; n++) {
                System.arraycopy(first, 0, o, 0, rank);
                int inChunk = 0;
                do {
                    int xOffset = n;
                    int dyOffset = n;
                    for (int a = 0; a < rank; a++) {
                        xOffset = xOffset * inSizes[a] + o[a] * strides[a] + shift[a];
                        dyOffset = dyOffset * outSizes[a] + o[a];
                    }
                    xOffset *= inChannels;
                    dyOffset *= outChannels;
                    for (int g = 0; g < groups; g++) {
                        for (int ci = ci0; ci < ci1; ci++) {
                            float xv = x[xOffset + g * inPerGroup + ci];
                            int row = (ci - ci0) * outChannels + g * outPerGroup;
                            int dyRow = dyOffset + g * outPerGroup;
                            for (int co = 0; co < outPerGroup; co++) {
                                partial[row + co] += xv * dy[dyRow + co];
                            }
                        }
                    }
                    if (++inChunk == CHUNK) {
                        flush(partial, dw, dwBase, ci0, rows);
                        inChunk = 0;
                    }
                } while (CanonicalAxis.advance(o, first, end));
                flush(partial, dw, dwBase, ci0, rows);
            }
        }

        private void flush(float[] partial, float[] dw, int dwBase, int ci0, int rows) {
            int offset = dwBase + ci0 * outChannels;
            for (int i = 0; i < rows * outChannels; i++) {
                dw[offset + i] += partial[i];
                partial[i] = 0f;
            }
        }
    }
}
