package dev.conv4j.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 348-byte NIfTI-1 header, kept whole so that every field (pixdim, qform/sform, descrip,
 * intent, units, ...) survives a read and a write unchanged unless conv4j sets it on purpose.
 *
 * <p>The bytes are held little-endian whatever the file's order; {@link #sourceOrder()} tells
 * what the file used (detected, as the standard says, by which order makes {@code sizeof_hdr}
 * 348). Immutable: the {@code with...} methods return changed copies.
 *
 * <p>Axes: NIfTI stores {@code x} fastest, so the voxels of a {@code dim = [3, nx, ny, nz]}
 * volume are, in C order, an array {@code [nz, ny, nx]}; {@link #shape(String)} gives that order.
 */
public final class NiftiHeader {
    public static final int SIZE = 348;
    /** Header plus the 4-byte extension flag: where data starts in a .nii without extensions. */
    public static final int MIN_DATA_OFFSET = 352;

    /** {offset, bytes per item, item count} of every multi-byte field, for byte swapping. */
    private static final int[][] NUMERIC_FIELDS = {
        {0, 4, 1}, {32, 4, 1}, {36, 2, 1}, {40, 2, 8}, {56, 4, 3}, {68, 2, 4}, {76, 4, 8}, {108, 4, 3},
        {120, 2, 1}, {124, 4, 4}, {140, 4, 2}, {252, 2, 2}, {256, 4, 6}, {280, 4, 12},
    };

    private final byte[] bytes;
    private final ByteOrder sourceOrder;

    private NiftiHeader(byte[] littleEndian, ByteOrder sourceOrder) {
        this.bytes = littleEndian;
        this.sourceOrder = sourceOrder;
    }

    /**
     * Parses the first 348 bytes of a NIfTI-1 file.
     *
     * @throws NiftiFormatException when {@code sizeof_hdr} is 348 in neither byte order (NIfTI-2's
     *     540 is named), or the magic is not {@code n+1}/{@code ni1}
     */
    public static NiftiHeader parse(byte[] raw, String source) throws NiftiFormatException {
        if (raw.length < SIZE) {
            throw new NiftiFormatException(source, "file of " + raw.length
                    + " bytes is shorter than a NIfTI-1 header (348 bytes)");
        }
        ByteBuffer le = ByteBuffer.wrap(raw, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int little = le.getInt(0);
        int big = Integer.reverseBytes(little);
        ByteOrder order;
        if (little == SIZE) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (big == SIZE) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (little == 540 || big == 540) {
            throw new NiftiFormatException(source, "sizeof_hdr 540 is a NIfTI-2 header; conv4j reads NIfTI-1"
                    + " (convert with nibabel: nib.Nifti1Image(img.dataobj, img.affine, img.header))");
        } else {
            throw new NiftiFormatException(source, "not a NIfTI-1 file: sizeof_hdr is " + little
                    + " (little-endian) or " + big + " (big-endian), expected 348");
        }
        byte[] copy = Arrays.copyOf(raw, SIZE);
        if (order == ByteOrder.BIG_ENDIAN) {
            swap(copy);
        }
        NiftiHeader header = new NiftiHeader(copy, order);
        String magic = header.magic();
        if (!magic.equals("n+1") && !magic.equals("ni1")) {
            throw new NiftiFormatException(source, "magic '" + printable(magic)
                    + "' is neither 'n+1' (.nii) nor 'ni1' (.hdr/.img): an ANALYZE 7.5 header is not read");
        }
        return header;
    }

    /**
     * A fresh single-file ({@code n+1}) float32 header for a volume {@code [nz, ny, nx]} (or any
     * C-order shape of rank 1 to 7), unit voxels, no orientation, no scaling.
     */
    public static NiftiHeader create(int... cOrderShape) {
        byte[] b = new byte[SIZE];
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0, SIZE);
        b[38] = 'r';
        buf.putFloat(76, 1f);
        NiftiHeader h = new NiftiHeader(b, ByteOrder.LITTLE_ENDIAN);
        h = h.withShape(cOrderShape).withFloat32Data(MIN_DATA_OFFSET);
        float[] pixdim = h.pixdim();
        for (int i = 1; i <= 7; i++) {
            pixdim[i] = 1f;
        }
        pixdim[0] = 1f;
        return h.withFloats(76, pixdim).withMagic("n+1");
    }

    private static void swap(byte[] b) {
        for (int[] field : NUMERIC_FIELDS) {
            for (int item = 0; item < field[2]; item++) {
                int at = field[0] + item * field[1];
                for (int i = 0, j = field[1] - 1; i < j; i++, j--) {
                    byte t = b[at + i];
                    b[at + i] = b[at + j];
                    b[at + j] = t;
                }
            }
        }
    }

    private ByteBuffer buf() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The byte order of the file this header came from. */
    public ByteOrder sourceOrder() {
        return sourceOrder;
    }

    /** The header's 348 bytes, little-endian. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** {@code dim[0..7]} as stored. */
    public int[] dim() {
        int[] d = new int[8];
        for (int i = 0; i < 8; i++) {
            d[i] = buf().getShort(40 + 2 * i);
        }
        return d;
    }

    /**
     * The data's shape in C order, {@code [dim[n], ..., dim[1]]} for {@code n = dim[0]}:
     * {@code [nz, ny, nx]} for a volume.
     *
     * @throws NiftiFormatException naming the field when {@code dim[0]} is outside 1..7 or a used
     *     dimension is not positive
     */
    public int[] shape(String source) throws NiftiFormatException {
        int[] d = dim();
        if (d[0] < 1 || d[0] > 7) {
            throw new NiftiFormatException(source, "dim[0] is " + d[0] + ": the number of dimensions must be 1..7");
        }
        int[] shape = new int[d[0]];
        for (int i = 1; i <= d[0]; i++) {
            if (d[i] < 1) {
                throw new NiftiFormatException(source, "dim[" + i + "] is " + d[i] + " in dim "
                        + Arrays.toString(d) + ": every used dimension must be >= 1");
            }
            shape[d[0] - i] = d[i];
        }
        return shape;
    }

    public int datatypeCode() {
        return buf().getShort(70);
    }

    public int bitpix() {
        return buf().getShort(72);
    }

    /** {@code pixdim[0..7]}: {@code pixdim[0]} is the qfac, {@code pixdim[1..3]} the voxel sizes. */
    public float[] pixdim() {
        return floats(76, 8);
    }

    public float voxOffset() {
        return buf().getFloat(108);
    }

    public float sclSlope() {
        return buf().getFloat(112);
    }

    public float sclInter() {
        return buf().getFloat(116);
    }

    /** True when {@code scl_slope} is a finite non-zero number, so stored values are scaled on read. */
    public boolean scaled() {
        float s = sclSlope();
        return s != 0f && Float.isFinite(s) && !(s == 1f && sclInter() == 0f);
    }

    public float calMax() {
        return buf().getFloat(124);
    }

    public float calMin() {
        return buf().getFloat(128);
    }

    public int qformCode() {
        return buf().getShort(252);
    }

    public int sformCode() {
        return buf().getShort(254);
    }

    /** quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z. */
    public float[] quaternion() {
        return floats(256, 6);
    }

    /** The sform rows srow_x, srow_y, srow_z, 12 numbers. */
    public float[] srow() {
        return floats(280, 12);
    }

    public int xyztUnits() {
        return Byte.toUnsignedInt(bytes[123]);
    }

    public String descrip() {
        return text(148, 80);
    }

    public String auxFile() {
        return text(228, 24);
    }

    public String intentName() {
        return text(328, 16);
    }

    public int intentCode() {
        return buf().getShort(68);
    }

    public String magic() {
        return text(344, 4);
    }

    /** The same header with {@code dim} set for a C-order shape {@code [..., nz, ny, nx]}. */
    public NiftiHeader withShape(int... cOrderShape) {
        if (cOrderShape.length < 1 || cOrderShape.length > 7) {
            throw new IllegalArgumentException("a NIfTI-1 volume has 1 to 7 dimensions, not "
                    + cOrderShape.length + " " + Arrays.toString(cOrderShape));
        }
        byte[] b = bytes.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort(40, (short) cOrderShape.length);
        for (int i = 1; i <= 7; i++) {
            int size = i <= cOrderShape.length ? cOrderShape[cOrderShape.length - i] : 1;
            if (size < 1 || size > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI-1 dimensions are 1.." + Short.MAX_VALUE + "; shape "
                        + Arrays.toString(cOrderShape) + " has " + size);
            }
            buf.putShort(40 + 2 * i, (short) size);
        }
        return new NiftiHeader(b, sourceOrder);
    }

    /**
     * The same header describing float32 data at {@code dataOffset} with no scaling: datatype 16,
     * bitpix 32, scl_slope 1, scl_inter 0, and cal_min/cal_max cleared (the old display range no
     * longer describes the values). Everything else is kept.
     */
    public NiftiHeader withFloat32Data(long dataOffset) {
        byte[] b = bytes.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort(70, (short) NiftiDatatype.FLOAT32.code());
        buf.putShort(72, (short) 32);
        buf.putFloat(108, dataOffset);
        buf.putFloat(112, 1f);
        buf.putFloat(116, 0f);
        buf.putFloat(124, 0f);
        buf.putFloat(128, 0f);
        buf.putInt(140, 0);
        buf.putInt(144, 0);
        return new NiftiHeader(b, sourceOrder);
    }

    /** The same header with {@code descrip} (at most 79 ASCII characters are kept). */
    public NiftiHeader withDescrip(String text) {
        byte[] b = bytes.clone();
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(b, 148, 228, (byte) 0);
        System.arraycopy(t, 0, b, 148, Math.min(79, t.length));
        return new NiftiHeader(b, sourceOrder);
    }

    /** The same header with the single-file magic {@code n+1} (written .nii files hold their data). */
    public NiftiHeader withMagic(String magic) {
        byte[] b = bytes.clone();
        Arrays.fill(b, 344, 348, (byte) 0);
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, b, 344, Math.min(3, m.length));
        return new NiftiHeader(b, sourceOrder);
    }

    private NiftiHeader withFloats(int offset, float[] values) {
        byte[] b = bytes.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            buf.putFloat(offset + 4 * i, values[i]);
        }
        return new NiftiHeader(b, sourceOrder);
    }

    private float[] floats(int offset, int count) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = buf().getFloat(offset + 4 * i);
        }
        return f;
    }

    private String text(int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiHeader h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "NiftiHeader[dim=" + Arrays.toString(dim()) + " datatype=" + datatypeCode() + " bitpix=" + bitpix()
                + " pixdim=" + Arrays.toString(pixdim()) + " vox_offset=" + voxOffset() + " scl=" + sclSlope() + "/"
                + sclInter() + " descrip='" + descrip() + "']";
    }
}
