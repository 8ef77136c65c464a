package dev.conv4j.io.nifti;

import java.util.Arrays;

/**
 * One header extension (between the header and the data of a .nii file), kept as opaque bytes
 * so that a read-then-write carries it over.
 *
 * @param code {@code ecode}: what the content is (e.g. 4 AFNI, 6 comment, 44 JSON)
 * @param content the extension's bytes after its 8-byte size/code prefix, zero-padded (here, if
 *     need be) so that prefix and content fill a multiple of 16 bytes, as the standard asks
 */
public record NiftiExtension(int code, byte[] content) {
    public NiftiExtension {
        content = Arrays.copyOf(content, (8 + content.length + 15) / 16 * 16 - 8);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** {@code esize}: prefix plus content, rounded up to a multiple of 16 as the standard asks. */
    public int size() {
        return 8 + content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiExtension e && code == e.code && Arrays.equals(content, e.content);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(content);
    }
}
