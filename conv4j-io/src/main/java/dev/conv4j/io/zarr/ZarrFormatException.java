package dev.conv4j.io.zarr;

import java.io.IOException;

/** A Zarr store conv4j cannot read or refuses to write; the message names the file and the field. */
public final class ZarrFormatException extends IOException {
    /**
     * @param source the metadata or chunk file, as the user knows it
     * @param problem what is wrong (naming the field), and where possible how to fix it
     */
    public ZarrFormatException(String source, String problem) {
        super(source + ": " + dev.conv4j.io.Printable.escape(problem));
    }
}
