package dev.conv4j.io.nifti;

import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Gzip;
import dev.conv4j.io.HeapBudget;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes NIfTI-1 single-file volumes ({@code .nii}, and {@code .nii.gz} through gzip
 * streams).
 *
 * <p>Reading: the 348-byte header in either byte order (told apart by {@code sizeof_hdr}),
 * extensions, {@code vox_offset} (a single file that says 0 has its data at 352, as nibabel
 * assumes), voxel types uint8/int8/int16/uint16/int32/uint32/int64/float32/float64, and
 * {@code scl_slope}/{@code scl_inter} applied when the slope is a finite non-zero number.
 * Writing: float32, little-endian, with every other header field and extension of the template
 * kept (pixdim, qform/sform, descrip, units, intent ...), atomically.
 */
public final class Nifti {
    private static final int CHUNK_BYTES = 1 << 20;

    private Nifti() {
    }

    /** Reads the whole image. */
    public static NiftiVolume read(Path file) throws IOException {
        String source = file.toString();
        boolean gzip = isGzip(file);
        try (InputStream in = open(file)) {
            Head head = readHead(in, source, gzip);
            NiftiLayout layout = head.layout;
            long count = layout.voxelCount();
            if (count > Tensor.MAX_ELEMENTS) {
                throw new NiftiFormatException(source, "shape " + Shape.of(layout.shape()) + " has " + count
                        + " voxels, more than fit in memory as one array; filter it out of core from an"
                        + " uncompressed .nii (conv4j filter volume --slab N)");
            }
            checkLength(file, layout, gzip);
            HeapBudget.require(count * Float.BYTES, source, "the " + Shape.of(layout.shape()) + " float32 voxels");
            skip(in, layout.dataOffset() - head.consumed, source, layout);
            float[] values = new float[(int) count];
            readVoxels(in, layout, values, source);
            if (gzip) {
                Gzip.finish(in, source);
            }
            return new NiftiVolume(layout.header(), layout.extensions(), Tensor.wrap(Shape.of(layout.shape()), values));
        } catch (IOException e) {
            String damage = Gzip.damage(e);
            if (damage != null) {
                throw new NiftiFormatException(source, damage);
            }
            throw e;
        }
    }

    /**
     * Refuses, before anything is allocated, a file too short for the data its header describes:
     * a .nii by its size, a .nii.gz by the most its compressed size can expand to.
     */
    private static void checkLength(Path file, NiftiLayout layout, boolean gzip) throws IOException {
        long size = Files.size(file);
        long needed = layout.dataOffset() + layout.dataBytes();
        if (!gzip && size < needed) {
            throw truncated(file.toString(), layout, Math.max(0, size - layout.dataOffset()));
        }
        if (gzip && needed > Gzip.maxDecompressedBytes(size)) {
            throw new NiftiFormatException(file.toString(), "truncated or forged: the header's dim "
                    + Shape.of(layout.shape()) + " of " + layout.datatype().label() + " needs " + needed
                    + " bytes, more than " + size + " bytes of gzip can hold");
        }
    }

    /** Reads the header and extensions only, and checks that the file is long enough for its data. */
    public static NiftiLayout readLayout(Path file) throws IOException {
        String source = file.toString();
        boolean gzip = isGzip(file);
        try (InputStream in = open(file)) {
            NiftiLayout layout = readHead(in, source, gzip).layout;
            checkLength(file, layout, gzip);
            return layout;
        } catch (IOException e) {
            String damage = Gzip.damage(e);
            if (damage != null) {
                throw new NiftiFormatException(source, damage);
            }
            throw e;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (isGzip(file)) {
            try {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        }
        return raw;
    }

    /** Whether the file starts with the gzip magic (whatever its name says). */
    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Gzip.isMagic(in.read(), in.read());
        }
    }

    private record Head(NiftiLayout layout, long consumed) {
    }

    private static Head readHead(InputStream in, String source, boolean gzip) throws IOException {
        byte[] raw = in.readNBytes(NiftiHeader.SIZE);
        NiftiHeader header = NiftiHeader.parse(raw, source);
        if (header.magic().equals("ni1")) {
            throw new NiftiFormatException(source, "magic 'ni1' marks a two-file NIfTI (.hdr + .img);"
                    + " conv4j reads single .nii/.nii.gz files (convert with fslchfiletype NIFTI or nibabel)");
        }
        int[] shape = header.shape(source);
        NiftiDatatype type = NiftiDatatype.forCode(header.datatypeCode(), source);
        if (header.bitpix() != type.bitsPerVoxel()) {
            throw new NiftiFormatException(source, "bitpix " + header.bitpix() + " does not match datatype "
                    + type.label() + " (" + type.code() + "), which has " + type.bitsPerVoxel() + " bits");
        }
        float vox = header.voxOffset();
        if (!Float.isFinite(vox) || vox < 0 || vox != Math.rint(vox)) {
            throw new NiftiFormatException(source, "vox_offset " + vox + " is not a whole non-negative number of bytes");
        }
        long consumed = NiftiHeader.SIZE;
        List<NiftiExtension> extensions = new ArrayList<>();
        byte[] extender = in.readNBytes(4);
        consumed += extender.length;
        long offset = (long) vox;
        if (extender.length == 4 && extender[0] != 0) {
            long limit = offset >= NiftiHeader.MIN_DATA_OFFSET ? offset : Long.MAX_VALUE;
            ByteOrder order = header.sourceOrder();
            while (consumed + 8 <= limit) {
                in.mark(8);
                byte[] prefix = in.readNBytes(8);
                ByteBuffer p = ByteBuffer.wrap(prefix).order(order);
                int esize = prefix.length == 8 ? p.getInt(0) : -1;
                if (esize < 16 || esize % 16 != 0 || consumed + esize > limit) {
                    in.reset();
                    break;
                }
                byte[] content = in.readNBytes(esize - 8);
                if (content.length != esize - 8) {
                    throw new NiftiFormatException(source, "extension of " + esize + " bytes at byte " + consumed
                            + " is cut off by the end of the file");
                }
                extensions.add(new NiftiExtension(p.getInt(4), content));
                consumed += esize;
            }
        }
        if (offset < NiftiHeader.MIN_DATA_OFFSET) {
            // vox_offset 0 (or < 352) in a single file: the data follows the header and extensions
            offset = consumed;
        } else if (offset < consumed) {
            throw new NiftiFormatException(source, "vox_offset " + offset + " points inside the header extensions,"
                    + " which end at byte " + consumed);
        }
        NiftiLayout layout = new NiftiLayout(header, extensions, offset, type, shape, gzip);
        try {
            Math.addExact(offset, layout.dataBytes());
        } catch (ArithmeticException overflow) {
            throw new NiftiFormatException(source, "dim " + Arrays.toString(header.dim()) + " of "
                    + type.label() + " describes more than " + Long.MAX_VALUE + " bytes of data");
        }
        return new Head(layout, consumed);
    }

