package dev.conv4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.Progress;
import dev.conv4j.filters.SlabFilter;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.io.zarr.ZarrCodec;
import dev.conv4j.io.zarr.ZarrDataType;
import dev.conv4j.io.zarr.ZarrMetadata;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark volume} in local[2]: the output Zarr equals, bit for bit, the single-JVM result
 * ({@code conv4j filter volume}'s slab filter, {@code conv4j conv}'s plan) for every boundary
 * mode, with strides and dilations, over chunk grids that do not divide the array.
 */
class VolumeJobTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A [D,H,W] (or [D,H,W,C]) Zarr of seeded values in chunks of {@code chunks}. */
    static Tensor writeInput(Path path, int format, long[] shape, int[] chunks, long seed) throws Exception {
        ZarrMetadata m = format == 3 ? ZarrMetadata.v3(shape, chunks, ZarrDataType.FLOAT32, ZarrCodec.parse("zstd"))
                : ZarrMetadata.v2(shape, chunks, ZarrDataType.FLOAT32, ZarrCodec.parse("zlib"));
        ZarrArray z = ZarrArray.create(path, m);
        int[] size = java.util.Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        float[] v = BlocksTest.volume(new long[] {shape[0], shape[1], shape[2]}, shape.length > 3 ? size[3] : 1, seed);
        z.write(new long[shape.length], size, v);
        int[] batch = new int[5];
        batch[0] = 1;
        System.arraycopy(size, 0, batch, 1, 3);
        batch[4] = shape.length > 3 ? size[3] : 1;
        return Tensor.wrap(Shape.of(batch), v);
    }

    static float[] readAll(Path path) throws Exception {
        ZarrArray z = ZarrArray.open(path);
        int[] size = java.util.Arrays.stream(z.metadata().shape()).mapToInt(Math::toIntExact).toArray();
        return z.read(new long[size.length], size);
    }

    static void assertNoTemporaries(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> tmp = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp);
        }
    }

    @Test
    void filterVolumeIsBitIdenticalForEveryBoundary() throws Exception {
        long[] shape = {19, 14, 23};
        Tensor volume = writeInput(dir.resolve("in.zarr"), 2, shape, new int[] {5, 6, 7}, 11);
        for (Boundary boundary : Boundary.values()) {
            for (String kernel : List.of("gaussian3d:1.2", "sobel3d")) {
                Filtering.Options options = new Filtering.Options(boundary, false, Planner.standard().threads(2));
                float[] expected = SlabFilter.inMemory(volume, Kernels.parse(kernel, 3), options, 4, Progress.NONE).data();
                Path out = dir.resolve(kernel + boundary + ".zarr");
                VolumeJob.Report r = Conv4jSpark.convolveZarr(spark, dir.resolve("in.zarr"), out,
                        new VolumeOperation.Filter(kernel, boundary, false),
                        VolumeJob.Options.defaults().withChunks(new int[] {6, 4, 9}).withBlockVoxels(6 * 8 * 9));
                assertArrayEquals(expected, readAll(out), kernel + " " + boundary);
                assertEquals(4 * 4 * 3, r.chunks());
                assertTrue(r.tasks() > 4, "tasks " + r.tasks());
                assertNoTemporaries(out);
            }
        }
    }

    @Test
    void convolutionIsBitIdenticalWithStridesDilationsAndEveryBoundary() throws Exception {
        long[] shape = {17, 12, 15, 2};
        Tensor volume = writeInput(dir.resolve("in.zarr"), 3, shape, new int[] {4, 5, 6, 2}, 12);
        float[] w = BlocksTest.volume(new long[] {3, 3, 2}, 2 * 4, 13);
        int[] filterShape = {3, 3, 2, 2, 4};
        for (Boundary boundary : Boundary.values()) {
            ConvSpec spec = ConvSpec.builder(3).strides(2, 1, 3).dilations(1, 2, 1).padding(Padding.parse("SAME"))
                    .boundary(boundary).build();
            float[] expected = Planner.standard().plan(spec, volume.shape(), Tensor.wrap(Shape.of(filterShape), w), null)
                    .run(volume).data();
            Path out = dir.resolve("conv" + boundary + ".zarr");
            VolumeJob.Report r = Conv4jSpark.convolveZarr(spark, dir.resolve("in.zarr"), out,
                    new VolumeOperation.Convolution(w, filterShape, new int[] {2, 1, 3}, new int[] {1, 2, 1}, "SAME",
                            boundary, false), VolumeJob.Options.defaults().withChunks(new int[] {3, 5, 4}).withBlockVoxels(1));
            assertArrayEquals(new long[] {9, 12, 5, 4}, r.outputShape());
            assertArrayEquals(expected, readAll(out), boundary.toString());
            assertEquals(3 * 3 * 2, r.tasks());
        }
    }
}
