package dev.conv4j.io.zarr;

/** Copies boxes between C-order arrays of any rank. */
public final class Boxes {
    private Boxes() {
    }

    /**
     * Copies the box of {@code extent} at {@code srcStart} of {@code src} (dimensions
     * {@code srcDims}) to {@code dstStart} of {@code dst} (dimensions {@code dstDims}); one
     * {@code arraycopy} per row of the last axis.
     */
    public static void copy(float[] src, int[] srcDims, int[] srcStart, float[] dst, int[] dstDims, int[] dstStart,
                            int[] extent) {
        int rank = extent.length;
        for (int e : extent) {
            if (e == 0) {
                return;
            }
        }
        if (rank == 0) {
            dst[0] = src[0];
            return;
        }
        long[] srcStride = strides(srcDims);
        long[] dstStride = strides(dstDims);
        int[] at = new int[rank];
        int row = extent[rank - 1];
        while (true) {
            long s = 0;
            long d = 0;
            for (int a = 0; a < rank; a++) {
                s += (srcStart[a] + at[a]) * srcStride[a];
                d += (dstStart[a] + at[a]) * dstStride[a];
            }
            System.arraycopy(src, (int) s, dst, (int) d, row);
            int a = rank - 2;
            while (a >= 0 && ++at[a] == extent[a]) {
                at[a] = 0;
                a--;
            }
            if (a < 0) {
                return;
            }
        }
    }

    /** Elements between neighbours along each axis of a C-order array. */
    public static long[] strides(int[] dims) {
        long[] stride = new long[dims.length];
        long s = 1;
        for (int a = dims.length - 1; a >= 0; a--) {
            stride[a] = s;
            s *= dims[a];
        }
        return stride;
    }
}
