package dev.conv4j.nn.io;

import dev.conv4j.io.Printable;
import java.io.IOException;

/** A file that is not a safetensors file conv4j can read; the message names the file and the rule broken. */
public final class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(String source, String problem) {
        super(Printable.escape(source + ": " + problem));
    }
}
