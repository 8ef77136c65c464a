package dev.conv4j.io.zarr;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an array's metadata says: format (2 or 3), shape, regular chunk shape, element type and
 * byte order, fill value (what a missing chunk reads as), compression, chunk key encoding and
 * user attributes. Always C order. Validated on construction, so a value of this type describes
 * an array conv4j can read and write.
 *
 * @param zarrFormat 2 or 3
 * @param shape the array's size per axis (>= 0)
 * @param chunks the chunk's size per axis (>= 1); edge chunks are stored whole and read clipped
 * @param dataType the element type
 * @param byteOrder how multi-byte elements are stored
 * @param fillValue the value of elements no chunk holds
 * @param codec the chunks' compression
 * @param keyEncoding how chunk indices become file names
 * @param attributes user attributes (JSON values: maps, lists, strings, numbers, booleans)
 */
public record ZarrMetadata(int zarrFormat, long[] shape, int[] chunks, ZarrDataType dataType, ByteOrder byteOrder,
                           double fillValue, ZarrCodec codec, KeyEncoding keyEncoding, Map<String, Object> attributes) {
    /** The largest chunk in bytes: one Java array. */
    static final long MAX_CHUNK_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Chunk file names: v2's {@code 1.0.3} (or {@code 1/0/3}), v3's default {@code c/1/0/3} (or
     * {@code c.1.0.3}).
     *
     * @param prefixed whether the name starts with {@code c} (v3's default encoding)
     * @param separator {@code '.'} or {@code '/'}
     */
    public record KeyEncoding(boolean prefixed, char separator) {
        public static final KeyEncoding V2 = new KeyEncoding(false, '.');
        public static final KeyEncoding V3 = new KeyEncoding(true, '/');

        public KeyEncoding {
            if (separator != '.' && separator != '/') {
                throw new IllegalArgumentException("chunk key separator '" + separator + "' is not '.' or '/'");
            }
        }

        /** The chunk's file name relative to the array's directory. */
        public String key(long[] chunkIndex) {
            StringBuilder b = new StringBuilder(prefixed ? "c" : "");
            for (int a = 0; a < chunkIndex.length; a++) {
                if (a > 0 || prefixed) {
                    b.append(separator);
                }
                b.append(chunkIndex[a]);
            }
            return b.isEmpty() ? "0" : b.toString();
        }
    }

    public ZarrMetadata {
        if (zarrFormat != 2 && zarrFormat != 3) {
            throw new IllegalArgumentException("zarr_format " + zarrFormat + " is not 2 or 3");
        }
        shape = shape.clone();
        chunks = chunks.clone();
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(keyEncoding, "keyEncoding");
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        if (shape.length != chunks.length) {
            throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " have " + chunks.length
                    + " axes but shape " + Arrays.toString(shape) + " has " + shape.length);
        }
        long elements = 1;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": axis " + a + " is negative");
            }
            if (chunks[a] < 1) {
                throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + ": axis " + a + " is not >= 1");
            }
            elements = Math.multiplyHigh(elements, chunks[a]) != 0 ? Long.MAX_VALUE : elements * chunks[a];
        }
        if (elements > MAX_CHUNK_BYTES / dataType.bytes()) {
            throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " of " + dataType.v3Name()
                    + " hold more than " + MAX_CHUNK_BYTES + " bytes, more than one chunk conv4j can hold");
        }
        if (!dataType.floating() && (Double.isNaN(fillValue) || Double.isInfinite(fillValue))) {
            throw new IllegalArgumentException("fill_value " + fillValue + " is not a whole number for " + dataType.v3Name());
        }
        if (zarrFormat == 3 && codec.kind() == ZarrCodec.Kind.ZLIB) {
            throw new IllegalArgumentException("codec zlib is not a Zarr v3 codec: use gzip or zstd");
        }
    }

    /** A v2 array: little-endian, fill value 0, keys {@code 0.1.2}, no attributes. */
    public static ZarrMetadata v2(long[] shape, int[] chunks, ZarrDataType dataType, ZarrCodec codec) {
        return new ZarrMetadata(2, shape, chunks, dataType, ByteOrder.LITTLE_ENDIAN, 0, codec, KeyEncoding.V2, Map.of());
    }

    /** A v3 array: little-endian, fill value 0, keys {@code c/0/1/2}, no attributes. */
    public static ZarrMetadata v3(long[] shape, int[] chunks, ZarrDataType dataType, ZarrCodec codec) {
        return new ZarrMetadata(3, shape, chunks, dataType, ByteOrder.LITTLE_ENDIAN, 0, codec, KeyEncoding.V3, Map.of());
    }

    public ZarrMetadata withAttributes(Map<String, Object> newAttributes) {
        return new ZarrMetadata(zarrFormat, shape, chunks, dataType, byteOrder, fillValue, codec, keyEncoding, newAttributes);
    }

    public ZarrMetadata withFillValue(double value) {
        return new ZarrMetadata(zarrFormat, shape, chunks, dataType, byteOrder, value, codec, keyEncoding, attributes);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long size(int axis) {
        return shape[axis];
    }

    public int chunkSize(int axis) {
        return chunks[axis];
    }

    /** Chunks along {@code axis}, the last one partial when the chunk size does not divide the size. */
    public long chunkCount(int axis) {
        return (shape[axis] + chunks[axis] - 1) / chunks[axis];
    }

    /** Elements in one (whole) chunk. */
    public int chunkElements() {
        long n = 1;
        for (int c : chunks) {
            n *= c;
        }
        return (int) n;
    }

    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZarrMetadata m && zarrFormat == m.zarrFormat && Arrays.equals(shape, m.shape)
                && Arrays.equals(chunks, m.chunks) && dataType == m.dataType && byteOrder.equals(m.byteOrder)
                && Double.compare(fillValue, m.fillValue) == 0 && codec.equals(m.codec)
                && keyEncoding.equals(m.keyEncoding) && attributes.equals(m.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(zarrFormat, Arrays.hashCode(shape), Arrays.hashCode(chunks), dataType, fillValue, codec);
    }

    @Override
    public String toString() {
        return "zarr v" + zarrFormat + " " + dataType.v3Name() + " shape " + Arrays.toString(shape) + " chunks "
                + Arrays.toString(chunks) + " " + codec.kind().zarrName();
    }
}
