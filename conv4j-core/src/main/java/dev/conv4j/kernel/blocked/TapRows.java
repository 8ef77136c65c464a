package dev.conv4j.kernel.blocked;

import dev.conv4j.kernel.CanonicalAxis;
import dev.conv4j.kernel.CanonicalConv;

/**
 * The input rows an output row reads, for the kernels that tile along the last spatial axis
 * ({@link BlockedKernel}, {@link PlanarKernel}). An output <em>row</em> is one image and one
 * coordinate on every spatial axis but the last ({@code n, d, h} for 3D); each tap of the other
 * axes that lands inside the input gives one input row. Rows cut by padding along those axes
 * simply read fewer input rows, in the same order (the taps' flat index ascending).
 */
final class TapRows {
    private final CanonicalAxis[] outer;
    /** Input elements between neighbours along each outer axis, and between images. */
    private final int[] inAxisStride;
    private final int inImageStride;
    /** Flat index of outer taps: steps per outer axis. */
    private final int[] tapAxisStride;
    private final int outerTaps;
    /** Per outer axis and output coordinate: input coordinate of tap 0, and the taps that land inside. */
    private final CanonicalAxis.TapTable[] tapTables;
    private final int rowsPerImage;
    private final int rows;

    TapRows(CanonicalConv p) {
        int last = p.spatialRank() - 1;
        this.outer = p.axes(0, last);
        this.inAxisStride = new int[last];
        this.tapAxisStride = new int[last];
        int inStride = p.inChannels() * p.axis(last).in();
        int taps = 1;
        for (int a = last - 1; a >= 0; a--) {
            inAxisStride[a] = inStride;
            inStride *= outer[a].in();
            tapAxisStride[a] = taps;
            taps *= outer[a].kernel();
        }
        this.inImageStride = inStride;
        this.outerTaps = taps;
        this.tapTables = new CanonicalAxis.TapTable[last];
        int outerPositions = 1;
        for (int a = 0; a < last; a++) {
            tapTables[a] = outer[a].tapTable();
            outerPositions *= outer[a].out();
        }
        this.rowsPerImage = outerPositions;
        this.rows = p.batch() * outerPositions;
    }

    /** Taps of the axes but the last: at most this many input rows per output row. */
    int outerTaps() {
        return outerTaps;
    }

    /** Output rows of the whole problem, images included. */
    int rows() {
        return rows;
    }

    /** One thread's walk over an output row's input rows (it keeps the odometer's counters). */
    Finder finder() {
        return new Finder();
    }

    final class Finder {
        private final int[] coordinate = new int[outer.length];
        private final int[] tap = new int[outer.length];
        private final int[] firstTap = new int[outer.length];
        private final int[] endTap = new int[outer.length];

        /**
         * Fills, per input row that output row {@code row} reads, the input offset of its
         * {@code w = 0, c = 0} into {@code starts} and its flat outer tap into {@code taps}; returns
         * how many there are (none when padding cuts every tap of some axis).
         */
        int find(int row, int[] starts, int[] taps) {
            int image = row / rowsPerImage;
            int rest = row % rowsPerImage;
            for (int a = outer.length - 1; a >= 0; a--) {
                coordinate[a] = rest % outer[a].out();
                rest /= outer[a].out();
            }
            for (int a = 0; a < outer.length; a++) {
                firstTap[a] = tapTables[a].first()[coordinate[a]];
                endTap[a] = tapTables[a].end()[coordinate[a]];
                if (firstTap[a] >= endTap[a]) {
                    return 0;
                }
                tap[a] = firstTap[a];
            }
            int found = 0;
            do {
                int start = image * inImageStride;
                int outerTap = 0;
                for (int a = 0; a < outer.length; a++) {
                    start += (tapTables[a].start()[coordinate[a]] + tap[a] * outer[a].dilation()) * inAxisStride[a];
                    outerTap += tap[a] * tapAxisStride[a];
                }
                starts[found] = start;
                taps[found++] = outerTap;
            } while (CanonicalAxis.advance(tap, firstTap, endTap));
            return found;
        }
    }
}
