package dev.conv4j.spark;

import dev.conv4j.io.zarr.Boxes;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.io.zarr.ZarrCodec;
import dev.conv4j.io.zarr.ZarrDataType;
import dev.conv4j.io.zarr.ZarrMetadata;
import dev.conv4j.plan.Planner;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark volume}: a {@link VolumeOperation} over a Zarr array, written as a Zarr array.
 *
 * <p>The driver reads the input's metadata, creates the output's, and cuts the output's chunk
 * grid into blocks of whole chunks; each block is one Spark task. A task reads the input box its
 * block needs (the block grown by the kernel's reach, {@link Blocks}), computes the block with
 * {@code spark.task.cpus} threads, and writes the block's chunks, each atomically. Tasks share
 * nothing but the file system, so a retried or speculative attempt rewrites the same chunks with
 * the same bytes, and a rerun after a crash completes the output.
 */
public final class VolumeJob {
    private VolumeJob() {
    }

    /**
     * How to run a volume job.
     *
     * @param chunks the output's chunk shape per spatial axis (null: the input's)
     * @param codec the output's compression, as {@link ZarrCodec#parse} reads it (null: the input's)
     * @param blockVoxels output voxels per task at most (whole chunks; at least one chunk)
     * @param observer told after every chunk written
     */
    public record Options(int[] chunks, String codec, long blockVoxels, ChunkObserver observer) implements Serializable {
        /**
         * 2^23 voxels (32 MiB of float32) per task: with the grown input block, the convolution's
         * output and its working copies a task stays within a few hundred MiB, so a 2 GiB executor
         * runs two tasks at once (blocks of 2^24 ran out of memory there).
         */
        public static final long DEFAULT_BLOCK_VOXELS = 1L << 23;

        public static Options defaults() {
            return new Options(null, null, DEFAULT_BLOCK_VOXELS, ChunkObserver.none());
        }

        public Options withChunks(int[] newChunks) {
            return new Options(newChunks, codec, blockVoxels, observer);
        }

        public Options withCodec(String newCodec) {
            return new Options(chunks, newCodec, blockVoxels, observer);
        }

        public Options withBlockVoxels(long voxels) {
            return new Options(chunks, codec, voxels, observer);
        }

        public Options withObserver(ChunkObserver newObserver) {
            return new Options(chunks, codec, blockVoxels, newObserver);
        }
    }

    /**
     * What a job did.
     *
     * @param outputShape the output array's shape
     * @param tasks blocks (tasks)
     * @param chunks output chunks written
     * @param voxelsWritten output voxels
     * @param voxelsRead input voxels the tasks read (their grown blocks, boundary values included)
     * @param chunkVoxelsDecoded voxels of the input chunks the tasks decoded to read those
     * @param seconds wall time of the job
     */
    public record Report(long[] outputShape, int tasks, long chunks, long voxelsWritten, long voxelsRead,
                         long chunkVoxelsDecoded, double seconds) implements Serializable {
        /** Input voxels read per output voxel written: the halo's cost. */
        public double readAmplification() {
            return voxelsRead / (double) Math.max(1, voxelsWritten);
        }
    }

    /** One task's output: chunks {@code [from, to)} of the output's grid (spatial axes). */
    record Block(long[] from, long[] to) implements Serializable {
    }

    /** What one task did. */
    record BlockResult(long chunks, long voxelsWritten, long voxelsRead, long chunkVoxelsDecoded) implements Serializable {
    }

    public static Report run(SparkSession spark, Path input, Path output, VolumeOperation op, Options options)
            throws IOException {
        long start = System.nanoTime();
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--output " + output + " is the input: write the result elsewhere");
        }
        ZarrArray in = ZarrArray.open(input);
        ZarrMetadata im = in.metadata();
        int spatial = VolumeOperation.SPATIAL_RANK;
        if (im.rank() != spatial && im.rank() != spatial + 1) {
            throw new IllegalArgumentException(input + ": shape " + Arrays.toString(im.shape())
                    + " is not a volume [D,H,W] or [D,H,W,C]");
        }
        long[] n = Arrays.copyOf(im.shape(), spatial);
        int channels = im.rank() > spatial ? (int) im.size(spatial) : 1;
        long[] shape = op.outputShape(n, channels);
        boolean channelAxis = im.rank() > spatial || shape[spatial] != 1;
        long[] outShape = channelAxis ? shape : Arrays.copyOf(shape, spatial);
        int[] spatialChunks = options.chunks() != null ? options.chunks() : Arrays.copyOf(im.chunks(), spatial);
        if (spatialChunks.length != spatial) {
            throw new IllegalArgumentException("--chunks " + Arrays.toString(spatialChunks) + " must give " + spatial
                    + " sizes (D,H,W)");
        }
        int[] chunks = channelAxis ? Arrays.copyOf(spatialChunks, spatial + 1) : spatialChunks.clone();
        if (channelAxis) {
            chunks[spatial] = Math.toIntExact(shape[spatial]);
        }
        ZarrCodec codec = options.codec() != null ? ZarrCodec.parse(options.codec()) : im.codec();
        if (im.zarrFormat() == 3 && codec.kind() == ZarrCodec.Kind.ZLIB) {
            codec = new ZarrCodec(ZarrCodec.Kind.GZIP, codec.level());
        }
        Map<String, Object> attributes = new LinkedHashMap<>(im.attributes());
        attributes.put("conv4j", op.describe());
        ZarrMetadata om = new ZarrMetadata(im.zarrFormat(), outShape, chunks, ZarrDataType.FLOAT32,
                ByteOrder.LITTLE_ENDIAN, 0, codec,
                im.zarrFormat() == 3 ? ZarrMetadata.KeyEncoding.V3 : ZarrMetadata.KeyEncoding.V2, attributes);
        removeTemporaries(output);
        ZarrArray out = ZarrArray.create(output, om);
        List<Block> blocks = blocks(om, options.blockVoxels());
        String inPath = input.toAbsolutePath().toString();
        String outPath = output.toAbsolutePath().toString();
        ChunkObserver observer = options.observer();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("conv4j volume: " + op.describe() + " of " + input + " -> " + output);
        List<BlockResult> results = jsc.parallelize(blocks, Math.max(1, blocks.size()))
                .map(block -> computeBlock(Path.of(inPath), Path.of(outPath), op, block, observer))
                .collect();
        long chunkCount = 0;
        long written = 0;
        long read = 0;
        long decoded = 0;
        for (BlockResult r : results) {
            chunkCount += r.chunks();
            written += r.voxelsWritten();
            read += r.voxelsRead();
            decoded += r.chunkVoxelsDecoded();
        }
        return new Report(out.metadata().shape(), blocks.size(), chunkCount, written, read, decoded,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Deletes the temporary files a killed run left (its chunks' hidden {@code .NAME.RANDOM.tmp}
     * siblings); complete chunks stay and are rewritten.
     */
    static void removeTemporaries(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return;
        }
        try (Stream<Path> files = Files.walk(output)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The output's chunk grid cut into blocks of whole chunks, at most {@code blockVoxels} voxels each (>= 1 chunk). */
    static List<Block> blocks(ZarrMetadata om, long blockVoxels) {
        int spatial = VolumeOperation.SPATIAL_RANK;
        long[] per = new long[spatial];
        Arrays.fill(per, 1);
        long chunkVoxels = 1;
        for (int a = 0; a < om.rank(); a++) {
            chunkVoxels *= om.chunkSize(a);
        }
        // grow the block one axis at a time, last axis first, while it fits
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int a = spatial - 1; a >= 0; a--) {
                long voxels = chunkVoxels;
                for (int b = 0; b < spatial; b++) {
                    voxels *= b == a ? per[b] + 1 : per[b];
                }
                if (per[a] < om.chunkCount(a) && voxels <= blockVoxels) {
                    per[a]++;
                    grew = true;
                }
            }
        }
        List<Block> blocks = new ArrayList<>();
        long[] at = new long[spatial];
        if (om.elementCount() == 0) {
            return blocks;
        }
        while (true) {
            long[] to = new long[spatial];
            for (int a = 0; a < spatial; a++) {
                to[a] = Math.min(om.chunkCount(a), at[a] + per[a]);
            }
            blocks.add(new Block(at.clone(), to));
            int a = spatial - 1;
            while (a >= 0 && (at[a] += per[a]) >= om.chunkCount(a)) {
                at[a] = 0;
                a--;
            }
            if (a < 0) {
                return blocks;
            }
        }
    }

    /** One task: computes a block and writes its chunks. */
    static BlockResult computeBlock(Path input, Path output, VolumeOperation op, Block block, ChunkObserver observer)
            throws IOException {
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        int attempt = task == null ? 0 : task.attemptNumber();
        ZarrArray in = ZarrArray.open(input);
        ZarrArray out = ZarrArray.open(output);
        ZarrMetadata om = out.metadata();
        int spatial = VolumeOperation.SPATIAL_RANK;
        long[] n = Arrays.copyOf(in.metadata().shape(), spatial);
        Span[] spans = new Span[spatial];
        for (int a = 0; a < spatial; a++) {
            spans[a] = new Span(block.from()[a] * om.chunkSize(a),
                    Math.min(om.size(a), block.to()[a] * om.chunkSize(a)));
        }
        CountingValues counted = new CountingValues(Values.of(in, spatial), in.metadata());
        float[] values = op.evaluate(counted, n, spans, Planner.standard().threads(threads));
        int[] dims = new int[om.rank()];
        for (int a = 0; a < om.rank(); a++) {
            dims[a] = a < spatial ? spans[a].length() : (int) om.size(a);
        }
        long chunks = 0;
        long[] chunk = Arrays.copyOf(block.from(), om.rank());
        while (true) {
            int[] extent = out.chunkExtent(chunk);
            int[] from = new int[om.rank()];
            for (int a = 0; a < spatial; a++) {
                from[a] = Math.toIntExact(chunk[a] * om.chunkSize(a) - spans[a].lo());
            }
            float[] part = new float[Math.toIntExact(Arrays.stream(extent).asLongStream().reduce(1, (x, y) -> x * y))];
            Boxes.copy(values, dims, from, part, extent, new int[om.rank()], extent);
            out.writeChunk(chunk, part);
            chunks++;
            observer.written(chunk.clone(), attempt);
            int a = spatial - 1;
            while (a >= 0 && ++chunk[a] == block.to()[a]) {
                chunk[a] = block.from()[a];
                a--;
            }
            if (a < 0) {
                break;
            }
        }
        return new BlockResult(chunks, values.length, counted.voxels, counted.chunkVoxels);
    }

    /** Counts what a task reads from the input: voxels of its boxes, and of the chunks those boxes touch. */
    private static final class CountingValues implements Values {
        private final Values inner;
        private final ZarrMetadata metadata;
        long voxels;
        long chunkVoxels;

        CountingValues(Values inner, ZarrMetadata metadata) {
            this.inner = inner;
            this.metadata = metadata;
        }

        @Override
        public int channels() {
            return inner.channels();
        }

        @Override
        public float[] read(long[] start, int[] size) throws IOException {
            float[] v = inner.read(start, size);
            voxels += v.length;
            long touched = metadata.chunkElements();
            for (int a = 0; a < start.length; a++) {
                int c = metadata.chunkSize(a);
                touched *= size[a] == 0 ? 0 : (start[a] + size[a] - 1) / c - start[a] / c + 1;
            }
            chunkVoxels += touched;
            return v;
        }
    }

}
