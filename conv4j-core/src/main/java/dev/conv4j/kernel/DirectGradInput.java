package dev.conv4j.kernel;

import java.util.Arrays;

/**
 * The input gradient summed over the products that exist and nothing else:
 * {@code dx[i] = sum over taps k and outputs o with o*s - pad + k*d = i of dy[o] . w[k]}, for any
 * rank, stride, dilation and grouping. The forward convolution of the stride-spread output
 * gradient computes the same sum but also multiplies the spread's zeros (between elements and
 * around them) by the weights, which a NaN or infinite weight turns into NaN; this kernel never
 * forms those products, as TensorFlow does not. A work unit is one position of {@code dx} (every
 * channel); the innermost loop runs over contiguous input channels.
 */
public final class DirectGradInput {
    /** This algorithm's name. */
    public static final String NAME = "direct-grad-input";

    private DirectGradInput() {
    }

    /**
     * A kernel computing canonical {@code dx [N, in..., C]} from canonical {@code dy [N, out..., C_out]}
     * ({@link ConvKernel#compute}'s input and output) for the forward problem {@code p}, with the
     * filter in {@link TransposedFilter}'s layout.
     */
    public static ConvKernel prepare(CanonicalConv p, float[] transposedFilter) {
        return new Kernel(p, transposedFilter);
    }

    private static final class Kernel implements ConvKernel {
        private final int rank;
        private final int inChannels;
        private final int outChannels;
        private final int groups;
        private final int inPerGroup;
        private final int outPerGroup;
        private final int taps;
        private final float[] filter;
        private final int[] inSizes;
        private final int[] outSizes;
        private final int positionsPerImage;
        private final int units;
        /** Per axis and input coordinate: the taps that read it, and the output each belongs to. */
        private final int[][][] tapsAt;
        private final int[][][] outputsAt;
        /** Taps between neighbours along each kernel axis. */
        private final int[] tapStride;

        Kernel(CanonicalConv p, float[] filter) {
            this.rank = p.spatialRank();
            this.inChannels = p.inChannels();
            this.outChannels = p.outChannels();
            this.groups = p.groups();
            this.inPerGroup = p.inChannelsPerGroup();
            this.outPerGroup = p.outChannelsPerGroup();
            this.taps = Math.toIntExact(p.kernelVolume());
            this.filter = filter;
            this.inSizes = p.inSizes().clone();
            this.outSizes = p.outSizes().clone();
            this.positionsPerImage = Math.toIntExact(p.inputVolume());
            this.units = Math.multiplyExact(positionsPerImage, p.batch());
            this.tapsAt = new int[rank][][];
            this.outputsAt = new int[rank][][];
            this.tapStride = new int[rank];
            int stride = 1;
            for (int a = rank - 1; a >= 0; a--) {
                tapStride[a] = stride;
                stride *= p.kernel()[a];
            }
            for (int a = 0; a < rank; a++) {
                CanonicalAxis axis = p.axis(a);
                tapsAt[a] = new int[axis.in()][];
                outputsAt[a] = new int[axis.in()][];
                for (int i = 0; i < axis.in(); i++) {
                    int[] k = new int[axis.kernel()];
                    int[] o = new int[k.length];
                    int count = 0;
                    for (int tap = 0; tap < k.length; tap++) {
                        // input i is tap's read of output reach / stride, when that is a whole output
                        int reach = i - axis.shift(tap);
                        if (reach >= 0 && reach % axis.stride() == 0 && reach / axis.stride() < axis.out()) {
                            k[count] = tap;
                            o[count++] = reach / axis.stride();
                        }
                    }
                    tapsAt[a][i] = Arrays.copyOf(k, count);
                    outputsAt[a][i] = Arrays.copyOf(o, count);
                }
            }
        }

        @Override
        public int workUnits() {
            return units;
        }

        @Override
        public void compute(float[] dy, float[] dx, int from, int to) {
            int[] coord = new int[rank];
            int[] pair = new int[rank];
            for (int position = from; position < to; position++) {
                int image = position / positionsPerImage;
                int rest = position % positionsPerImage;
                for (int a = rank - 1; a >= 0; a--) {
                    coord[a] = rest % inSizes[a];
                    rest /= inSizes[a];
                }
                int dxOffset = position * inChannels;
                Arrays.fill(dx, dxOffset, dxOffset + inChannels, 0f);
                accumulatePosition(dy, dx, dxOffset, image, coord, pair);
            }
        }

        private void accumulatePosition(float[] dy, float[] dx, int dxOffset, int image, int[] coord, int[] pair) {
            for (int a = 0; a < rank; a++) {
                if (tapsAt[a][coord[a]].length == 0) {
                    return;
                }
                pair[a] = 0;
            }
            do {
                int tapIndex = 0;
                int dyOffset = image;
                for (int a = 0; a < rank; a++) {
                    tapIndex += tapsAt[a][coord[a]][pair[a]] * tapStride[a];
                    dyOffset = dyOffset * outSizes[a] + outputsAt[a][coord[a]][pair[a]];
                }
                accumulateProduct(dy, dyOffset * outChannels, (taps - 1 - tapIndex) * outPerGroup * inChannels,
                        dx, dxOffset);
            } while (nextPair(coord, pair));
        }

        private boolean nextPair(int[] coord, int[] pair) {
            for (int a = rank - 1; a >= 0; a--) {
                if (++pair[a] < tapsAt[a][coord[a]].length) {
                    return true;
                }
                pair[a] = 0;
            }
            return false;
        }

        /** {@code dx[g, :] += dy[o][g, co] * w'[k][co][g, :]} over every group and output channel. */
        private void accumulateProduct(float[] dy, int dyOffset, int filterOffset, float[] dx, int dxOffset) {
            for (int g = 0; g < groups; g++) {
                int dxBase = dxOffset + g * inPerGroup;
                for (int co = 0; co < outPerGroup; co++) {
                    float gradient = dy[dyOffset + g * outPerGroup + co];
                    int w = filterOffset + co * inChannels + g * inPerGroup;
                    for (int ci = 0; ci < inPerGroup; ci++) {
                        dx[dxBase + ci] += gradient * filter[w + ci];
                    }
                }
            }
        }
    }
}
