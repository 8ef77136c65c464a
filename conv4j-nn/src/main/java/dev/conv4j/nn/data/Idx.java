package dev.conv4j.nn.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST: two zero bytes, a type byte, the number of
 * dimensions, one big-endian 32-bit size per dimension, then the elements in C order. conv4j
 * reads unsigned bytes (type {@code 0x08}), plain or gzipped (recognised by the gzip magic
 * {@code 1f 8b}, whatever the file name).
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {
    }

    /**
     * An IDX array of unsigned bytes.
     *
     * @param dims the sizes, outermost first
     * @param data the elements in C order, as stored (read them with {@code & 0xff})
     */
    public record Array(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    public static Array read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Parses the bytes of an IDX file, gunzipping them first when they start with the gzip magic. */
    public static Array decode(byte[] bytes, String source) throws IOException {
        byte[] raw = bytes;
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                raw = in.readAllBytes();
            } catch (ZipException | EOFException e) {
                throw new IdxFormatException(source, "gzip data is corrupt or truncated (" + e.getMessage() + ")");
            }
        }
        if (raw.length < 4) {
            throw new IdxFormatException(source, "truncated: " + raw.length + " bytes, an IDX file starts with 4 magic bytes");
        }
        if (raw[0] != 0 || raw[1] != 0) {
            throw new IdxFormatException(source, String.format("bad magic %02x %02x %02x %02x: an IDX file starts with"
                    + " 00 00, a type byte and the number of dimensions", raw[0], raw[1], raw[2], raw[3]));
        }
        int type = raw[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(source, String.format("element type 0x%02x (%s) is not supported;"
                    + " conv4j reads unsigned bytes (0x08)", type, typeName(type)));
        }
        int rank = raw[3] & 0xff;
        if (rank == 0) {
            throw new IdxFormatException(source, "0 dimensions: an IDX array needs at least one");
        }
        int headerBytes = 4 + 4 * rank;
        if (raw.length < headerBytes) {
            throw new IdxFormatException(source, "truncated: " + rank + " dimensions need a " + headerBytes
                    + "-byte header, the file has " + raw.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(raw, 4, 4 * rank);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0) {
                throw new IdxFormatException(source, "dimension " + i + " has negative size " + dims[i]);
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(source, "sizes " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " hold more elements than one array can");
            }
        }
        long present = raw.length - headerBytes;
        if (present < count) {
            throw new IdxFormatException(source, "truncated: sizes " + Arrays.toString(dims) + " need " + count
                    + " bytes of data, the file has " + present);
        }
        if (present > count) {
            throw new IdxFormatException(source, (present - count) + " bytes follow the " + count
                    + " bytes of data that sizes " + Arrays.toString(dims) + " describe");
        }
        return new Array(dims, Arrays.copyOfRange(raw, headerBytes, raw.length));
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown";
        };
    }
}
