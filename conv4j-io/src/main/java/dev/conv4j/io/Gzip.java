package dev.conv4j.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reading gzip streams whose content a header describes, without trusting the header: a claimed
 * size is checked against what the compressed file can hold at all, reading stops at what the
 * header promised, and the member's CRC-32 and length are checked at its end.
 */
public final class Gzip {
    /**
     * Deflate's largest expansion: a 258-byte match costs at least two bits in a dynamic block,
     * so one compressed byte yields at most 1032 bytes (zlib's technical notes).
     */
    public static final long MAX_EXPANSION = 1032;
    /** What may follow the described content inside the stream before it is called a bomb. */
    private static final long MAX_TRAILING_BYTES = 1 << 20;

    private Gzip() {
    }

    /** Whether {@code first} and {@code second} are the gzip magic {@code 1f 8b}. */
    public static boolean isMagic(int first, int second) {
        return first == 0x1f && second == 0x8b;
    }

    /**
     * The most bytes {@code compressedBytes} of gzip can decompress to; a header that claims
     * more describes a truncated or forged file.
     */
    public static long maxDecompressedBytes(long compressedBytes) {
        return HeapBudget.saturatedProduct(compressedBytes, MAX_EXPANSION);
    }

    /**
     * Reads {@code in} to its end after the described content, so that {@link GZIPInputStream}
     * checks the CRC-32 and length in the trailer; refuses more than a little trailing content.
     */
    public static void finish(InputStream in, String source) throws IOException {
        byte[] sink = new byte[1 << 13];
        long trailing = 0;
        for (int n; (n = in.read(sink)) >= 0; ) {
            trailing += n;
            if (trailing > MAX_TRAILING_BYTES) {
                throw new IOException(source + ": more than " + MAX_TRAILING_BYTES
                        + " bytes of compressed content follow the data the header describes");
            }
        }
    }

    /**
     * What a damaged gzip stream's exception means, for a format error's message; {@code null}
     * when {@code e} is not one ({@code ZipException}, or an early end of the compressed data).
     */
    public static String damage(IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return "corrupt or truncated gzip data (" + e.getMessage() + ")";
        }
        return null;
    }
}
