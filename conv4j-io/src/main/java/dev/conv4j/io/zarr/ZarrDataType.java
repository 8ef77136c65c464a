package dev.conv4j.io.zarr;

import java.nio.ByteBuffer;
import java.util.Locale;

/** The numeric element types conv4j reads and writes, with their Zarr v2 ({@code <f4}) and v3 ({@code float32}) names. */
public enum ZarrDataType {
    FLOAT32('f', 4, "float32"),
    FLOAT64('f', 8, "float64"),
    INT8('i', 1, "int8"),
    INT16('i', 2, "int16"),
    INT32('i', 4, "int32"),
    INT64('i', 8, "int64"),
    UINT8('u', 1, "uint8"),
    UINT16('u', 2, "uint16"),
    UINT32('u', 4, "uint32"),
    UINT64('u', 8, "uint64");

    private final char kind;
    private final int bytes;
    private final String v3Name;

    ZarrDataType(char kind, int bytes, String v3Name) {
        this.kind = kind;
        this.bytes = bytes;
        this.v3Name = v3Name;
    }

    public int bytes() {
        return bytes;
    }

    public boolean floating() {
        return kind == 'f';
    }

    /** The v3 {@code data_type} name. */
    public String v3Name() {
        return v3Name;
    }

    /** The v2 {@code dtype} without its byte-order character: {@code f4}, {@code u1}... */
    public String v2Code() {
        return kind + Integer.toString(bytes);
    }

    /** From a v3 {@code data_type}, or null when it is not one of these. */
    static ZarrDataType fromV3(String name) {
        for (ZarrDataType t : values()) {
            if (t.v3Name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** From a v2 code without byte order ({@code f4}), or null. */
    static ZarrDataType fromV2(String code) {
        for (ZarrDataType t : values()) {
            if (t.v2Code().equals(code)) {
                return t;
            }
        }
        return null;
    }

    /** Element {@code index} of {@code buffer} (whose order is set) as a float. */
    float get(ByteBuffer buffer, int index) {
        int at = index * bytes;
        return switch (this) {
            case FLOAT32 -> buffer.getFloat(at);
            case FLOAT64 -> (float) buffer.getDouble(at);
            case INT8 -> buffer.get(at);
            case INT16 -> buffer.getShort(at);
            case INT32 -> buffer.getInt(at);
            case INT64 -> buffer.getLong(at);
            case UINT8 -> Byte.toUnsignedInt(buffer.get(at));
            case UINT16 -> Short.toUnsignedInt(buffer.getShort(at));
            case UINT32 -> Integer.toUnsignedLong(buffer.getInt(at));
            case UINT64 -> unsignedToFloat(buffer.getLong(at));
        };
    }

    /**
     * Stores {@code value} as element {@code index}. Integers take the value only when it is a
     * whole number in their range: a float that does not fit is an error, never a wrapped value.
     */
    void put(ByteBuffer buffer, int index, float value) {
        int at = index * bytes;
        switch (this) {
            case FLOAT32 -> buffer.putFloat(at, value);
            case FLOAT64 -> buffer.putDouble(at, value);
            default -> {
                long v = wholeInRange(value);
                switch (bytes) {
                    case 1 -> buffer.put(at, (byte) v);
                    case 2 -> buffer.putShort(at, (short) v);
                    case 4 -> buffer.putInt(at, (int) v);
                    default -> buffer.putLong(at, v);
                }
            }
        }
    }

    private long wholeInRange(float value) {
        double min = kind == 'u' ? 0 : -Math.pow(2, bytes * 8 - 1);
        double max = kind == 'u' ? Math.pow(2, bytes * 8) - 1 : Math.pow(2, bytes * 8 - 1) - 1;
        if (value != Math.rint(value) || value < min || value > max) {
            throw new IllegalArgumentException("value " + value + " does not fit " + name().toLowerCase(Locale.ROOT)
                    + " (whole numbers " + (long) min + ".." + (kind == 'u' && bytes == 8 ? "2^64-1" : Long.toString((long) max)) + ")");
        }
        if (this == UINT64 && value >= 0x1p63) {
            return (long) (value - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) value;
    }

    private static float unsignedToFloat(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
    }
}
