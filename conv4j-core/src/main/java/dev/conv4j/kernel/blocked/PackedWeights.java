package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.simd.ArrayAlignment;

/**
 * The filter packed once per plan for {@link TileKernel}: the output channels of each group cut
 * into blocks of the tile shape's {@link TileShape#maxVectors()} vectors (the last block of a
 * group may be narrower), and each block stored as {@code [reduction][width]} so a tile streams it front to back.
 * The reduction index is the canonical filter's {@code tap * inPerGroup + ci}. Lanes past a
 * group's last output channel hold zeros, and so does the bias packed alongside.
 */
final class PackedWeights {
    private final int lanes;
    private final int outPerGroup;
    private final int blocksPerGroup;
    /** Per block (group-major): vectors, first channel within the group, and where its weights and bias start. */
    private final int[] vectors;
    private final int[] firstChannel;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final float[] weights;
    private final float[] bias;

    /**
     * @param filter    canonical {@code [taps, inPerGroup, groups * outPerGroup]}
     * @param biasOrNull one value per output channel, or null for none
     */
    PackedWeights(float[] filter, float[] biasOrNull, int taps, int inPerGroup, int groups, int outPerGroup,
                  TileShape shape) {
        this(filter, biasOrNull, taps, inPerGroup, groups, outPerGroup, shape, false);
    }

    /**
     * @param wholeBlocks whether every block is {@code maxVectors} wide, the last one of a group
     *                    padded with zero vectors, for kernels that have no narrower tile
     */
    PackedWeights(float[] filter, float[] biasOrNull, int taps, int inPerGroup, int groups, int outPerGroup,
                  TileShape shape, boolean wholeBlocks) {
        this.lanes = shape.lanes();
        this.outPerGroup = outPerGroup;
        int maxVectors = shape.maxVectors();
        int vectorsPerGroup = ceilDiv(outPerGroup, lanes);
        this.blocksPerGroup = ceilDiv(vectorsPerGroup, maxVectors);
        int blocks = groups * blocksPerGroup;
        long reduction = (long) taps * inPerGroup;
        this.vectors = new int[blocks];
        this.firstChannel = new int[blocks];
        this.weightOffset = new int[blocks];
        this.biasOffset = new int[blocks];
        // the first block on a vector boundary where the JVM's alignment is known, and so every block
        // (whole vectors wide): a tile loads a vector of weights per two to seven multiply-adds
        int start = ArrayAlignment.scratchStart();
        long packedWeights = start;
        int packedBias = start;
        for (int b = 0; b < blocks; b++) {
            int inGroup = b % blocksPerGroup;
            vectors[b] = wholeBlocks ? maxVectors : Math.min(maxVectors, vectorsPerGroup - inGroup * maxVectors);
            firstChannel[b] = inGroup * maxVectors * lanes;
            weightOffset[b] = Math.toIntExact(packedWeights);
            biasOffset[b] = packedBias;
            packedWeights += reduction * width(b);
            packedBias += width(b);
        }
        this.weights = new float[Math.toIntExact(packedWeights)];
        this.bias = new float[packedBias];
        int outChannels = groups * outPerGroup;
        for (int b = 0; b < blocks; b++) {
            int firstOutput = group(b) * outPerGroup + firstChannel[b];
            int width = width(b);
            int valid = channels(b);
            for (int red = 0; red < reduction; red++) {
                System.arraycopy(filter, red * outChannels + firstOutput, weights, weightOffset[b] + red * width, valid);
            }
            if (biasOrNull != null) {
                System.arraycopy(biasOrNull, firstOutput, bias, biasOffset[b], valid);
            }
        }
    }

    /** The packed weights' size for a problem, without packing: to reject what would not fit in an array. */
    static long packedLength(int taps, int inPerGroup, int groups, int outPerGroup, int lanes) {
        return (long) taps * inPerGroup * groups * ceilDiv(outPerGroup, lanes) * lanes;
    }

    int blocks() {
        return vectors.length;
    }

    int group(int block) {
        return block / blocksPerGroup;
    }

    int vectors(int block) {
        return vectors[block];
    }

    int width(int block) {
        return vectors[block] * lanes;
    }

    /** The block's first output channel, counted within its group. */
    int firstChannel(int block) {
        return firstChannel[block];
    }

    /** The block's real (unpadded) output channels. */
    int channels(int block) {
        return Math.min(width(block), outPerGroup - firstChannel[block]);
    }

    int weightOffset(int block) {
        return weightOffset[block];
    }

    int biasOffset(int block) {
        return biasOffset[block];
    }

    float[] weights() {
        return weights;
    }

    float[] bias() {
        return bias;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
