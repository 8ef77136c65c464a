package dev.conv4j.io.nifti;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The NIfTI-1 voxel types conv4j reads (all real scalar types), each with its conversion to float32. */
public enum NiftiDatatype {
    UINT8(2, "uint8", 8),
    INT16(4, "int16", 16),
    INT32(8, "int32", 32),
    FLOAT32(16, "float32", 32),
    FLOAT64(64, "float64", 64),
    INT8(256, "int8", 8),
    UINT16(512, "uint16", 16),
    UINT32(768, "uint32", 32),
    INT64(1024, "int64", 64);

    private final int code;
    private final String label;
    private final int bits;

    NiftiDatatype(int code, String label, int bits) {
        this.code = code;
        this.label = label;
        this.bits = bits;
    }

    /** The header's {@code datatype} code. */
    public int code() {
        return code;
    }

    /** The header's {@code bitpix}. */
    public int bitsPerVoxel() {
        return bits;
    }

    public int bytes() {
        return bits / 8;
    }

    public String label() {
        return label;
    }

    /** Reads one voxel at the buffer's position (in the buffer's byte order), advancing it. */
    public double read(ByteBuffer b) {
        return switch (this) {
            case UINT8 -> Byte.toUnsignedInt(b.get());
            case INT8 -> b.get();
            case INT16 -> b.getShort();
            case UINT16 -> Short.toUnsignedInt(b.getShort());
            case INT32 -> b.getInt();
            case UINT32 -> Integer.toUnsignedLong(b.getInt());
            case INT64 -> b.getLong();
            case FLOAT32 -> b.getFloat();
            case FLOAT64 -> b.getDouble();
        };
    }

    /**
     * The type a header code names.
     *
     * @throws NiftiFormatException for complex, RGB and 128-bit types and unknown codes
     */
    public static NiftiDatatype forCode(int code, String source) throws NiftiFormatException {
        for (NiftiDatatype t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        String name = switch (code) {
            case 0 -> "unknown (0)";
            case 1 -> "binary (1)";
            case 32 -> "complex64 (32)";
            case 128 -> "RGB24 (128)";
            case 1536 -> "float128 (1536)";
            case 1792 -> "complex128 (1792)";
            case 2048 -> "complex256 (2048)";
            case 2304 -> "RGBA32 (2304)";
            default -> String.valueOf(code);
        };
        throw new NiftiFormatException(source, "datatype " + name + " is not supported; conv4j reads "
                + Arrays.stream(values()).map(t -> t.label + " (" + t.code + ")").collect(Collectors.joining(", ")));
    }
}
