package dev.conv4j.kernel.spatial;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;
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
    /** The axes before the height (none below 3D), the height (a point for 1D) and the width. */
    final CanonicalAxis[] depth;
    final CanonicalAxis height;
    final CanonicalAxis width;
    final int depthInVolume;
    final int depthOutVolume;
    final int depthTaps;
    /** Planes per depth tap (channel groups times stride phases), and floats per position of a plane. */
    final int planes;
    final int positionFloats;
    /** Per width tap: its stride phase and its offset within the plane of that phase. */
    final int[] tapPhase;
    final int[] tapShift;
    /** Positions per slab row: a segment plus what the width taps reach past it. */
    final int planeLength;
    final int segmentLength;
    final int segments;
    final int rowsPerBand;
    final int bands;
    /** Floats of one plane (all its rows) and of one depth tap (all its planes). */
    final int planeFloats;
    final int depthTapFloats;

    /**
     * @param channelGroups  planes per stride phase: a kernel's unit of channels
     * @param positionFloats floats per position in a plane
     * @param alignment      slab rows start at multiples of this many positions
     * @param joinedRows     whether the kernel reads a band as one long row (needs height stride 1)
     */
    Bands(CanonicalConv p, int channelGroups, int positionFloats, int alignment, boolean joinedRows) {
        int rank = p.spatialRank();
        this.batch = p.batch();
        this.inChannels = p.inChannels();
        this.depth = p.axes(0, Math.max(0, rank - 2));
        this.height = p.axisOrPoint(rank - 2);
        this.width = p.axis(rank - 1);
        long inVolume = 1;
        long outVolume = 1;
        long taps = 1;
        for (CanonicalAxis axis : depth) {
            inVolume *= axis.in();
            outVolume *= axis.out();
            taps *= axis.kernel();
        }
        this.depthInVolume = Math.toIntExact(inVolume);
        this.depthOutVolume = Math.toIntExact(outVolume);
        this.depthTaps = Math.toIntExact(taps);
        int stride = width.stride();
        this.planes = channelGroups * stride;
        this.positionFloats = positionFloats;
        this.tapPhase = new int[width.kernel()];
        this.tapShift = new int[width.kernel()];
        for (int t = 0; t < width.kernel(); t++) {
            tapPhase[t] = t * width.dilation() % stride;
            tapShift[t] = t * width.dilation() / stride;
        }

        int outWidth = width.out();
        int reach = (width.extent() - 1) / stride;
        long floatsPerPosition = (long) depthTaps * planes * positionFloats;
        long tallestSlab = height.extent();
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
            if (!joinedRows || height.stride() == 1) {
                long perRow = floatsPerPosition * (outWidth + reach) * height.stride();
                rows = Math.clamp(SLAB_BUDGET / perRow - (tallestSlab - 1), 1, MAX_ROWS);
                long images = (long) batch * depthOutVolume;
                if (images < MIN_UNITS) {
                    rows = Math.clamp(height.out() * images / MIN_UNITS, 1, rows);
                }
            }
            this.rowsPerBand = Math.min(rows, height.out());
        }
        this.planeLength = Math.ceilDiv(segmentLength + reach, alignment) * alignment;
        this.bands = Math.ceilDiv(height.out(), rowsPerBand);
        // slab rows per band: the input rows its output rows read
        int slabRows = height.span(rowsPerBand);
        this.planeFloats = Math.multiplyExact(Math.multiplyExact(slabRows, planeLength), positionFloats);
        this.depthTapFloats = Math.multiplyExact(planes, planeFloats);
    }

    /**
     * The input column that position 0 of a plane row of segment {@code segment} and stride phase
     * {@code phase} holds; position {@code j} holds the column {@code j * stride} further.
     */
    int phaseColumn(int segment, int phase) {
        return width.start(segment * segmentLength) + phase;
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
        private final int[] outCoord = new int[depth.length];
        private final int[] firstTap = new int[depth.length];
        private final int[] endTap = new int[depth.length];
        private final int[] tap = new int[depth.length];
        int segment;
        /** The band's output rows: how many, the first one's index in the output, and the segment's positions. */
        int rows;
        long firstOutputRow;
        int segmentStart;
        int segmentSize;
        /**
         * The segment's end, and its interior (see {@link CanonicalAxis#interiorStart}), for kernels
         * that read the input in place: from {@code interiorFrom} to {@code interiorTo}.
         */
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
            int depthIndex = rest % depthOutVolume;
            image = rest / depthOutVolume;
            int outHeight = height.out();
            firstRow = band * rowsPerBand;
            rows = Math.min(rowsPerBand, outHeight - firstRow);
            firstOutputRow = ((long) image * depthOutVolume + depthIndex) * outHeight + firstRow;
            segmentStart = segment * segmentLength;
            segmentSize = Math.min(segmentLength, width.out() - segmentStart);
            segmentEnd = segmentStart + segmentSize;
            interiorFrom = Math.clamp(width.interiorStart(), segmentStart, segmentEnd);
            interiorTo = Math.clamp(width.interiorEnd(), interiorFrom, segmentEnd);
            depthTapCount = 0;
            if (!clipDepthTaps(depthIndex)) {
                return;
            }
            do {
                int in = 0;
                int tapIndex = 0;
                for (int a = 0; a < depth.length; a++) {
                    in = in * depth[a].in() + depth[a].start(outCoord[a]) + tap[a] * depth[a].dilation();
                    tapIndex = tapIndex * depth[a].kernel() + tap[a];
                }
                depthInputRow[depthTapCount] = ((long) image * depthInVolume + in) * height.in();
                depthTap[depthTapCount++] = tapIndex;
            } while (CanonicalAxis.advance(tap, firstTap, endTap));
        }

        /**
         * The input rows output row {@code r} of the band reads that lie in the input, for units
         * that read it in place: per one, where it starts in the input (width 0, channel 0), in
         * {@code starts}, and its tap index along the depth and height axes
         * ({@code depthTap * kernelHeight + kh}), in {@code taps}, in tap order. Returns how many.
         */
        int inputRows(int r, int[] starts, int[] taps) {
            int count = 0;
            int kernelHeight = height.kernel();
            int rowFloats = width.in() * inChannels;
            for (int d = 0; d < depthTapCount; d++) {
                for (int kh = 0; kh < kernelHeight; kh++) {
                    int ih = height.start(firstRow + r) + kh * height.dilation();
                    if (height.inside(ih)) {
                        starts[count] = Math.toIntExact((depthInputRow[d] + ih) * rowFloats);
                        taps[count++] = depthTap[d] * kernelHeight + kh;
                    }
                }
            }
            return count;
        }

        /** Decodes {@code unit} and copies the input rows it reads into {@code slab}. */
        void load(int unit, float[] input, float[] slab) {
            decode(unit);
            int usedRows = height.span(rows);
            int rowFloats = planeLength * positionFloats;
            for (int d = 0; d < depthTapCount; d++) {
                int slabBase = d * depthTapFloats;
                long inputRows = depthInputRow[d];
                for (int r = 0; r < usedRows; r++) {
                    int ih = height.start(firstRow) + r;
                    int rowOffset = slabBase + r * rowFloats;
                    if (height.inside(ih)) {
                        int inputOffset = Math.toIntExact((inputRows + ih) * width.in() * inChannels);
                        filler.fill(input, inputOffset, segment, slab, rowOffset);
                    } else {
                        for (int plane = 0; plane < planes; plane++) {
                            int at = rowOffset + plane * planeFloats;
                            Arrays.fill(slab, at, at + rowFloats, 0f);
                        }
                    }
                }
            }
        }

        /** Finds the depth taps of output depth coordinate {@code depthIndex} that land in the input; false if none. */
        private boolean clipDepthTaps(int depthIndex) {
            int rest = depthIndex;
            for (int a = depth.length - 1; a >= 0; a--) {
                outCoord[a] = rest % depth[a].out();
                rest /= depth[a].out();
            }
            for (int a = 0; a < depth.length; a++) {
                firstTap[a] = depth[a].firstTap(outCoord[a]);
                endTap[a] = depth[a].endTap(outCoord[a]);
                if (firstTap[a] >= endTap[a]) {
                    return false;
                }
                tap[a] = firstTap[a];
            }
            return true;
        }
    }
}
