package dev.conv4j.spark;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.io.zarr.ZarrArray;
import dev.conv4j.io.zarr.ZarrCodec;
import dev.conv4j.io.zarr.ZarrDataType;
import dev.conv4j.io.zarr.ZarrMetadata;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * The figures of docs/scaling.md that are not a Spark job themselves (a benchmark, run by hand):
 *
 * <pre>
 * files DIR OUT KERNEL THREADS      the single-JVM baseline of spark filter: every file of DIR, one after another
 * volume IN.zarr KERNEL THREADS     the single-JVM baseline of spark volume: the whole array in memory
 * decode IN.zarr                    every chunk read and decoded, three times (what the codec costs once warm)
 * generate OUT.zarr D,H,W C,C,C [CODEC]  a float32 v2 Zarr of a smooth pattern with noise (default zstd:1), chunks in parallel
 * </pre>
 */
public final class ScalingBench {
    private ScalingBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "files" -> files(args[1], Path.of(args[2]), args[3], Integer.parseInt(args[4]));
            case "volume" -> volume(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "decode" -> decode(Path.of(args[1]));
            case "generate" -> generate(Path.of(args[1]), Shape.parse(args[2]).dims(), Shape.parse(args[3]).dims(),
                    args.length > 4 ? args[4] : "zstd:1");
            default -> throw new IllegalArgumentException("files | volume | generate");
        }
    }

    private static void files(String input, Path out, String kernel, int threads) throws Exception {
        FilterJob.Listing listing = FilterJob.list(input);
        Path root = listing.root();
        List<String> files = listing.files();
        Filtering.Options options = new Filtering.Options(Boundary.REFLECT, false, Planner.standard().threads(threads));
        long t0 = System.nanoTime();
        for (String f : files) {
            FileFilter.filter(root, f, out, List.of(kernel), options, FileFilter.Format.NPY);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "single JVM, %d thread(s): %d files in %.2f s = %.1f files/s%n", threads,
                files.size(), s, files.size() / s);
    }

    private static void volume(Path input, String kernel, int threads) throws Exception {
        long t0 = System.nanoTime();
        ZarrArray z = ZarrArray.open(input);
        int[] size = java.util.Arrays.stream(z.metadata().shape()).mapToInt(Math::toIntExact).toArray();
        float[] v = z.read(new long[3], size);
        double read = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Tensor y = Filtering.apply(Tensor.wrap(Shape.of(1, size[0], size[1], size[2], 1), v), Kernels.parse(kernel, 3),
                new Filtering.Options(Boundary.REFLECT, false, Planner.standard().threads(threads)));
        double s = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "single JVM, %d thread(s): %d voxels, read %.2f s, filter %.2f s = %.3g voxels/s"
                + " (filter only; %.3g with the read)%n", threads, v.length, read, s, v.length / s, v.length / (s + read));
        if (y.data().length != v.length) {
            throw new IllegalStateException("shape");
        }
    }

    private static void decode(Path input) throws Exception {
        ZarrArray z = ZarrArray.open(input);
        long[] counts = {z.metadata().chunkCount(0), z.metadata().chunkCount(1), z.metadata().chunkCount(2)};
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            long voxels = 0;
            for (long i = 0; i < counts[0] * counts[1] * counts[2]; i++) {
                voxels += z.readChunk(new long[] {i / (counts[1] * counts[2]), i / counts[2] % counts[1], i % counts[2]}).length;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %d chunk voxels decoded in %.2f s = %.0f MB/s of float32%n", round,
                    voxels, s, voxels * 4 / 1e6 / s);
        }
    }

    private static void generate(Path out, int[] shape, int[] chunks, String codec) throws Exception {
        long[] s = {shape[0], shape[1], shape[2]};
        ZarrArray z = ZarrArray.create(out, ZarrMetadata.v2(s, chunks, ZarrDataType.FLOAT32, ZarrCodec.parse(codec)));
        long[] counts = {z.metadata().chunkCount(0), z.metadata().chunkCount(1), z.metadata().chunkCount(2)};
        long t0 = System.nanoTime();
        LongStream.range(0, counts[0] * counts[1] * counts[2]).parallel().forEach(i -> {
            long[] c = {i / (counts[1] * counts[2]), i / counts[2] % counts[1], i % counts[2]};
            int[] e = z.chunkExtent(c);
            long[] st = z.chunkStart(c);
            float[] v = new float[e[0] * e[1] * e[2]];
            // a smooth pattern (separable, so one table per axis) plus two bits of noise
            double[] pz = new double[e[0]];
            double[] py = new double[e[1]];
            for (int a = 0; a < e[0]; a++) {
                pz[a] = Math.sin((st[0] + a) * 0.05) * 100;
            }
            for (int b = 0; b < e[1]; b++) {
                py[b] = Math.cos((st[1] + b) * 0.03);
            }
            SplittableRandom r = new SplittableRandom(i);
            int k = 0;
            for (int a = 0; a < e[0]; a++) {
                for (int b = 0; b < e[1]; b++) {
                    for (int d = 0; d < e[2]; d++) {
                        v[k++] = (float) (pz[a] * py[b] + (st[2] + d) % 50 + r.nextInt(4));
                    }
                }
            }
            try {
                z.writeChunk(c, v);
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        System.out.printf(Locale.ROOT, "generated %s %s in %.1f s%n", out, java.util.Arrays.toString(shape),
                (System.nanoTime() - t0) / 1e9);
    }
}
