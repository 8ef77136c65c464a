package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ValidTaps;
import java.util.Arrays;

/**
 * How the spatial and depthwise kernels cut a convolution of any rank into work units, and the
 * slab each unit copies its input into. The last spatial axis is the width W, the one before it
 * the height H (a 1D convolution has a height of 1), and any axes before those are depth axes D.
 * A unit is a band of consecutive output rows (or, for very long rows, a segment of one row) of
 * one image and one depth coordinate.
 *
 * <p>The slab holds, zero-padded, every input row the band reads, in the layout the kernel wants
 * ({@link RowFiller}): per depth tap, per plane (a channel or a block of channels, times the
 * width stride's phases), the band's input rows one after another, each {@link #planeLength}
 * positions of {@link #width} floats. The kernels then never test a border: taps along the
 * depth axes that land in the padding are clipped once per unit, along H and W the slab holds
 * the zeros. Where the kernel joins rows ({@code joinedRows}), output row {@code r + 1} continues
 * output row {@code r} in memory, so a band of short rows can be treated as one long row.
 */
final class Bands {
    /** Slab floats a unit aims at: within L2 with room to spare. */
    private static final int SLAB_BUDGET = 48 * 1024;
    /** The most output rows per band: more only saves per-unit work that is already small. */
    private static final int MAX_ROWS = 16;
    /** Bands are kept small enough that the units outnumber the threads a few times over. */
    private static final int MIN_UNITS = 8;
    /** Segments of very long rows: short enough to share a single 1D signal among threads. */
    private static final int MAX_SEGMENT = 8192;

    /** Copies one input row into its row of every plane of a slab. */
    @FunctionalInterface
    interface RowFiller {
        /**
         * @param input       the canonical input
         * @param inputOffset where the input row starts (width 0, channel 0)
         * @param segment     which segment of the output row the unit computes
         * @param slab        the slab
         * @param rowOffset   where the row starts in the first plane; in plane {@code k} it starts
         *                    {@code k * planeFloats} further
         */
        void fill(float[] input, int inputOffset, int segment, float[] slab, int rowOffset);
    }

    final int batch;
    final int inChannels;
    final int depthRank;
    final int[] depthIn;
    final int[] depthKernel;
    final int[] depthStride;
    final int[] depthDilation;
    final int[] depthPad;
    final int[] depthOut;
    final int depthInVolume;
    final int depthOutVolume;
    final int depthTaps;
    final int inHeight;
    final int kernelHeight;
    final int strideHeight;
    final int dilationHeight;
    final int padHeight;
    final int outHeight;
    final int inWidth;
    final int kernelWidth;
    final int strideWidth;
    final int dilationWidth;
    final int padWidth;
    final int outWidth;
    /** Planes per depth tap (channel groups times stride phases), and floats per position of a plane. */
    final int planes;
    final int width;
    /** Positions per slab row: a segment plus what the width taps reach past it. */
    final int planeLength;
    final int segmentLength;
    final int segments;
    final int rowsPerBand;
    final int bands;
    /** Slab rows per band: the input rows its output rows read. */
    final int slabRows;
    /** Floats of one plane (all its rows) and of one depth tap (all its planes). */
    final int planeFloats;
    final int depthTapFloats;
    /**
     * With a width stride of 1, the interior of an output row, for kernels that read the input in
     * place: the positions from {@code interiorStart} to {@code interiorEnd}, whose width taps all
     * land in the input row.
     */
    final int interiorStart;
    final int interiorEnd;

