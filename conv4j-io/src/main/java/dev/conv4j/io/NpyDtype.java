package dev.conv4j.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The little-endian element types conv4j reads from {@code .npy} files, each with its
 * conversion to float32.
 *
 * <p>Every conversion is Java's widening or narrowing cast, which rounds to nearest-even the way
 * NumPy's {@code astype(np.float32)} does.
 */
enum NpyDtype {
    FLOAT16('f', 2, bytes -> Float.float16ToFloat(bytes.getShort())),
    FLOAT32('f', 4, ByteBuffer::getFloat) {
        @Override
        void decode(ByteBuffer source, float[] target, int offset, int count) {
            // the common type, and the one large files hold: one bulk copy instead of a loop
            source.asFloatBuffer().get(target, offset, count);
            source.position(source.position() + count * Float.BYTES);
        }
    },
    FLOAT64('f', 8, bytes -> (float) bytes.getDouble()),
    INT8('i', 1, ByteBuffer::get),
    UINT8('u', 1, bytes -> Byte.toUnsignedInt(bytes.get())),
    INT16('i', 2, ByteBuffer::getShort),
    UINT16('u', 2, bytes -> Short.toUnsignedInt(bytes.getShort())),
    INT32('i', 4, bytes -> (float) bytes.getInt()),
    UINT32('u', 4, bytes -> (float) Integer.toUnsignedLong(bytes.getInt())),
    INT64('i', 8, bytes -> (float) bytes.getLong());

    /** Reads one element at the buffer's position, advancing it. */
    @FunctionalInterface
    private interface ElementReader {
        float read(ByteBuffer littleEndianBytes);
    }

    private final char kind;
    private final int itemSize;
    private final ElementReader reader;

    NpyDtype(char kind, int itemSize, ElementReader reader) {
        this.kind = kind;
        this.itemSize = itemSize;
        this.reader = reader;
    }

    int itemSize() {
        return itemSize;
    }

    /** The descriptor NumPy writes for this type: {@code <f4}, or {@code |u1} where byte order is moot. */
    String descr() {
        return (itemSize == 1 ? "|" : "<") + kind + itemSize;
    }

    /**
     * Converts {@code count} elements from {@code source} (little-endian, at its position) into
     * {@code target[offset...]}, advancing the buffer past them.
     */
    void decode(ByteBuffer source, float[] target, int offset, int count) {
        for (int i = 0; i < count; i++) {
            target[offset + i] = reader.read(source);
        }
    }

    /**
     * The type an {@code .npy} {@code descr} such as {@code '<f4'} names.
     *
     * @throws NpyFormatException naming {@code source} for big-endian data and for types conv4j
     *     does not read, listing the ones it does
     */
    static NpyDtype forDescr(String descr, String source) throws NpyFormatException {
        if (descr.length() >= 3) {
            char byteOrder = descr.charAt(0);
            String code = descr.substring(1);
            for (NpyDtype dtype : values()) {
                if (code.equals(dtype.descr().substring(1))) {
                    return dtype.checkByteOrder(byteOrder, descr, source);
                }
            }
        }
        throw new NpyFormatException(source, "dtype '" + descr + "'" + kindName(descr)
                + " is not supported; conv4j reads " + supportedList()
                + ": convert with arr.astype('<f4')");
    }

    private NpyDtype checkByteOrder(char byteOrder, String descr, String source) throws NpyFormatException {
        boolean orderIsMoot = itemSize == 1 && (byteOrder == '|' || byteOrder == '>');
        if (byteOrder == '<' || orderIsMoot) {
            return this;
        }
        if (byteOrder == '>') {
            throw new NpyFormatException(source, "big-endian dtype '" + descr
                    + "' is not supported: save little-endian with arr.astype('" + descr() + "')");
        }
        throw new NpyFormatException(source, "dtype '" + descr + "' has byte order '" + byteOrder
                + "'; .npy files use '<' (little-endian) or '|' (single bytes)");
    }

    private static String supportedList() {
        return Arrays.stream(values()).map(NpyDtype::descr).collect(Collectors.joining(", "));
    }

    /** A hint for the descriptors people meet most, so the message says what the file holds. */
    private static String kindName(String descr) {
        char kind = descr.length() >= 2 ? descr.charAt(1) : ' ';
        String name = switch (kind) {
            case 'b' -> "bool";
            case 'c' -> "complex";
            case 'U', 'S' -> "string";
            case 'O' -> "Python object";
            case 'M', 'm' -> "date/time";
            case 'V' -> "raw bytes";
            default -> "";
        };
        return name.isEmpty() ? "" : " (" + name + ")";
    }
}
