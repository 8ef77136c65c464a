package dev.conv4j.io.zarr;

import dev.conv4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Zarr v2 or v3 array in a directory of a local or shared file system: metadata plus one file
 * per chunk. Values come and go as float32 (conv4j's element type) whatever the stored type.
 *
 * <p>Reads take any box of the array and touch only the chunks that box overlaps; a chunk with
 * no file reads as the fill value. Writes go chunk by chunk, each chunk's file written whole to a
 * temporary file and renamed into place, so a reader, a retried task or a crash never sees a
 * torn chunk. Instances hold no mutable state: many threads and processes may read one array
 * and write different chunks of it at once.
 */
public final class ZarrArray {
    static final String V2_ARRAY = ".zarray";
    static final String V2_ATTRIBUTES = ".zattrs";
    static final String V3_METADATA = "zarr.json";

    private final Path directory;
    private final ZarrMetadata metadata;

    private ZarrArray(Path directory, ZarrMetadata metadata) {
        this.directory = directory;
        this.metadata = metadata;
    }

    /** Opens the array stored in {@code directory} (v3 when it has a {@code zarr.json}, else v2). */
    public static ZarrArray open(Path directory) throws IOException {
        Path v3 = directory.resolve(V3_METADATA);
        Path v2 = directory.resolve(V2_ARRAY);
        if (Files.isRegularFile(v3)) {
            return new ZarrArray(directory, ZarrJson.parseV3(readSmall(v3), v3.toString()));
        }
        if (Files.isRegularFile(v2)) {
            Path attrs = directory.resolve(V2_ATTRIBUTES);
            byte[] attributes = Files.isRegularFile(attrs) ? readSmall(attrs) : null;
            return new ZarrArray(directory, ZarrJson.parseV2(readSmall(v2), attributes, v2.toString(), attrs.toString()));
        }
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such Zarr array directory");
        }
        throw new ZarrFormatException(directory.toString(), "has neither zarr.json (Zarr v3) nor .zarray (Zarr v2)");
    }

    /** Metadata documents are small; a huge one is a wrong file, not metadata to load. */
    private static byte[] readSmall(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 64L << 20) {
            throw new ZarrFormatException(file.toString(), size + " bytes is too large for Zarr metadata");
        }
        return Files.readAllBytes(file);
    }

    /**
     * Creates (or replaces the metadata of) an array in {@code directory}. Chunks already there
     * are kept: a rerun of an interrupted job overwrites them one by one.
     */
    public static ZarrArray create(Path directory, ZarrMetadata metadata) throws IOException {
        Files.createDirectories(directory);
        if (metadata.zarrFormat() == 3) {
            byte[] json = ZarrJson.v3Array(metadata);
            AtomicFiles.write(directory.resolve(V3_METADATA), out -> out.write(json));
        } else {
            byte[] attrs = ZarrJson.v2Attributes(metadata);
            byte[] array = ZarrJson.v2Array(metadata);
            AtomicFiles.write(directory.resolve(V2_ATTRIBUTES), out -> out.write(attrs));
            AtomicFiles.write(directory.resolve(V2_ARRAY), out -> out.write(array));
        }
        return new ZarrArray(directory, metadata);
    }

    public Path directory() {
        return directory;
    }

    public ZarrMetadata metadata() {
        return metadata;
    }

    /** The file of chunk {@code chunkIndex}. */
    public Path chunkPath(long[] chunkIndex) {
        return directory.resolve(metadata.keyEncoding().key(chunkIndex));
    }

    /** The first element of chunk {@code chunkIndex}, per axis. */
    public long[] chunkStart(long[] chunkIndex) {
        long[] start = new long[chunkIndex.length];
        for (int a = 0; a < start.length; a++) {
            start[a] = chunkIndex[a] * metadata.chunkSize(a);
        }
        return start;
    }

    /** The size of chunk {@code chunkIndex} inside the array: the chunk shape, clipped at the array's far edges. */
    public int[] chunkExtent(long[] chunkIndex) {
        int[] extent = new int[chunkIndex.length];
        for (int a = 0; a < extent.length; a++) {
            if (chunkIndex[a] < 0 || chunkIndex[a] >= metadata.chunkCount(a)) {
                throw new IllegalArgumentException("chunk " + Arrays.toString(chunkIndex) + " is outside the grid of "
                        + metadata);
            }
            extent[a] = (int) Math.min(metadata.chunkSize(a), metadata.size(a) - chunkIndex[a] * metadata.chunkSize(a));
        }
        return extent;
    }

    /** Reads the box {@code [start, start + size)} (inside the array) in C order. */
    public float[] read(long[] start, int[] size) throws IOException {
        float[] out = new float[Math.toIntExact(product(size))];
        read(start, size, out);
        return out;
    }

    /** Reads the box {@code [start, start + size)} into {@code dst} (C order, from index 0). */
    public void read(long[] start, int[] size, float[] dst) throws IOException {
        checkBox(start, size);
        int rank = start.length;
        if (product(size) == 0) {
            return;
        }
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int a = 0; a < rank; a++) {
            first[a] = start[a] / metadata.chunkSize(a);
            last[a] = (start[a] + size[a] - 1) / metadata.chunkSize(a);
        }
        int[] chunkDims = metadata.chunks();
        int[] srcStart = new int[rank];
        int[] dstStart = new int[rank];
        int[] extent = new int[rank];
        forEachChunk(first, last, chunk -> {
            float[] values = readChunk(chunk);
            for (int a = 0; a < rank; a++) {
                long chunkLo = chunk[a] * metadata.chunkSize(a);
                long lo = Math.max(chunkLo, start[a]);
                long hi = Math.min(chunkLo + metadata.chunkSize(a), start[a] + size[a]);
                srcStart[a] = (int) (lo - chunkLo);
                dstStart[a] = (int) (lo - start[a]);
                extent[a] = (int) (hi - lo);
            }
            Boxes.copy(values, chunkDims, srcStart, dst, size, dstStart, extent);
        });
    }

    @FunctionalInterface
    private interface ChunkAction {
        void accept(long[] chunkIndex) throws IOException;
    }

    /** Chunk indices from {@code first} to {@code last} (inclusive) per axis, in C order. */
    private static void forEachChunk(long[] first, long[] last, ChunkAction action) throws IOException {
        long[] chunk = first.clone();
        while (true) {
            action.accept(chunk);
            int a = chunk.length - 1;
            while (a >= 0 && chunk[a] == last[a]) {
                chunk[a] = first[a];
                a--;
            }
            if (a < 0) {
                return;
            }
            chunk[a]++;
        }
    }

    /** The whole chunk (its full chunk shape, edge chunks included), or fill values when it has no file. */
    public float[] readChunk(long[] chunkIndex) throws IOException {
        chunkExtent(chunkIndex);
        Path file = chunkPath(chunkIndex);
        int elements = metadata.chunkElements();
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            float[] fill = new float[elements];
            Arrays.fill(fill, (float) metadata.fillValue());
            return fill;
        }
        ZarrDataType type = metadata.dataType();
        byte[] raw = metadata.codec().decode(stored, elements * type.bytes(), file.toString());
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(metadata.byteOrder());
        float[] values = new float[elements];
        if (type == ZarrDataType.FLOAT32) {
            buffer.asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < elements; i++) {
                values[i] = type.get(buffer, i);
            }
        }
        return values;
    }

    /**
     * Writes chunk {@code chunkIndex} atomically from {@code values}, which hold its
     * {@link #chunkExtent extent} in C order; the rest of an edge chunk is stored as the fill
     * value, as zarr-python stores it.
     */
    public void writeChunk(long[] chunkIndex, float[] values) throws IOException {
        int[] extent = chunkExtent(chunkIndex);
        if (values.length != product(extent)) {
            throw new IllegalArgumentException("chunk " + Arrays.toString(chunkIndex) + " has extent "
                    + Arrays.toString(extent) + " (" + product(extent) + " values), not " + values.length);
        }
        int[] chunkDims = metadata.chunks();
        float[] whole = values;
        if (!Arrays.equals(extent, chunkDims)) {
            whole = new float[metadata.chunkElements()];
            Arrays.fill(whole, (float) metadata.fillValue());
            Boxes.copy(values, extent, new int[extent.length], whole, chunkDims, new int[extent.length], extent);
        }
        ZarrDataType type = metadata.dataType();
        byte[] raw = new byte[whole.length * type.bytes()];
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(metadata.byteOrder());
        if (type == ZarrDataType.FLOAT32) {
            buffer.asFloatBuffer().put(whole);
        } else {
            for (int i = 0; i < whole.length; i++) {
                type.put(buffer, i, whole[i]);
            }
        }
        byte[] stored = metadata.codec().encode(raw);
        Path file = chunkPath(chunkIndex);
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> out.write(stored));
    }

    /**
     * Writes the box {@code [start, start + size)}, which must consist of whole chunks (edge
     * chunks clipped at the array's end), chunk by chunk.
     */
    public void write(long[] start, int[] size, float[] values) throws IOException {
        checkBox(start, size);
        int rank = start.length;
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int a = 0; a < rank; a++) {
            int c = metadata.chunkSize(a);
            long end = start[a] + size[a];
            if (start[a] % c != 0 || (end % c != 0 && end != metadata.size(a))) {
                throw new IllegalArgumentException("box " + Arrays.toString(start) + " + " + Arrays.toString(size)
                        + " does not consist of whole chunks " + Arrays.toString(metadata.chunks()) + " along axis " + a);
            }
            first[a] = start[a] / c;
            last[a] = (end - 1) / c;
        }
        if (product(size) == 0) {
            return;
        }
        int[] zero = new int[rank];
        int[] srcStart = new int[rank];
        forEachChunk(first, last, chunk -> {
            int[] extent = chunkExtent(chunk);
            for (int a = 0; a < rank; a++) {
                srcStart[a] = (int) (chunk[a] * metadata.chunkSize(a) - start[a]);
            }
            float[] part = new float[Math.toIntExact(product(extent))];
            Boxes.copy(values, size, srcStart, part, extent, zero, extent);
            writeChunk(chunk, part);
        });
    }

    private void checkBox(long[] start, int[] size) {
        if (start.length != metadata.rank() || size.length != metadata.rank()) {
            throw new IllegalArgumentException("box of rank " + start.length + " for an array of rank " + metadata.rank());
        }
        for (int a = 0; a < start.length; a++) {
            if (start[a] < 0 || size[a] < 0 || start[a] + size[a] > metadata.size(a)) {
                throw new IllegalArgumentException("box " + Arrays.toString(start) + " + " + Arrays.toString(size)
                        + " is outside the array's shape " + Arrays.toString(metadata.shape()));
            }
        }
    }

    static long product(int[] size) {
        long n = 1;
        for (int s : size) {
            n *= s;
        }
        return n;
    }

    @Override
    public String toString() {
        return directory + " (" + metadata + ")";
    }
}