    /**
     * @param channelGroups planes per stride phase: a kernel's unit of channels
     * @param width         floats per position in a plane
     * @param alignment     slab rows start at multiples of this many positions
     * @param joinedRows    whether the kernel reads a band as one long row (needs height stride 1)
     */
    Bands(CanonicalConv p, int channelGroups, int width, int alignment, boolean joinedRows) {
        int rank = p.spatialRank();
        this.batch = p.batch();
        this.inChannels = p.inChannels();
        this.depthRank = Math.max(0, rank - 2);
        this.depthIn = Arrays.copyOf(p.inSizes(), depthRank);
        this.depthKernel = Arrays.copyOf(p.kernel(), depthRank);
        this.depthStride = Arrays.copyOf(p.strides(), depthRank);
        this.depthDilation = Arrays.copyOf(p.dilations(), depthRank);
        this.depthPad = Arrays.copyOf(p.padBefore(), depthRank);
        this.depthOut = Arrays.copyOf(p.outSizes(), depthRank);
        this.depthInVolume = Math.toIntExact(product(depthIn));
        this.depthOutVolume = Math.toIntExact(product(depthOut));
        this.depthTaps = Math.toIntExact(product(depthKernel));
        int h = rank - 2;
        this.inHeight = h >= 0 ? p.inSizes()[h] : 1;
        this.kernelHeight = h >= 0 ? p.kernel()[h] : 1;
        this.strideHeight = h >= 0 ? p.strides()[h] : 1;
        this.dilationHeight = h >= 0 ? p.dilations()[h] : 1;
        this.padHeight = h >= 0 ? p.padBefore()[h] : 0;
        this.outHeight = h >= 0 ? p.outSizes()[h] : 1;
        int w = rank - 1;
        this.inWidth = p.inSizes()[w];
        this.kernelWidth = p.kernel()[w];
        this.strideWidth = p.strides()[w];
        this.dilationWidth = p.dilations()[w];
        this.padWidth = p.padBefore()[w];
        this.outWidth = p.outSizes()[w];
        this.planes = channelGroups * strideWidth;
        this.width = width;

        int reach = (kernelWidth - 1) * dilationWidth / strideWidth;
        long floatsPerPosition = (long) depthTaps * planes * width;
        long tallestSlab = (long) (kernelHeight - 1) * dilationHeight + 1;
        if (floatsPerPosition * tallestSlab * (outWidth + reach) > SLAB_BUDGET) {
            // rows too long for a band: segments of one row
            long fit = SLAB_BUDGET / (floatsPerPosition * tallestSlab) - reach;
            int maxSegment = Math.clamp(fit, alignment, MAX_SEGMENT);
            this.segmentLength = Math.ceilDiv(outWidth, Math.ceilDiv(outWidth, maxSegment));
            this.segments = Math.ceilDiv(outWidth, segmentLength);
            this.rowsPerBand = 1;
        } else {
            this.segmentLength = outWidth;
            this.segments = 1;
            int rows = 1;
            if (!joinedRows || strideHeight == 1) {
                long perRow = floatsPerPosition * (outWidth + reach) * strideHeight;
                rows = Math.clamp(SLAB_BUDGET / perRow - (tallestSlab - 1), 1, MAX_ROWS);
                long images = (long) batch * depthOutVolume;
                if (images < MIN_UNITS) {
                    rows = Math.clamp(outHeight * images / MIN_UNITS, 1, rows);
                }
            }
            this.rowsPerBand = Math.min(rows, outHeight);
        }
        this.planeLength = Math.ceilDiv(segmentLength + reach, alignment) * alignment;
        this.bands = Math.ceilDiv(outHeight, rowsPerBand);
        this.slabRows = (rowsPerBand - 1) * strideHeight + (kernelHeight - 1) * dilationHeight + 1;
        this.planeFloats = Math.multiplyExact(Math.multiplyExact(slabRows, planeLength), width);
        this.depthTapFloats = Math.multiplyExact(planes, planeFloats);
        this.interiorStart = Math.min(padWidth, outWidth);
        this.interiorEnd = Math.clamp((long) inWidth + padWidth - (long) (kernelWidth - 1) * dilationWidth,
                interiorStart, outWidth);
    }

    private static long product(int[] values) {
        long p = 1;
        for (int v : values) {
            p *= v;
        }
        return p;
    }

    int units() {
        return Math.toIntExact((long) batch * depthOutVolume * bands * segments);
    }

    /** A unit's whole slab, plus {@code slack} floats that vector loads running past its end may read. */
    float[] newSlab(int slack) {
        return new float[Math.addExact(Math.multiplyExact(depthTaps, depthTapFloats), slack)];
    }

    /** The unit at hand, decoded, with its slab filled; one per {@code compute} call, so threads share nothing. */
    final class Unit {
        private final RowFiller filler;
        private final int[] outCoord = new int[depthRank];
        private final int[] firstTap = new int[depthRank];
        private final int[] endTap = new int[depthRank];
        private final int[] tap = new int[depthRank];
        int segment;
        /** The band's output rows: how many, the first one's index in the output, and the segment's positions. */
        int rows;
        long firstOutputRow;
        int segmentStart;
        int segmentSize;
        /** The segment's end, and its interior (see {@link Bands#interiorStart}): from {@code interiorFrom} to {@code interiorTo}. */
        int segmentEnd;
        int interiorFrom;
        int interiorTo;
        /** Depth taps that land in the input, and per one the depth tap index (the slab holds them in this order). */
        int depthTapCount;
        final int[] depthTap = new int[depthTaps];
        /** Per depth tap that lands in the input: the input's first row of that depth coordinate, in rows of the image batch. */
        final long[] depthInputRow = new long[depthTaps];
        /** The band's image and its first output row (within its depth coordinate). */
        int image;
        int firstRow;

