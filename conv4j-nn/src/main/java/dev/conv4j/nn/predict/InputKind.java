package dev.conv4j.nn.predict;

import java.nio.charset.StandardCharsets;

/** What a file holds, told from its first bytes. */
enum InputKind {
    NPY, IMAGE, IDX, UNKNOWN;

    static InputKind of(byte[] b) {
        int n = b.length;
        if (n >= 6 && (b[0] & 0xff) == 0x93 && new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            return NPY;
        }
        boolean png = n >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        boolean jpeg = n >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
        if (png || jpeg) {
            return IMAGE;
        }
        boolean gzip = n >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
        boolean idxOfBytes = n >= 3 && b[0] == 0 && b[1] == 0 && b[2] == 0x08;
        return gzip || idxOfBytes ? IDX : UNKNOWN;
    }
}
