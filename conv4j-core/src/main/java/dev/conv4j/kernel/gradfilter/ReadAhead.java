package dev.conv4j.kernel.gradfilter;

/**
 * Reads the data a thread's next chunk will read into the caches while the current chunk is
 * computed, a few cache lines at a time. A chunk's tiles sweep data they are the first to read
 * faster than the hardware prefetchers run ahead of them, so without this the first tiles of a
 * chunk wait for memory line by line. Java has no prefetch instruction; this reads one float of
 * each line instead. It moves data only and leaves every sum as it was.
 *
 * <p>{@link #clear} and {@link #add} note the next chunk's ranges of the input or the output
 * gradient. They are then read in one of two ways. Between tiles: {@link #spread} spreads them over
 * the steps of the current chunk, and each {@link #step} reads the next share. Or inside the tile's
 * loop, one line per iteration ({@link GradTile#accumulateReadingAhead}): {@link #source},
 * {@link #position} and {@link #last} say where the next step's runs read, {@link #advance} moves
 * past what they read. A read between tiles that misses the caches holds up the tile after it once
 * the processor's window of instructions fills; a read every few dozen multiply-adds inside the
 * loop overlaps with them.
 */
final class ReadAhead {
    /** Floats per cache line: the step of reading. */
    static final int LINE_FLOATS = 16;

    private final boolean[] input;
    private final int[] from;
    private final int[] to;
    private int ranges;
    private int range;
    private int at;
    private int perStep;
    /** The sum of what was read, kept so that the reads are not optimised away. */
    private float sum;

    /** @param maxRanges the most ranges a chunk notes */
    ReadAhead(int maxRanges) {
        this.input = new boolean[maxRanges];
        this.from = new int[maxRanges];
        this.to = new int[maxRanges];
    }

    /** Forgets the ranges: no reading ahead until new ones are noted. */
    void clear() {
        ranges = 0;
        range = 0;
        at = 0;
        perStep = 0;
    }

    /** Notes floats {@code [start, end)} of the input ({@code fromInput}) or of the output gradient; returns their cache lines. */
    int add(boolean fromInput, int start, int end) {
        if (start >= end) {
            return 0;
        }
        if (ranges == 0) {
            at = start;
        }
        input[ranges] = fromInput;
        from[ranges] = start;
        to[ranges] = end;
        ranges++;
        return (end - start) / LINE_FLOATS + 1;
    }

    /** Spreads {@code lines} noted lines over {@code steps} steps. */
    void spread(long lines, int steps) {
        range = 0;
        at = ranges > 0 ? from[0] : 0;
        perStep = (int) (lines / Math.max(1, steps)) + 1;
    }

    /** Reads one float of each of the next lines of this step's share. */
    void step(float[] x, float[] dy) {
        float s = 0;
        for (int n = 0; n < perStep && range < ranges; ) {
            if (at >= to[range]) {
                if (++range < ranges) {
                    at = from[range];
                }
                continue;
            }
            s += input[range] ? x[at] : dy[at];
            at += LINE_FLOATS;
            n++;
        }
        sum += s;
    }

    /** The array the next read is in: {@code x} or {@code dy}; {@code dy} once everything was read. */
    float[] source(float[] x, float[] dy) {
        return range < ranges && input[range] ? x : dy;
    }

    /** Where in {@link #source} the next read is. */
    int position() {
        return range < ranges ? at : 0;
    }

    /** The last float a step's runs may read: the last line of the step's share, within the current range. */
    int last() {
        return range < ranges ? Math.min(to[range] - 1, at + (perStep - 1) * LINE_FLOATS) : 0;
    }

    /** Moves past the lines a step's runs read (of their {@code lines} reads, at most the step's share), which summed to {@code read}. */
    void advance(int lines, float read) {
        sum += read;
        if (range < ranges) {
            at += Math.min(lines, perStep) * LINE_FLOATS;
            if (at >= to[range] && ++range < ranges) {
                at = from[range];
            }
        }
    }
}
