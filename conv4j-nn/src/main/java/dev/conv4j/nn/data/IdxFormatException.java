package dev.conv4j.nn.data;

import dev.conv4j.io.Printable;
import java.io.IOException;

/** A file that is not an IDX array conv4j can read; the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {
    public IdxFormatException(String source, String problem) {
        super(Printable.escape(source + ": " + problem));
    }
}
