package dev.conv4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.io.zarr.Boxes;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: tasks whose first attempt fails after writing some of their chunks are retried and the
 * output is complete and correct, with no temporary file left; a driver killed with SIGKILL
 * midway leaves only whole chunks, and a rerun completes the output to the single-JVM result.
 */
class FaultsTest {
    static final VolumeOperation OPERATION = new VolumeOperation.Filter("gaussian3d:1", Boundary.REFLECT, false);
    static final VolumeJob.Options OPTIONS = VolumeJob.Options.defaults().withChunks(new int[] {4, 5, 6})
            .withBlockVoxels(4 * 5 * 6 * 2);
    static final long[] SHAPE = {18, 15, 17};

    @TempDir
    Path dir;

    private float[] expected(Tensor volume) {
        return Filtering.apply(volume, Kernels.parse("gaussian3d:1", 3),
                new Filtering.Options(Boundary.REFLECT, false, Planner.standard().threads(2))).data();
    }

    @Test
    void firstAttemptsThatFailAreRetriedToACompleteOutput() throws Exception {
        Tensor volume = VolumeJobTest.writeInput(dir.resolve("in.zarr"), 2, SHAPE, new int[] {7, 7, 7}, 21);
        try (SparkSession spark = LocalSpark.start("local[2,4]")) {
            ChunkObserver failFirstAttempts = (chunk, attempt) -> {
                if (attempt == 0 && (chunk[0] + chunk[1] + chunk[2]) % 3 == 1) {
                    throw new IOException("injected failure after writing chunk " + Arrays.toString(chunk));
                }
            };
            Path out = dir.resolve("out.zarr");
            VolumeJob.run(spark, dir.resolve("in.zarr"), out, OPERATION, OPTIONS.withObserver(failFirstAttempts));
            assertArrayEquals(expected(volume), VolumeJobTest.readAll(out));
            VolumeJobTest.assertNoTemporaries(out);
        }
    }

    @Test
    void aKilledDriverLeavesWholeChunksAndARerunCompletesTheOutput() throws Exception {
        Tensor volume = VolumeJobTest.writeInput(dir.resolve("in.zarr"), 3, SHAPE, new int[] {7, 7, 7}, 22);
        float[] expected = expected(volume);
        Path out = dir.resolve("out.zarr");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("conv4j.spark.jvm.args").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), KillableVolumeMain.class.getName(),
                dir.resolve("in.zarr").toString(), out.toString(), "150"));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (chunkFiles(out).size() < 12 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(driver.isAlive(), "the driver ended before it was killed: " + Files.readString(dir.resolve("driver.log")));
        driver.destroyForcibly();   // SIGKILL
        driver.waitFor();
        int total = 5 * 3 * 3;
        List<Path> written = chunkFiles(out);
        assertTrue(written.size() >= 12 && written.size() < total, "chunks written before the kill: " + written.size());
        // every chunk the dead run wrote is whole: it equals the result's values there
        ZarrArray partial = ZarrArray.open(out);
        int[] dims = Arrays.stream(SHAPE).mapToInt(Math::toIntExact).toArray();
        for (int z = 0; z < 5; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    long[] chunk = {z, y, x};
                    if (Files.exists(partial.chunkPath(chunk))) {
                        int[] extent = partial.chunkExtent(chunk);
                        float[] want = new float[extent[0] * extent[1] * extent[2]];
                        Boxes.copy(expected, dims, new int[] {z * 4, y * 5, x * 6}, want, extent, new int[3], extent);
                        assertArrayEquals(want, partial.read(partial.chunkStart(chunk), extent), Arrays.toString(chunk));
                    }
                }
            }
        }
        try (SparkSession spark = LocalSpark.start("local[2]")) {
            VolumeJob.run(spark, dir.resolve("in.zarr"), out, OPERATION, OPTIONS);
        }
        assertArrayEquals(expected, VolumeJobTest.readAll(out));
        VolumeJobTest.assertNoTemporaries(out);
    }

    private static List<Path> chunkFiles(Path out) throws IOException {
        if (!Files.isDirectory(out.resolve("c"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(out.resolve("c"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
