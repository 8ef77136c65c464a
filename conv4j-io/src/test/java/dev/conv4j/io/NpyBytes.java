package dev.conv4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds {@code .npy} files byte by byte, so tests know exactly what they read. */
final class NpyBytes {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyBytes() {
    }

    /** The dict NumPy writes, without padding. */
    static String dict(String descr, String shape) {
        return dict(descr, false, shape);
    }

    static String dict(String descr, boolean fortranOrder, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shape + ", }";
    }

    /** A version 1.0 file. */
    static byte[] npy(String dict, byte[] data) {
        return npy(1, dict, data);
    }

    /** A file of format version {@code major}.0; the dict is encoded as that version requires. */
    static byte[] npy(int major, String dict, byte[] data) {
        return npy(major, dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), data);
    }

    /** A file of format version {@code major}.0 with these exact header bytes. */
    static byte[] npy(int major, byte[] header, byte[] data) {
        return concat(preamble(major, 0), lengthField(major, header.length), header, data);
    }

    static byte[] preamble(int major, int minor) {
        return concat(MAGIC, new byte[] {(byte) major, (byte) minor});
    }

    /** The header length, in the 2 bytes of version 1 or the 4 bytes of versions 2 and 3. */
    static byte[] lengthField(int major, long length) {
        return littleEndian(major == 1 ? 2 : 4, length);
    }

    /** Each value's low {@code itemSize} bytes, little-endian. */
    static byte[] littleEndian(int itemSize, long... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            for (int i = 0; i < itemSize; i++) {
                out.put((byte) (value >>> (8 * i)));
            }
        }
        return out.array();
    }

    static byte[] f4(float... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    static byte[] f8(double... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asDoubleBuffer().put(values);
        return out.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
