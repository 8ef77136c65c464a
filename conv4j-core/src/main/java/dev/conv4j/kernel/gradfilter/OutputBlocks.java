package dev.conv4j.kernel.gradfilter;

/**
 * How a tile row of {@code vectors} output-channel vectors is cut into micro-kernel tiles: as
 * many of the widest tile as fit, then one of two vectors and one of one for what is left (a
 * {@link GradTile} takes one, two or four vectors).
 *
 * @param firstVector the first vector of each block
 * @param vectors     the vectors of each block
 */
record OutputBlocks(int[] firstVector, int[] vectors) {

    static OutputBlocks of(int vectors, int widest) {
        int widestBlocks = vectors / widest;
        int count = widestBlocks + Integer.bitCount(vectors % widest);
        int[] first = new int[count];
        int[] widths = new int[count];
        int vector = 0;
        for (int b = 0; b < count; b++) {
            int width = b < widestBlocks ? widest : Integer.highestOneBit(vectors - vector);
            first[b] = vector;
            widths[b] = width;
            vector += width;
        }
        return new OutputBlocks(first, widths);
    }

    int count() {
        return vectors.length;
    }
}
