package dev.conv4j.filters;

import dev.conv4j.io.HeapBudget;
import dev.conv4j.io.volume.VolumeShapes;
import dev.conv4j.io.volume.VolumeSource;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * Filters a volume {@code [D, H, W]} that need not fit in memory: it reads a slab of planes
 * plus a halo (the planes the kernel reaches before and after the slab), filters the slab with
 * {@link Filtering} exactly as the whole volume would be filtered, hands the slab's output
 * planes to a {@link PlaneSink}, and moves on. Every output voxel is computed from the same
 * inputs by the same kernel in the same order as in memory, so the result is bit-for-bit the
 * in-memory one.
 *
 * <p>Along the depth axis the halo is read from the volume; where it lies outside the volume, a
 * zero boundary leaves it to the convolution's zero padding (as in memory), and every other
 * boundary reads the plane the mode names ({@link Boundary#sourceIndex}: mirrored, repeated or
 * wrapped from the far end), just as the in-memory convolution pads the whole volume.
 */
public final class SlabFilter {
    /** The share of the maximum heap a slab may use when its size is chosen automatically. */
    private static final double HEAP_SHARE = 0.4;

    private SlabFilter() {
    }

    /** Receives output planes in order. */
    @FunctionalInterface
    public interface PlaneSink {
        /** Planes {@code [z, z + count)} of the output, C order, {@code values[offset...]}. */
        void accept(int z, float[] values, int offset, int count) throws IOException;
    }

    /**
     * What a run did.
     *
     * @param slabs slabs filtered
     * @param slabPlanes planes per slab (the last may have fewer)
     * @param haloBefore planes read before each slab
     * @param haloAfter planes read after each slab
     * @param seconds wall time
     * @param inputBytes bytes of stored input
     */
    public record Report(int slabs, int slabPlanes, int haloBefore, int haloAfter, double seconds, long inputBytes) {
    }

    /** How far the first passes of {@code kernel} reach before and after along axis 0. */
    static int[] halo(FilterKernel kernel, boolean flip) {
        int before = 0;
        int after = 0;
        for (FilterKernel.Linear l : linears(kernel)) {
            Stencil s = l.passes().getFirst();
            before = Math.max(before, s.before(0, flip));
            after = Math.max(after, s.after(0, flip));
            for (int p = 1; p < l.passes().size(); p++) {
                if (l.passes().get(p).size(0) != 1) {
                    throw new IllegalArgumentException("kernel " + kernel.name() + ": pass " + (p + 1)
                            + " reaches along the depth axis; only a first pass may, to be filtered in slabs");
                }
            }
        }
        return new int[] {before, after};
    }

    private static List<FilterKernel.Linear> linears(FilterKernel kernel) {
        return switch (kernel) {
            case FilterKernel.Linear l -> List.of(l);
            case FilterKernel.Magnitude m -> m.components();
        };
    }

    /**
     * Bytes one slab of {@code planes} output planes of {@code height x width} holds at its peak,
     * every buffer counted: the planes read with their halo; the copy of them cut to a stencil's
     * reach; the planner's boundary-padded copy of its input ({@code BoundaryPadding}, for every
     * boundary but zero) and the previous one, which the worker pool may still reference; per
     * first-pass stencil the convolution's output, its split per channel and the results kept for
     * the later passes; a later pass's padded input and output; and the magnitude of a
     * multi-component kernel. The plans' packed weights and per-thread rows are small beside
     * these and are left to the heap reserve of {@link HeapBudget}.
     */
    public static long slabBytes(int planes, int height, int width, FilterKernel kernel, Filtering.Options options) {
        boolean flip = options.convolve();
        boolean padsCopied = options.boundary() != Boundary.ZERO;
        int[] h = halo(kernel, flip);
        List<FilterKernel.Linear> linears = linears(kernel);
        int stencils = linears.size();
        long plane = (long) height * width;
        long paddedPlane = plane;
        for (FilterKernel.Linear l : linears) {
            for (Stencil pass : l.passes()) {
                long ph = height + (long) pass.before(1, flip) + pass.after(1, flip);
                long pw = width + (long) pass.before(2, flip) + pass.after(2, flip);
                paddedPlane = Math.max(paddedPlane, ph * pw);
            }
        }
        long withHalo = (long) planes + h[0] + h[1];
        long read = 2 * withHalo * plane;
        long padded = padsCopied ? 2 * withHalo * paddedPlane + (long) planes * paddedPlane : 0;
        long outputs = (long) planes * plane * (3L * stencils + 2);
        return HeapBudget.saturatedProduct(read + padded + outputs, Float.BYTES);
    }

    /**
     * Planes per slab so that a slab's {@link #slabBytes} stay within {@code budgetBytes}; at
     * most the depth, and 0 when not even one plane fits.
     */
    public static int autoSlabPlanes(int depth, int height, int width, FilterKernel kernel, Filtering.Options options,
                                     long budgetBytes) {
        int planes = 0;
        while (planes < depth && slabBytes(planes + 1, height, width, kernel, options) <= budgetBytes) {
            planes++;
        }
        return planes;
    }

    /**
     * What an automatically sized slab may use: {@value #HEAP_SHARE} of the maximum heap (a large
     * array must fit in the old generation, two thirds of the heap under the parallel collector,
     * beside what else is alive), and no more than is free now.
     */
    public static long slabBudget() {
        return Math.min((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE), HeapBudget.spareBytes());
    }

    /**
     * Filters {@code source} slab by slab with one kernel.
     *
     * @param slabPlanes output planes per slab (>= 1)
     */
    public static Report run(VolumeSource source, FilterKernel kernel, Filtering.Options options, int slabPlanes,
                             PlaneSink sink, Progress progress) throws IOException {
        if (kernel.rank() != 3) {
            throw new IllegalArgumentException("--kernel " + kernel.name() + " is " + kernel.rank()
                    + "D; a volume needs a 3D kernel");
        }
        if (slabPlanes < 1) {
            throw new IllegalArgumentException("--slab " + slabPlanes + " must be >= 1");
        }
        int depth = source.depth();
        int height = source.height();
        int width = source.width();
        int plane = Math.toIntExact(source.planeVoxels());
        boolean flip = options.convolve();
        int[] halo = halo(kernel, flip);
        Boundary boundary = options.boundary();
        long inputBytes = (long) depth * plane * source.bytesPerVoxel();
        HeapBudget.require(slabBytes(Math.min(slabPlanes, depth), height, width, kernel, options),
                "volume [" + depth + "," + height + "," + width + "]", "slabs of " + Math.min(slabPlanes, depth)
                        + " plane(s) with their halo, padded copies and outputs");
        long start = System.nanoTime();
        progress.start("filtering " + kernel.name(), inputBytes, "B");
        int slabs = 0;
        try {
            for (int z0 = 0; z0 < depth; z0 += slabPlanes) {
                int z1 = Math.min(depth, z0 + slabPlanes);
                Slab slab = boundary == Boundary.ZERO ? Slab.clipped(source, z0, z1, halo, plane)
                        : Slab.padded(source, z0, z1, halo, plane, boundary);
                Shape outShape = Shape.of(1, z1 - z0, height, width, 1);
                Tensor y = Filtering.apply(slab::slice, outShape, List.of(kernel), options).getFirst();
                sink.accept(z0, y.data(), 0, z1 - z0);
                source.release(z1 - halo[0]);
                slabs++;
                progress.advance((long) z1 * plane * source.bytesPerVoxel());
            }
        } finally {
            progress.finish();
        }
        return new Report(slabs, Math.min(slabPlanes, depth), halo[0], halo[1], (System.nanoTime() - start) / 1e9,
                inputBytes);
    }

    /** Filters a whole volume held in memory, in slabs; the output is {@code [D, H, W]}. */
    public static Tensor inMemory(Tensor volume, FilterKernel kernel, Filtering.Options options, int slabPlanes,
                                  Progress progress) throws IOException {
        VolumeSource source = VolumeSource.of(volume);
        int plane = Math.toIntExact(source.planeVoxels());
        float[] out = new float[Math.multiplyExact(source.depth(), plane)];
        run(source, kernel, options, slabPlanes, (z, v, off, n) -> System.arraycopy(v, off, out, z * plane, n * plane),
                progress);
        return Tensor.wrap(Shape.of(source.depth(), source.height(), source.width()), out);
    }

    /** The planes read for one slab: {@code [first, first + count)} of the volume (or wrapped). */
    private record Slab(float[] data, int first, int count, int z0, int z1, int depth, int height, int width,
                        boolean materialised) {
        static Slab clipped(VolumeSource src, int z0, int z1, int[] halo, int plane) throws IOException {
            int lo = Math.max(0, z0 - halo[0]);
            int hi = Math.min(src.depth(), z1 + halo[1]);
            float[] data = new float[Math.multiplyExact(hi - lo, plane)];
            src.read(lo, hi, data, 0);
            return new Slab(data, lo, hi - lo, z0, z1, src.depth(), src.height(), src.width(), false);
        }

        /** Planes {@code z0 - before .. z1 + after}, each read from the plane {@code boundary} maps it to. */
        static Slab padded(VolumeSource src, int z0, int z1, int[] halo, int plane, Boundary boundary) throws IOException {
            int lo = z0 - halo[0];
            int hi = z1 + halo[1];
            float[] data = new float[Math.multiplyExact(hi - lo, plane)];
            for (int z = lo; z < hi; ) {
                int from = boundary.sourceIndex(z, src.depth());
                int run = 1;
                while (z + run < hi && boundary.sourceIndex(z + run, src.depth()) == from + run) {
                    run++;
                }
                src.read(from, from + run, data, (z - lo) * plane);
                z += run;
            }
            return new Slab(data, lo, hi - lo, z0, z1, src.depth(), src.height(), src.width(), true);
        }

        /** The input a stencil reaching {@code before}/{@code after} planes needs, and the pads left over. */
        Filtering.Slice slice(int before, int after) {
            int lo;
            int hi;
            int padBefore;
            int padAfter;
            if (materialised) {
                lo = z0 - before;
                hi = z1 + after;
                padBefore = 0;
                padAfter = 0;
            } else {
                lo = Math.max(0, z0 - before);
                hi = Math.min(depth, z1 + after);
                padBefore = before - (z0 - lo);
                padAfter = after - (hi - z1);
            }
            int plane = height * width;
            float[] slice = data;
            if (lo != first || hi - lo != count) {
                slice = new float[Math.multiplyExact(hi - lo, plane)];
                System.arraycopy(data, (lo - first) * plane, slice, 0, slice.length);
            }
            return new Filtering.Slice(Tensor.wrap(Shape.of(1, hi - lo, height, width, 1), slice), padBefore, padAfter);
        }
    }

    /** The volume as the {@code [1, D, H, W, 1]} tensor {@link Filtering} takes. */
    public static Tensor asBatch(Tensor volume) {
        int[] dhw = VolumeShapes.squeezeTo3d(volume.shape().dims(), "volume");
        return volume.reshape(Shape.of(1, dhw[0], dhw[1], dhw[2], 1));
    }
}
