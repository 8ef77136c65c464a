package dev.conv4j.kernel;

import java.util.Arrays;
import java.util.Optional;

/**
 * The direct convolution for any rank, stride, dilation, padding and grouping: for each output
 * position, for each kernel tap that lands inside the input, add {@code x[ci] * w[tap][ci][:]}
 * to the output row. The innermost loop runs over contiguous output channels, which the JIT
 * vectorises. It accepts every canonical problem, so the planner always ends here.
 *
 * <p>Taps that fall in the padding are skipped by clipping each axis's tap range once per
 * output coordinate (tables built when the kernel is prepared), not by a test per tap.
 */
public final class DirectConv implements ConvAlgorithm {

    /** The algorithm; it holds nothing, its kernels hold the prepared problems. */
    public DirectConv() {
    }

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public Optional<String> rejection(CanonicalConv problem) {
        return Optional.empty();
    }

    @Override
    public boolean multipliesZeroPadding() {
        return false;
    }

    @Override
    public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
        return kernel(problem, filter, bias);
    }

    /** The prepared kernel, which other kernels also use to recompute single positions. */
    public static Kernel kernel(CanonicalConv problem, float[] filter, float[] bias) {
        return new Kernel(problem, filter, bias);
    }

    /** The direct kernel for one problem: whole work units, or one output position at a time. */
    public static final class Kernel implements ConvKernel {
        private final int rank;
        private final int batch;
        private final int outChannels;
        private final int groups;
        private final int inPerGroup;
        private final int outPerGroup;
        private final float[] filter;
        private final float[] bias;
        private final int[] outSizes;
        private final int[] dilations;
        /** Elements between neighbours along each spatial axis of the input, and between images. */
        private final int[] inStride;
        private final int inBatchStride;
        /** Taps between neighbours along each kernel axis. */
        private final int[] tapStride;
        private final int positionsPerImage;
        /** Per axis and output coordinate: first input coordinate of tap 0, and the valid tap range. */
        private final int[][] firstInput;
        private final int[][] firstTap;
        private final int[][] endTap;

        Kernel(CanonicalConv p, float[] filter, float[] bias) {
            this.rank = p.spatialRank();
            this.batch = p.batch();
            this.outChannels = p.outChannels();
            this.groups = p.groups();
            this.inPerGroup = p.inChannelsPerGroup();
            this.outPerGroup = p.outChannelsPerGroup();
            this.filter = filter;
            this.bias = bias;
            this.outSizes = p.outSizes().clone();
            this.dilations = p.dilations().clone();
            this.inStride = new int[rank];
            this.tapStride = new int[rank];
            int in = p.inChannels();
            int taps = 1;
            for (int a = rank - 1; a >= 0; a--) {
                inStride[a] = in;
                in *= p.inSizes()[a];
                tapStride[a] = taps;
                taps *= p.kernel()[a];
            }
            this.inBatchStride = in;
            this.positionsPerImage = Math.toIntExact(p.outputVolume());
            this.firstInput = new int[rank][];
            this.firstTap = new int[rank][];
            this.endTap = new int[rank][];
            for (int a = 0; a < rank; a++) {
                CanonicalAxis.TapTable axisTaps = p.axis(a).tapTable();
                firstInput[a] = axisTaps.start();
                firstTap[a] = axisTaps.first();
                endTap[a] = axisTaps.end();
            }
        }

        @Override
        public int workUnits() {
            return Math.toIntExact((long) positionsPerImage * batch);
        }

        @Override
        public void compute(float[] input, float[] output, int from, int to) {
            int[] coord = new int[rank];
            int[] tap = new int[rank];
            int image = from / positionsPerImage;
            int rest = from % positionsPerImage;
            for (int a = rank - 1; a >= 0; a--) {
                coord[a] = rest % outSizes[a];
                rest /= outSizes[a];
            }
            for (int position = from; position < to; position++) {
                computePosition(input, output, image, coord, tap, position * outChannels);
                if (advance(coord, outSizes)) {
                    image++;
                }
            }
        }

        /**
         * Output position {@code position} (batch-major, as the work units count them), every
         * output channel, into {@code row[0, C_out)}.
         */
        public void computePosition(float[] input, int position, float[] row) {
            int[] coord = new int[rank];
            int rest = position % positionsPerImage;
            for (int a = rank - 1; a >= 0; a--) {
                coord[a] = rest % outSizes[a];
                rest /= outSizes[a];
            }
            computePosition(input, row, position / positionsPerImage, coord, new int[rank], 0);
        }

        /** Moves an odometer one step; true when it wrapped around to all zeros. */
        private static boolean advance(int[] counter, int[] sizes) {
            for (int a = counter.length - 1; a >= 0; a--) {
                if (++counter[a] < sizes[a]) {
                    return false;
                }
                counter[a] = 0;
            }
            return true;
        }

        private void computePosition(float[] input, float[] output, int image, int[] coord, int[] tap, int outOffset) {
            if (bias != null) {
                System.arraycopy(bias, 0, output, outOffset, outChannels);
            } else {
                Arrays.fill(output, outOffset, outOffset + outChannels, 0f);
            }
            for (int a = 0; a < rank; a++) {
                tap[a] = firstTap[a][coord[a]];
                if (tap[a] >= endTap[a][coord[a]]) {
                    return;
                }
            }
            int imageOffset = image * inBatchStride;
            do {
                int inOffset = imageOffset;
                int tapIndex = 0;
                for (int a = 0; a < rank; a++) {
                    inOffset += (firstInput[a][coord[a]] + tap[a] * dilations[a]) * inStride[a];
                    tapIndex += tap[a] * tapStride[a];
                }
                accumulateTap(input, inOffset, tapIndex * inPerGroup * outChannels, output, outOffset);
            } while (nextTap(coord, tap));
        }

        private boolean nextTap(int[] coord, int[] tap) {
            for (int a = rank - 1; a >= 0; a--) {
                if (++tap[a] < endTap[a][coord[a]]) {
                    return true;
                }
                tap[a] = firstTap[a][coord[a]];
            }
            return false;
        }

        private void accumulateTap(float[] input, int inOffset, int filterOffset, float[] output, int outOffset) {
            for (int g = 0; g < groups; g++) {
                int outBase = outOffset + g * outPerGroup;
                for (int ci = 0; ci < inPerGroup; ci++) {
                    float x = input[inOffset + g * inPerGroup + ci];
                    int w = filterOffset + ci * outChannels + g * outPerGroup;
                    for (int co = 0; co < outPerGroup; co++) {
                        output[outBase + co] += x * filter[w + co];
                    }
                }
            }
        }
    }
}