        Unit(RowFiller filler) {
            this.filler = filler;
        }

        /**
         * Decodes {@code unit}: its rows and segment, and the depth taps that land in the input
         * (with their input rows).
         */
        void decode(int unit) {
            segment = unit % segments;
            int rest = unit / segments;
            int band = rest % bands;
            rest /= bands;
            int depth = rest % depthOutVolume;
            image = rest / depthOutVolume;
            firstRow = band * rowsPerBand;
            rows = Math.min(rowsPerBand, outHeight - firstRow);
            firstOutputRow = ((long) image * depthOutVolume + depth) * outHeight + firstRow;
            segmentStart = segment * segmentLength;
            segmentSize = Math.min(segmentLength, outWidth - segmentStart);
            segmentEnd = segmentStart + segmentSize;
            interiorFrom = Math.clamp(interiorStart, segmentStart, segmentEnd);
            interiorTo = Math.clamp(interiorEnd, interiorFrom, segmentEnd);
            depthTapCount = 0;
            if (!clipDepthTaps(depth)) {
                return;
            }
            do {
                int in = 0;
                int tapIndex = 0;
                for (int a = 0; a < depthRank; a++) {
                    in = in * depthIn[a] + outCoord[a] * depthStride[a] - depthPad[a] + tap[a] * depthDilation[a];
                    tapIndex = tapIndex * depthKernel[a] + tap[a];
                }
                depthInputRow[depthTapCount] = ((long) image * depthInVolume + in) * inHeight;
                depthTap[depthTapCount++] = tapIndex;
            } while (nextTap());
        }

        /**
         * The input rows output row {@code r} of the band reads that lie in the input, for units
         * that read it in place: per one, where it starts in the input (width 0, channel 0), in
         * {@code starts}, and its tap index along the depth and height axes
         * ({@code depthTap * kernelHeight + kh}), in {@code taps}, in tap order. Returns how many.
         */
        int inputRows(int r, int[] starts, int[] taps) {
            int count = 0;
            for (int d = 0; d < depthTapCount; d++) {
                for (int kh = 0; kh < kernelHeight; kh++) {
                    int ih = (firstRow + r) * strideHeight - padHeight + kh * dilationHeight;
                    if (ih >= 0 && ih < inHeight) {
                        starts[count] = Math.toIntExact((depthInputRow[d] + ih) * inWidth * inChannels);
                        taps[count++] = depthTap[d] * kernelHeight + kh;
                    }
                }
            }
            return count;
        }

        /** Decodes {@code unit} and copies the input rows it reads into {@code slab}. */
        void load(int unit, float[] input, float[] slab) {
            decode(unit);
            int usedRows = (rows - 1) * strideHeight + (kernelHeight - 1) * dilationHeight + 1;
            for (int d = 0; d < depthTapCount; d++) {
                int slabBase = d * depthTapFloats;
                long inputRows = depthInputRow[d];
                for (int r = 0; r < usedRows; r++) {
                    int ih = firstRow * strideHeight - padHeight + r;
                    int rowOffset = slabBase + r * planeLength * width;
                    if (ih >= 0 && ih < inHeight) {
                        int inputOffset = Math.toIntExact((inputRows + ih) * inWidth * inChannels);
                        filler.fill(input, inputOffset, segment, slab, rowOffset);
                    } else {
                        for (int plane = 0; plane < planes; plane++) {
                            int at = rowOffset + plane * planeFloats;
                            Arrays.fill(slab, at, at + planeLength * width, 0f);
                        }
                    }
                }
            }
        }

        /** Finds the depth taps of output depth coordinate {@code depthIndex} that land in the input; false if none. */
        private boolean clipDepthTaps(int depthIndex) {
            int rest = depthIndex;
            for (int a = depthRank - 1; a >= 0; a--) {
                outCoord[a] = rest % depthOut[a];
                rest /= depthOut[a];
            }
            for (int a = 0; a < depthRank; a++) {
                int start = outCoord[a] * depthStride[a] - depthPad[a];
                firstTap[a] = ValidTaps.first(start, depthKernel[a], depthDilation[a]);
                endTap[a] = ValidTaps.end(start, depthIn[a], depthKernel[a], depthDilation[a]);
                if (firstTap[a] >= endTap[a]) {
                    return false;
                }
                tap[a] = firstTap[a];
            }
            return true;
        }

        private boolean nextTap() {
            for (int a = depthRank - 1; a >= 0; a--) {
                if (++tap[a] < endTap[a]) {
                    return true;
                }
                tap[a] = firstTap[a];
            }
            return false;
        }
    }
}
