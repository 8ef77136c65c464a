package dev.conv4j.spark;

import java.io.Serializable;

/**
 * Positions {@code [lo, hi)} along one axis of an array, in the array's coordinates; a span may
 * reach past the array's edges, where the boundary rule says what it holds.
 */
public record Span(long lo, long hi) implements Serializable {
    public Span {
        if (hi < lo) {
            throw new IllegalArgumentException("span [" + lo + ", " + hi + ") is reversed");
        }
    }

    public int length() {
        return Math.toIntExact(hi - lo);
    }

    /** The part inside {@code [0, n)}. */
    public Span clip(long n) {
        long l = Math.max(0, Math.min(lo, n));
        return new Span(l, Math.max(l, Math.min(hi, n)));
    }

    /** The smallest span holding both. */
    public Span hull(Span other) {
        return new Span(Math.min(lo, other.lo), Math.max(hi, other.hi));
    }

    static long[] starts(Span[] spans) {
        long[] s = new long[spans.length];
        for (int a = 0; a < spans.length; a++) {
            s[a] = spans[a].lo;
        }
        return s;
    }

    static int[] lengths(Span[] spans) {
        int[] s = new int[spans.length];
        for (int a = 0; a < spans.length; a++) {
            s[a] = spans[a].length();
        }
        return s;
    }

    @Override
    public String toString() {
        return "[" + lo + ", " + hi + ")";
    }
}
