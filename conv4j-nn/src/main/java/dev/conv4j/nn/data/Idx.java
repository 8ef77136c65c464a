package dev.conv4j.nn.data;

import dev.conv4j.io.Gzip;
import dev.conv4j.io.HeapBudget;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST: two zero bytes, a type byte, the number of
 * dimensions, one big-endian 32-bit size per dimension, then the elements in C order. conv4j
 * reads unsigned bytes (type {@code 0x08}), plain or gzipped (recognised by the gzip magic
 * {@code 1f 8b}, whatever the file name).
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    /** How much of what follows the data an error message counts. */
    private static final int MAX_TRAILING_COUNTED = 1 << 16;

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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return decode(in, Files.size(file), file.toString());
        }
    }

    /** Parses the bytes of an IDX file, gunzipping them first when they start with the gzip magic. */
    public static Array decode(byte[] bytes, String source) throws IOException {
        return decode(new ByteArrayInputStream(bytes), bytes.length, source);
    }

    /**
     * Reads the IDX file that is all of {@code stored} ({@code storedBytes} long): the sizes are
     * checked against what the file can hold (for gzip, its largest possible expansion) and the
     * heap before the data is allocated, and a gzip trailer's CRC and length are checked.
     */
    private static Array decode(InputStream stored, long storedBytes, String source) throws IOException {
        stored.mark(2);
        boolean gzip = Gzip.isMagic(stored.read(), stored.read());
        stored.reset();
        try (InputStream in = gzip ? new GZIPInputStream(stored, 1 << 16) : stored) {
            long capacity = gzip ? Gzip.maxDecompressedBytes(storedBytes) : storedBytes;
            return decodeRaw(in, capacity, !gzip, source);
        } catch (IOException e) {
            String damage = Gzip.damage(e);
            if (gzip && damage != null) {
                throw new IdxFormatException(source, damage);
            }
            throw e;
        }
    }

    /** @param capacityExact whether {@code capacity} is the content's length, not just a bound on it */
    private static Array decodeRaw(InputStream in, long capacity, boolean capacityExact, String source)
            throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException(source, "truncated: " + magic.length
                    + " bytes, an IDX file starts with 4 magic bytes");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(source, String.format("bad magic %02x %02x %02x %02x: an IDX file starts with"
                    + " 00 00, a type byte and the number of dimensions", magic[0], magic[1], magic[2], magic[3]));
        }
        int type = magic[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(source, String.format("element type 0x%02x (%s) is not supported;"
                    + " conv4j reads unsigned bytes (0x08)", type, typeName(type)));
        }
        int rank = magic[3] & 0xff;
        if (rank == 0) {
            throw new IdxFormatException(source, "0 dimensions: an IDX array needs at least one");
        }
        int headerBytes = 4 + 4 * rank;
        byte[] sizes = in.readNBytes(4 * rank);
        if (sizes.length < 4 * rank) {
            throw new IdxFormatException(source, "truncated: " + rank + " dimensions need a " + headerBytes
                    + "-byte header, the file has " + (4 + sizes.length) + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(sizes);
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
        if (headerBytes + count > capacity) {
            throw new IdxFormatException(source, "truncated: sizes " + Arrays.toString(dims) + " need " + count
                    + " bytes of data, the file has " + (capacityExact ? "" : "room for at most ")
                    + (capacity - headerBytes));
        }
        HeapBudget.require(count, source, "the " + count + " bytes of data");
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw new IdxFormatException(source, "truncated: sizes " + Arrays.toString(dims) + " need " + count
                    + " bytes of data, the file has " + data.length);
        }
        // reading to the end is what makes a gzip stream check its CRC; a bomb stops at the bound
        int trailing = in.readNBytes(MAX_TRAILING_COUNTED).length;
        if (trailing > 0) {
            String amount = trailing == MAX_TRAILING_COUNTED ? "at least " + trailing : String.valueOf(trailing);
            throw new IdxFormatException(source, amount + " bytes follow the " + count
                    + " bytes of data that sizes " + Arrays.toString(dims) + " describe");
        }
        return new Array(dims, data);
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
