package dev.conv4j.io;

import dev.conv4j.io.PythonLiteralParser.Tuple;
import dev.conv4j.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads and writes the {@code .npy} header: the magic string, version, header length and the
 * Python dict that describes the array.
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>
 */
final class NpyHeaderCodec {
    /** Marks a source whose total size is not known in advance, such as a stream. */
    static final long UNKNOWN_SIZE = -1;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic plus the two version bytes. */
    private static final int PREAMBLE_BYTES = MAGIC.length + 2;
    /** NumPy pads headers so that the data starts at a multiple of this, for memory mapping. */
    private static final int ALIGNMENT = 64;
    /**
     * NumPy leaves this much room for the first dimension's digits so that a file can grow in
     * place; matching it is part of writing what {@code np.save} writes.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int MAX_VERSION_1_HEADER_BYTES = 0xFFFF;
    /**
     * Far above any header NumPy writes for an array conv4j reads; a larger length means a corrupt
     * file, and refusing it avoids buffering gigabytes of it first.
     */
    private static final int MAX_HEADER_BYTES = 1 << 24;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private NpyHeaderCodec() {
    }

    /**
     * Reads the header from the start of {@code channel}, leaving it at the first data byte.
     *
     * @param totalSize the size of the whole file, to report a short one before reading it, or
     *     {@link #UNKNOWN_SIZE}
     */
    static NpyHeader read(ReadableByteChannel channel, String source, long totalSize) throws IOException {
        ByteBuffer preamble = ByteBuffer.allocate(PREAMBLE_BYTES);
        boolean complete = ChannelReads.fill(channel, preamble);
        checkMagic(preamble, source);
        if (!complete) {
            throw new NpyFormatException(source, "truncated header: the file ends after "
                    + preamble.position() + " bytes, inside the " + PREAMBLE_BYTES + "-byte magic and version");
        }
        int major = Byte.toUnsignedInt(preamble.get(MAGIC.length));
        int minor = Byte.toUnsignedInt(preamble.get(MAGIC.length + 1));
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + minor
                    + " (conv4j reads 1.0, 2.0 and 3.0)");
        }

        ByteBuffer lengthField = ByteBuffer.allocate(lengthFieldBytes(major)).order(ByteOrder.LITTLE_ENDIAN);
        if (!ChannelReads.fill(channel, lengthField)) {
            throw new NpyFormatException(source, "truncated header: the file ends inside the header length field");
        }
        long headerLength = major == 1
                ? Short.toUnsignedInt(lengthField.getShort(0))
                : Integer.toUnsignedLong(lengthField.getInt(0));
        long headerStart = PREAMBLE_BYTES + lengthField.capacity();
        long dataOffset = headerStart + headerLength;
        if (totalSize != UNKNOWN_SIZE && dataOffset > totalSize) {
            throw truncatedHeader(source, headerLength, totalSize - headerStart);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source, "header length " + headerLength + " is larger than "
                    + MAX_HEADER_BYTES + " bytes; the file is corrupt");
        }

        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        if (!ChannelReads.fill(channel, headerBytes)) {
            throw truncatedHeader(source, headerLength, headerBytes.position());
        }
        String dictText = decode(headerBytes.flip(), major, source);
        return fromDict(PythonLiteralParser.parseDict(dictText, source), major, dataOffset, source);
    }

    /** The complete header {@code np.save} writes for a C-order float32 array of this shape. */
    static byte[] encodeFloat32(Shape shape) {
        List<Integer> dims = IntStream.of(shape.dims()).boxed().toList();
        String dict = "{'descr': '" + NpyDtype.FLOAT32.descr() + "', 'fortran_order': False, 'shape': "
                + PythonLiteralParser.pythonTuple(dims) + ", }";
        if (!dims.isEmpty()) {
            dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String.valueOf(dims.getFirst()).length()));
        }
        byte[] version1 = wrap(dict, 1);
        return version1 != null ? version1 : wrap(dict, 2);
    }

    /**
     * The dict with its preamble, padded with spaces and a final newline to a multiple of
     * {@link #ALIGNMENT} bytes, as NumPy's {@code _wrap_header} does; {@code null} if the header
     * is too long for this version's length field.
     */
    private static byte[] wrap(String dict, int major) {
        byte[] dictBytes = dict.getBytes(StandardCharsets.ISO_8859_1);
        int prefixBytes = PREAMBLE_BYTES + lengthFieldBytes(major);
        int withNewline = dictBytes.length + 1;
        int padding = ALIGNMENT - (prefixBytes + withNewline) % ALIGNMENT;
        int headerLength = withNewline + padding;
        if (major == 1 && headerLength > MAX_VERSION_1_HEADER_BYTES) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(prefixBytes + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(dictBytes);
        while (out.remaining() > 1) {
            out.put((byte) ' ');
        }
        return out.put((byte) '\n').array();
    }

    private static int lengthFieldBytes(int major) {
        return major == 1 ? Short.BYTES : Integer.BYTES;
    }

    /** Fails unless the bytes read so far agree with the magic string. */
    private static void checkMagic(ByteBuffer preamble, String source) throws NpyFormatException {
        if (preamble.position() == 0) {
            throw new NpyFormatException(source, "is empty, not a NumPy .npy file");
        }
        int available = Math.min(preamble.position(), MAGIC.length);
        byte[] start = Arrays.copyOf(preamble.array(), available);
        if (!Arrays.equals(start, Arrays.copyOf(MAGIC, available))) {
            throw new NpyFormatException(source, "not a NumPy .npy file: it starts with bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(start) + " instead of the magic \\x93NUMPY");
        }
    }

    private static NpyFormatException truncatedHeader(String source, long declared, long present) {
        return new NpyFormatException(source, "truncated header: it declares " + declared
                + " bytes but the file ends after " + present);
    }

    /** Versions 1 and 2 store the dict in Latin-1, version 3 in UTF-8. */
    private static String decode(ByteBuffer bytes, int major, String source) throws NpyFormatException {
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source, "malformed header: not valid " + charset + " text");
        }
    }

    private static NpyHeader fromDict(Map<String, Object> dict, int major, long dataOffset, String source)
            throws NpyFormatException {
        for (String key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw new NpyFormatException(source, "malformed header dict: unexpected key '" + key
                        + "' (an .npy header has exactly 'descr', 'fortran_order' and 'shape')");
            }
        }
        Object descr = required(dict, "descr", source);
        Object fortranOrder = required(dict, "fortran_order", source);
        Object shape = required(dict, "shape", source);
        if (descr instanceof List<?>) {
            throw new NpyFormatException(source, "structured dtype " + PythonLiteralParser.repr(descr)
                    + " is not supported: conv4j reads arrays of plain numbers");
        }
        if (!(descr instanceof String dtype)) {
            throw wrongType(source, "descr", "a string", descr);
        }
        if (!(fortranOrder instanceof Boolean fortran)) {
            throw wrongType(source, "fortran_order", "True or False", fortranOrder);
        }
        if (!(shape instanceof Tuple dims)) {
            throw wrongType(source, "shape", "a tuple of sizes", shape);
        }
        return new NpyHeader(dtype, fortran, toShape(dims, source), major, dataOffset);
    }

    private static Object required(Map<String, Object> dict, String key, String source) throws NpyFormatException {
        Object value = dict.get(key);
        if (value == null) {
            throw new NpyFormatException(source, "malformed header dict: no '" + key + "' key");
        }
        return value;
    }

    private static NpyFormatException wrongType(String source, String key, String expected, Object actual) {
        return new NpyFormatException(source, "malformed header dict: '" + key + "' must be " + expected
                + ", not " + PythonLiteralParser.repr(actual));
    }

    private static Shape toShape(Tuple tuple, String source) throws NpyFormatException {
        List<Object> items = tuple.items();
        int[] dims = new int[items.size()];
        for (int axis = 0; axis < dims.length; axis++) {
            if (!(items.get(axis) instanceof Long size)) {
                throw wrongType(source, "shape", "a tuple of whole numbers", tuple);
            }
            if (size < 0) {
                throw new NpyFormatException(source, "shape " + tuple + " has a negative size at axis " + axis);
            }
            if (size > Integer.MAX_VALUE) {
                throw new NpyFormatException(source, "shape " + tuple + " has size " + size + " at axis " + axis
                        + ", more than " + Integer.MAX_VALUE);
            }
            dims[axis] = size.intValue();
        }
        return Shape.of(dims);
    }
}
