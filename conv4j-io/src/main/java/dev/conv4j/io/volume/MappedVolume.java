package dev.conv4j.io.volume;

import dev.conv4j.io.Npy;
import dev.conv4j.io.NpyFormatException;
import dev.conv4j.io.NpyHeader;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiFormatException;
import dev.conv4j.io.nifti.NiftiLayout;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A volume in a file, memory-mapped (any size; the operating system pages it in as planes are
 * read): an uncompressed {@code .npy}, an uncompressed {@code .nii}, or raw voxels.
 */
public final class MappedVolume implements VolumeSource {
    /** Stored voxel types. */
    public enum Type {
        U1(1), I1(1), I2(2), U2(2), I4(4), U4(4), I8(8), F4(4), F8(8);

        final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }

        /** From numpy's code without the byte order: {@code f4}, {@code u1}... */
        public static Type parse(String code, String source) {
            try {
                return valueOf(code.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": voxel type '" + code
                        + "' is not one of u1, i1, i2, u2, i4, u4, i8, f4, f8");
            }
        }
    }

    private final Arena arena;
    private final MemorySegment data;
    private final int[] dhw;
    private final Type type;
    private final ByteOrder order;
    private final double slope;
    private final double inter;
    /** Planes before this one have been unloaded. */
    private int released;

    private MappedVolume(Path file, long offset, int[] dhw, Type type, ByteOrder order, double slope, double inter)
            throws IOException {
        this.dhw = dhw;
        this.type = type;
        this.order = order;
        this.slope = slope;
        this.inter = inter;
        long bytes = Math.multiplyExact(Math.multiplyExact((long) dhw[0] * dhw[1], (long) dhw[2]), (long) type.bytes);
        this.arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < offset + bytes) {
                throw new IOException(file + ": truncated: " + dhw[0] + "x" + dhw[1] + "x" + dhw[2] + " voxels of "
                        + type.name().toLowerCase(Locale.ROOT) + " need " + bytes + " bytes from offset " + offset
                        + ", but the file has " + Math.max(0, channel.size() - offset));
            }
            this.data = channel.map(FileChannel.MapMode.READ_ONLY, offset, bytes, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** An uncompressed {@code .npy} volume ({@code [D,H,W]}, extra axes of size 1 allowed), C order. */
    public static MappedVolume npy(Path file) throws IOException {
        NpyHeader h = Npy.readHeader(file);
        if (h.fortranOrder()) {
            throw new NpyFormatException(file.toString(), "fortran_order True is not supported: save with np.ascontiguousarray");
        }
        String descr = h.dtype();
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Type type;
        try {
            type = Type.parse(descr.substring(1), file.toString());
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file.toString(), "dtype '" + descr + "' is not a voxel type conv4j streams"
                    + " (u1, i1, i2, u2, i4, u4, i8, f4, f8)");
        }
        int[] dhw = VolumeShapes.squeezeTo3d(h.shape().dims(), file.toString());
        return new MappedVolume(file, h.dataOffset(), dhw, type, order, 1, 0);
    }

    /** An uncompressed {@code .nii} volume; scl_slope/scl_inter applied. */
    public static MappedVolume nifti(Path file) throws IOException {
        NiftiLayout layout = Nifti.readLayout(file);
        if (layout.compressed()) {
            throw new NiftiFormatException(file.toString(), "a .nii.gz cannot be memory-mapped: filter it in memory,"
                    + " or gunzip it first to filter out of core");
        }
        int[] dhw = VolumeShapes.squeezeTo3d(layout.shape(), file.toString());
        Type type = switch (layout.datatype()) {
            case UINT8 -> Type.U1;
            case INT8 -> Type.I1;
            case INT16 -> Type.I2;
            case UINT16 -> Type.U2;
            case INT32 -> Type.I4;
            case UINT32 -> Type.U4;
            case INT64 -> Type.I8;
            case FLOAT32 -> Type.F4;
            case FLOAT64 -> Type.F8;
        };
        boolean scaled = layout.header().scaled();
        return new MappedVolume(file, layout.dataOffset(), dhw, type, layout.header().sourceOrder(),
                scaled ? layout.header().sclSlope() : 1, scaled ? layout.header().sclInter() : 0);
    }

    /** Raw voxels {@code [D, H, W]} in C order from byte {@code offset}. */
    public static MappedVolume raw(Path file, long offset, int[] dhw, Type type, ByteOrder order) throws IOException {
        return new MappedVolume(file, offset, dhw.clone(), type, order, 1, 0);
    }

    @Override
    public int depth() {
        return dhw[0];
    }

    @Override
    public int height() {
        return dhw[1];
    }

    @Override
    public int width() {
        return dhw[2];
    }

    @Override
    public int bytesPerVoxel() {
        return type.bytes;
    }

    @Override
    public void read(int from, int to, float[] dst, int offset) {
        long plane = planeVoxels();
        long first = from * plane;
        int count = Math.toIntExact((to - from) * plane);
        boolean identity = slope == 1 && inter == 0;
        if (type == Type.F4 && identity) {
            MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), first * 4, dst, offset, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            long at = (first + i) * type.bytes;
            double v = switch (type) {
                case U1 -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, at));
                case I1 -> data.get(ValueLayout.JAVA_BYTE, at);
                case I2 -> data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), at);
                case U2 -> Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), at));
                case I4 -> data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), at);
                case U4 -> Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), at));
                case I8 -> data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), at);
                case F4 -> data.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), at);
                case F8 -> data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), at);
            };
            dst[offset + i] = identity ? (float) v : (float) (v * slope + inter);
        }
    }

    /** Unloads the pages of planes {@code [released, plane)} (madvise DONTNEED); they are re-read if needed. */
    @Override
    public synchronized void release(int plane) {
        int to = Math.min(plane, depth());
        if (to > released) {
            long bytesPerPlane = planeVoxels() * type.bytes;
            data.asSlice(released * bytesPerPlane, (to - released) * bytesPerPlane).unload();
            released = to;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
