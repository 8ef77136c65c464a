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
        private final int rank;
        private final int batch;
        private final int inChannels;
        private final int outChannels;
        private final int inPerGroup;
        private final int outPerGroup;
        private final int[] inSizes;
        private final int[] outSizes;
        private final int[] kernel;
        private final int[] strides;
        private final int[] dilations;
        private final int[] padBefore;
        private final int blocksPerTap;
        private final int taps;
        private final int filterLength;

        Kernel(CanonicalConv p) {
            this.rank = p.spatialRank();
            this.batch = p.batch();
            this.inChannels = p.inChannels();
            this.outChannels = p.outChannels();
            this.inPerGroup = p.inChannelsPerGroup();
            this.outPerGroup = p.outChannelsPerGroup();
            this.inSizes = p.inSizes();
            this.outSizes = p.outSizes();
            this.kernel = p.kernel();
            this.strides = p.strides();
            this.dilations = p.dilations();
            this.padBefore = p.padBefore();
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
            int[] tap = new int[rank];
            int[] first = new int[rank];
            int[] end = new int[rank];
            int[] o = new int[rank];
            float[] partial = new float[CHANNEL_BLOCK * outChannels];
            for (int unit = from; unit < to; unit++) {
                int tapIndex = unit / blocksPerTap;
                int ci0 = (unit % blocksPerTap) * CHANNEL_BLOCK;
                int ci1 = Math.min(inPerGroup, ci0 + CHANNEL_BLOCK);
                decompose(tapIndex, tap);
                if (validOutputRange(tap, first, end)) {
                    accumulateTap(x, dy, dw, tap, tapIndex, ci0, ci1, first, end, o, partial);
                }
            }
        }

        private void decompose(int tapIndex, int[] tap) {
            for (int a = rank - 1; a >= 0; a--) {
                tap[a] = tapIndex % kernel[a];
                tapIndex /= kernel[a];
            }
        }

        /** Per axis, the output positions whose input position for this tap lies inside the input. */
        private boolean validOutputRange(int[] tap, int[] first, int[] end) {
            for (int a = 0; a < rank; a++) {
                int shift = tap[a] * dilations[a] - padBefore[a];
                first[a] = ValidTaps.firstOutput(shift, strides[a]);
                end[a] = ValidTaps.endOutput(shift, inSizes[a], outSizes[a], strides[a]);
                if (first[a] >= end[a]) {
                    return false;
                }
            }
            return true;
        }

        private void accumulateTap(float[] x, float[] dy, float[] dw, int[] tap, int tapIndex, int ci0, int ci1,
                                   int[] first, int[] end, int[] o, float[] partial) {
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
                        xOffset = xOffset * inSizes[a] + o[a] * strides[a] + tap[a] * dilations[a] - padBefore[a];
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
                } while (advance(o, first, end));
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

        private boolean advance(int[] o, int[] first, int[] end) {
            for (int a = rank - 1; a >= 0; a--) {
                if (++o[a] < end[a]) {
                    return true;
                }
                o[a] = first[a];
            }
            return false;
        }
    }
}
