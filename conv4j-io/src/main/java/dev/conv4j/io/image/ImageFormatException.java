package dev.conv4j.io.image;

import dev.conv4j.io.Printable;
import java.io.IOException;

/** A file that is not an image conv4j can read or write; the message names the file. */
public final class ImageFormatException extends IOException {
    public ImageFormatException(String source, String problem) {
        super(Printable.escape(source + ": " + problem));
    }
}
