package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Npy;
import dev.conv4j.io.volume.MappedVolume;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import dev.conv4j.testkit.ChildJvm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Out of core equals in memory, bit for bit, whatever the slab size, kernel and boundary. */
class SlabFilterTest {
    @TempDir
    Path dir;

    private static Tensor volume(int d, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[d * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 50 + 100);
        }
        return Tensor.wrap(Shape.of(d, h, w), v);
    }

    /** A lopsided 4x3x2 kernel: even sizes, no symmetry, so any misplaced halo shows. */
    private static FilterKernel lopsided() {
        float[] w = new float[24];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) - 3 + 0.25f * i;
        }
        return FilterKernel.Linear.of(Stencil.of("lopsided", Shape.of(4, 3, 2), w));
    }

    private static List<FilterKernel> kernels() {
        return List.of(Kernels.parse("sobel3d", 3), Kernels.parse("gaussian3d:1", 3), Kernels.parse("box3d:4", 3),
                lopsided(), Kernels.parse("laplacian3d", 3));
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void slabsOfAnySizeEqualTheWholeVolume(Boundary boundary) throws IOException {
        Tensor v = volume(11, 9, 13, boundary.ordinal());
        for (boolean convolve : new boolean[] {false, true}) {
            Filtering.Options o = new Filtering.Options(boundary, convolve, Planner.standard().threads(2));
            for (FilterKernel k : kernels()) {
                Tensor whole = Filtering.apply(SlabFilter.asBatch(v), k, o);
                for (int slab : new int[] {1, 2, 3, 5, 11, 40}) {
                    Tensor slabs = SlabFilter.inMemory(v, k, o, slab, Progress.NONE);
                    assertArrayEquals(whole.data(), slabs.data(), k.name() + " " + boundary + " convolve=" + convolve
                            + " slab " + slab);
                }
            }
        }
    }

    @Test
    void thinVolumeShorterThanTheHalo() throws IOException {
        Tensor v = volume(2, 6, 7, 3);
        Filtering.Options o = Filtering.Options.defaults();
        FilterKernel g = Kernels.parse("gaussian3d:1.5", 3);
        assertArrayEquals(Filtering.apply(SlabFilter.asBatch(v), g, o).data(),
                SlabFilter.inMemory(v, g, o, 1, Progress.NONE).data());
    }

    @Test
    void memoryMappedNpyStreamedToAnNpyFileEqualsInMemory() throws IOException {
        Tensor v = volume(17, 12, 10, 42);
        Path in = dir.resolve("in.npy");
        Npy.write(in, v);
        Path out = dir.resolve("out.npy");
        FilterKernel k = Kernels.parse("sobel3d", 3);
        Filtering.Options o = Filtering.Options.defaults();
        SlabFilter.Report[] report = new SlabFilter.Report[1];
        int[] advances = {0};
        Progress counting = new Progress() {
            @Override
            public void start(String what, long total, String unit) {
                assertEquals(17L * 12 * 10 * 4, total);
            }

            @Override
            public void advance(long done) {
                advances[0]++;
            }

            @Override
            public void finish() {
            }
        };
        try (MappedVolume source = MappedVolume.npy(in)) {
            AtomicFiles.write(out, stream -> {
                stream.write(Npy.float32Header(Shape.of(17, 12, 10)));
                report[0] = SlabFilter.run(source, k, o, 4, (z, values, offset, count) -> {
                    ByteBuffer b = ByteBuffer.allocate(count * 120 * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(values, offset, count * 120);
                    stream.write(b.array());
                }, counting);
            });
        }
        assertEquals(5, report[0].slabs(), "17 planes in slabs of 4");
        assertEquals(5, advances[0]);
        assertEquals(1, report[0].haloBefore());
        Tensor expected = Filtering.apply(SlabFilter.asBatch(v), k, o);
        Tensor got = Npy.read(out);
        assertEquals(Shape.of(17, 12, 10), got.shape());
        assertArrayEquals(expected.data(), got.data());
    }

    @Test
    void slabBytesCountEveryBuffer() {
        FilterKernel k = Kernels.parse("box3d:3", 3);
        Filtering.Options reflect = Filtering.Options.defaults();
        // 10 planes + halo 1/1 of 2000x2000: read and cut (2 x 12), padded now and before (2 x 12 x 2002^2 / 2000^2),
        // a later pass's padded input (10, padded), outputs (10 x (3 + 2))
        long plane = 2000L * 2000;
        long padded = 2002L * 2002;
        assertEquals(4 * (2 * 12 * plane + 2 * 12 * padded + 10 * padded + 10 * plane * 5),
                SlabFilter.slabBytes(10, 2000, 2000, k, reflect));
        assertEquals(4 * (2 * 12 * plane + 10 * plane * 5),
                SlabFilter.slabBytes(10, 2000, 2000, k, reflect.withBoundary(Boundary.ZERO)));
        long budget = SlabFilter.slabBytes(10, 2000, 2000, k, reflect);
        assertEquals(10, SlabFilter.autoSlabPlanes(500, 2000, 2000, k, reflect, budget));
        assertEquals(9, SlabFilter.autoSlabPlanes(500, 2000, 2000, k, reflect, budget - 1));
        assertEquals(0, SlabFilter.autoSlabPlanes(500, 20000, 20000, k, reflect, 2L << 30), "not one plane fits");
        assertEquals(10, SlabFilter.autoSlabPlanes(10, 10, 10, k, reflect, 2L << 30));
    }

    @Test
    void aVolumeThreeTimesLargerThanTheHeapIsFilteredOutOfCoreBitForBit(@TempDir Path dir) throws Exception {
        int d = 240;
        int h = 200;
        int w = 1000;
        Path in = dir.resolve("big.npy");
        Random random = new Random(12);
        float[] all = new float[d * h * w];
        for (int i = 0; i < all.length; i++) {
            all[i] = random.nextFloat();
        }
        Npy.write(in, Tensor.wrap(Shape.of(d, h, w), all));
        Path out = dir.resolve("filtered.npy");
        String heap = "-Xmx64m";
        Process child = new ProcessBuilder(ChildJvm.java(), heap,
                "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector", "-cp", ChildJvm.classPath(OutOfCoreRun.class),
                OutOfCoreRun.class.getName(), in.toString(), out.toString(), "box3d:3")
                .redirectErrorStream(true).start();
        String report = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), report);
        Matcher peak = Pattern.compile("max heap (\\d+) MiB").matcher(report);
        assertTrue(peak.find(), report);
        long maxHeap = Long.parseLong(peak.group(1));
        assertTrue(d * (long) h * w * Float.BYTES >> 20 >= 3 * maxHeap, "volume several times the heap: " + report);
        Tensor expected = Filtering.apply(SlabFilter.asBatch(Tensor.wrap(Shape.of(d, h, w), all)),
                Kernels.parse("box3d:3", 3), Filtering.Options.defaults());
        assertArrayEquals(expected.data(), Npy.read(out).data(), report);
    }

    @Test
    void laterPassesMayNotReachAlongDepth() {
        Stencil deep = Stencil.of("deep", Shape.of(3, 1, 1), 1, 1, 1);
        FilterKernel bad = new FilterKernel.Linear("bad", List.of(Stencil.of("one", Shape.of(1, 1, 1), 1), deep));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlabFilter.inMemory(volume(4, 4, 4, 1), bad, Filtering.Options.defaults(), 2, Progress.NONE));
        assertTrue(e.getMessage().contains("pass 2 reaches along the depth axis"), e.getMessage());
    }
}
