package dev.conv4j.filters;

import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.Npy;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.volume.MappedVolume;
import dev.conv4j.tensor.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * {@code OutOfCoreRun IN.npy OUT.npy KERNEL}: filters a memory-mapped volume slab by slab with
 * automatically sized slabs, as {@code conv4j filter volume} does, in a JVM whose heap the test
 * chooses; prints the heap it had and its pools' peaks.
 */
public final class OutOfCoreRun {
    private OutOfCoreRun() {
    }

    public static void main(String[] args) throws Exception {
        FilterKernel kernel = Kernels.parse(args[2], 3);
        Filtering.Options options = Filtering.Options.defaults();
        try (MappedVolume source = MappedVolume.npy(java.nio.file.Path.of(args[0]))) {
            int d = source.depth();
            int h = source.height();
            int w = source.width();
            int planes = SlabFilter.autoSlabPlanes(d, h, w, kernel, options, SlabFilter.slabBudget());
            AtomicFiles.write(java.nio.file.Path.of(args[1]), out -> {
                out.write(Npy.float32Header(Shape.of(d, h, w)));
                SlabFilter.run(source, kernel, options, planes,
                        (z, values, offset, count) -> Nifti.writeFloats(out, values, offset, count * h * w), Progress.NONE);
            });
            System.out.println(planes + " planes per slab");
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, pools' peaks (garbage included) "
                + (peak >> 20) + " MiB");
    }
}
