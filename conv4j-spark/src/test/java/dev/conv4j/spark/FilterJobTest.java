package dev.conv4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.ImageFilter;
import dev.conv4j.filters.Kernels;
import dev.conv4j.filters.Progress;
import dev.conv4j.filters.SignalFilter;
import dev.conv4j.filters.SlabFilter;
import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.io.signal.Csv;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark filter} in local[2]: the outputs equal the single-JVM filters', the summary holds a row per file and kernel. */
class FilterJobTest {
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

    @Test
    void filtersImagesSignalsAndVolumesAndReportsUnreadableFiles() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        float[] pixels = BlocksTest.volume(new long[] {9, 13, 3}, 1, 5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.round(Math.abs(pixels[i]) * 25);
        }
        ImageData image = new ImageData(13, 9, 3, 8, pixels, null);
        Images.write(in.resolve("photo.png"), image);
        Files.writeString(dir.resolve("in/ecg.csv"), "t,a\n0,1\n1,4\n2,2\n3,8\n4,5\n5,7\n");
        float[] voxels = BlocksTest.volume(new long[] {6, 7, 8}, 1, 6);
        Npy.write(in.resolve("scan.npy"), Tensor.wrap(Shape.of(6, 7, 8), voxels));
        Files.writeString(in.resolve("broken.png"), "not a png");
        Path out = dir.resolve("out");
        FilterJob.Report r = Conv4jSpark.filterFiles(spark, dir.resolve("in").toString(), out,
                new FilterJob.Options(List.of("box:3"), Boundary.REFLECT, false, "npy"));
        assertEquals(4, r.files());
        assertEquals(1, r.failed());
        Filtering.Options options = new Filtering.Options(Boundary.REFLECT, false, Planner.standard());
        float[] expectedImage = ImageFilter.filter(Images.read(in.resolve("photo.png")), Kernels.parseAll(List.of("box:3"), 2),
                options).getFirst().values();
        assertArrayEquals(expectedImage, Npy.read(out.resolve("sub/photo.box-3.npy")).data());
        assertEquals(Shape.of(9, 13, 3), Npy.read(out.resolve("sub/photo.box-3.npy")).shape());
        Signal ecg = Csv.read(dir.resolve("in/ecg.csv"));
        assertArrayEquals(SignalFilter.filter(ecg, Kernels.parseAll(List.of("box:3"), 1), options).getFirst(),
                Npy.read(out.resolve("ecg.box-3.npy")).data());
        assertArrayEquals(SlabFilter.inMemory(Tensor.wrap(Shape.of(6, 7, 8), voxels), Kernels.parse("box:3", 3), options, 2,
                Progress.NONE).data(), Npy.read(out.resolve("sub/scan.box3d-3.npy")).data());
        Map<String, Row> rows = spark.read().parquet(out.resolve(FilterJob.SUMMARY).toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getString(0), row -> row));
        assertEquals(4, rows.size());
        assertTrue(rows.get("sub/broken.png").getString(8).contains("broken.png"), rows.get("sub/broken.png").toString());
        Row photo = rows.get("sub/photo.png");
        assertEquals("[9,13,3]", photo.getString(3));
        assertNull(photo.get(8));
        float max = Float.NEGATIVE_INFINITY;
        for (float v : expectedImage) {
            max = Math.max(max, v);
        }
        assertEquals(max, photo.getDouble(5), 0);
    }
}
