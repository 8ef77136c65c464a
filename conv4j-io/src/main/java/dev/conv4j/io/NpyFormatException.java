package dev.conv4j.io;

import java.io.IOException;

/** A file or stream that is not an {@code .npy} array conv4j can read; the message names the source. */
public final class NpyFormatException extends IOException {
    private final String source;

    /**
     * @param source the file or stream the problem is in, as the user knows it
     * @param problem what is wrong, and where possible how to fix it
     */
    public NpyFormatException(String source, String problem) {
        super(Printable.escape(source + ": " + problem));
        this.source = source;
    }

    /** The file or stream the problem is in. */
    public String source() {
        return source;
    }
}