    private static void skip(InputStream in, long bytes, String source, NiftiLayout layout) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw truncated(source, layout, 0);
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static void readVoxels(InputStream in, NiftiLayout layout, float[] values, String source)
            throws IOException {
        NiftiDatatype type = layout.datatype();
        int itemBytes = type.bytes();
        int perChunk = Math.max(1, CHUNK_BYTES / itemBytes);
        byte[] chunk = new byte[perChunk * itemBytes];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(layout.header().sourceOrder());
        boolean scaled = layout.header().scaled();
        double slope = layout.header().sclSlope();
        double inter = layout.header().sclInter();
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            int got = in.readNBytes(chunk, 0, count * itemBytes);
            if (got != count * itemBytes) {
                throw truncated(source, layout, (long) done * itemBytes + got);
            }
            view.clear();
            if (type == NiftiDatatype.FLOAT32 && !scaled) {
                view.asFloatBuffer().get(values, done, count);
            } else {
                for (int i = 0; i < count; i++) {
                    double v = type.read(view);
                    values[done + i] = scaled ? (float) (v * slope + inter) : (float) v;
                }
            }
            done += count;
        }
    }

    private static NiftiFormatException truncated(String source, NiftiLayout layout, long present) {
        return new NiftiFormatException(source, "truncated data: the header's dim " + Shape.of(layout.shape())
                + " of " + layout.datatype().label() + " needs " + layout.dataBytes() + " bytes from offset "
                + layout.dataOffset() + ", but only " + present + " follow");
    }

    /**
     * Writes {@code data} as float32 with {@code template}'s header fields and {@code extensions};
     * gzip-compressed when the name ends in {@code .gz}. The file appears whole or not at all.
     */
    public static void write(Path file, NiftiHeader template, List<NiftiExtension> extensions, Tensor data)
            throws IOException {
        NiftiHeader header = headerFor(template, extensions, data.shape().dims());
        AtomicFiles.write(file, out -> {
            OutputStream target = gzipped(file) ? new GZIPOutputStream(out, 1 << 16) : out;
            writeHeader(target, header, extensions);
            writeFloats(target, data.data(), 0, data.data().length);
            if (target instanceof GZIPOutputStream gz) {
                gz.finish();
            }
            target.flush();
        });
    }

    /** Writes a volume read earlier with new data (of any shape): header fields and extensions kept. */
    public static void write(Path file, NiftiVolume like, Tensor data) throws IOException {
        write(file, like.header(), like.extensions(), data);
    }

    /** Whether a path names a gzip-compressed file ({@code .gz}). */
    public static boolean gzipped(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /**
     * The header a float32 file of C-order {@code shape} gets from {@code template}: dims set,
     * float32 unscaled, data right after the extensions, magic {@code n+1}.
     */
    public static NiftiHeader headerFor(NiftiHeader template, List<NiftiExtension> extensions, int... shape) {
        long offset = NiftiHeader.MIN_DATA_OFFSET;
        for (NiftiExtension e : extensions) {
            offset += e.size();
        }
        return template.withShape(shape).withFloat32Data(offset).withMagic("n+1");
    }

    /** Writes the 348-byte header, the extension flag and the extensions (for streaming writers). */
    public static void writeHeader(OutputStream out, NiftiHeader header, List<NiftiExtension> extensions)
            throws IOException {
        out.write(header.toBytes());
        out.write(new byte[] {(byte) (extensions.isEmpty() ? 0 : 1), 0, 0, 0});
        for (NiftiExtension e : extensions) {
            ByteBuffer b = ByteBuffer.allocate(e.size()).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(e.size()).putInt(e.code()).put(e.content());
            out.write(b.array());
        }
    }

    /** Writes float32 values little-endian (for streaming writers). */
    public static void writeFloats(OutputStream out, float[] values, int offset, int count) throws IOException {
        int perChunk = Math.min(Math.max(count, 1), CHUNK_BYTES / Float.BYTES);
        ByteBuffer chunk = ByteBuffer.allocate(perChunk * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            chunk.clear();
            chunk.asFloatBuffer().put(values, offset + done, n);
            out.write(chunk.array(), 0, n * Float.BYTES);
            done += n;
        }
    }
}
