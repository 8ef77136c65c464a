package dev.conv4j.kernel;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/** Brings a user's filter into the canonical {@code [k..., C/groups, C_out]} form. */
public final class FilterPacking {
    private FilterPacking() {
    }

    /**
     * The filter as canonical HWIO: OIHW is transposed, a depthwise {@code [k..., C, M]} is
     * already the grouped {@code [k..., 1, C*M]} in memory, and a flipped spec reverses the taps.
     * Always a fresh array: plans own their weights.
     */
    public static float[] canonical(ConvGeometry geometry, Tensor filter) {
        int r = geometry.spatialRank();
        float[] hwio;
        if (geometry.spec().filterFormat() == FilterFormat.OIHW) {
            int[] order = new int[r + 2];
            for (int i = 0; i < r; i++) {
                order[i] = 2 + i;
            }
            order[r] = 1;
            order[r + 1] = 0;
            hwio = filter.permute(order).data();
        } else {
            hwio = filter.data().clone();
        }
        return geometry.spec().flipKernel() ? reverseTaps(hwio, Math.toIntExact(geometry.kernelVolume())) : hwio;
    }

    /**
     * The inverse of {@link #canonical}: a canonical {@code [k..., C/groups, C_out]} array (such as
     * a filter gradient) in the layout the spec gives its filters.
     */
    public static float[] fromCanonical(ConvGeometry geometry, float[] hwio) {
        int r = geometry.spatialRank();
        float[] w = geometry.spec().flipKernel() ? reverseTaps(hwio, Math.toIntExact(geometry.kernelVolume())) : hwio;
        if (geometry.spec().filterFormat() != FilterFormat.OIHW) {
            return w;
        }
        int[] dims = new int[r + 2];
        System.arraycopy(geometry.kernelSizes(), 0, dims, 0, r);
        dims[r] = geometry.inChannelsPerGroup();
        dims[r + 1] = geometry.outChannels();
        int[] order = new int[r + 2];
        order[0] = r + 1;
        order[1] = r;
        for (int i = 0; i < r; i++) {
            order[2 + i] = i;
        }
        return Tensor.wrap(Shape.of(dims), w).permute(order).data();
    }

    /**
     * Reversing every kernel axis maps flat tap {@code t} to {@code taps - 1 - t}, because the
     * flat index of {@code (k_a - 1 - t_a)} is {@code (taps - 1) - sum(t_a * stride_a)}.
     */
    private static float[] reverseTaps(float[] hwio, int taps) {
        int block = hwio.length / taps;
        float[] out = new float[hwio.length];
        for (int t = 0; t < taps; t++) {
            System.arraycopy(hwio, t * block, out, (taps - 1 - t) * block, block);
        }
        return out;
    }
}
