package dev.conv4j.io.signal;

import dev.conv4j.io.Printable;
import java.io.IOException;

/** A file that is not a signal conv4j can read; the message names the file and where. */
public final class SignalFormatException extends IOException {
    public SignalFormatException(String source, String problem) {
        super(Printable.escape(source + ": " + problem));
    }
}
