package dev.conv4j.io.nifti;

import dev.conv4j.io.Printable;
import java.io.IOException;

/** A file that is not a NIfTI-1 volume conv4j can read; the message names the file and the field. */
public final class NiftiFormatException extends IOException {
    public NiftiFormatException(String source, String problem) {
        super(Printable.escape(source + ": " + problem));
    }
}
