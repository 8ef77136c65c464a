package dev.conv4j.io;

import java.io.IOException;

/** The arrays a file needs do not fit in the JVM's heap; the message says what to run instead. */
public final class InsufficientHeapException extends IOException {
    InsufficientHeapException(String source, String what, long neededBytes, long availableBytes) {
        super(Printable.escape(source + ": " + what + " need " + mebibytes(neededBytes) + " but the JVM has "
                + mebibytes(availableBytes) + " left; give it more with CONV4J_JAVA_OPTS=-Xmx"
                + suggestedHeap(neededBytes)));
    }

    private static String mebibytes(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than 8 EiB" : (bytes >> 20) + " MiB";
    }

    /** Twice the need rounded up to whole GiB: room for the output beside the input. */
    private static String suggestedHeap(long neededBytes) {
        if (neededBytes >= 1L << 60) {
            return "<more than this machine has>";
        }
        return Math.max(1, (2 * neededBytes + (1L << 30) - 1) >> 30) + "g";
    }
}
