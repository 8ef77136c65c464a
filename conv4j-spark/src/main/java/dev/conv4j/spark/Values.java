package dev.conv4j.spark;

import dev.conv4j.io.zarr.Boxes;
import dev.conv4j.io.zarr.ZarrArray;
import java.io.IOException;
import java.util.Arrays;

/**
 * Channels-last values {@code [spatial..., C]} that can be read box by box: a Zarr array (the
 * input volume, with or without a channel axis) or an intermediate result held in memory over
 * some spans.
 */
public interface Values {
    int channels();

    /** The box {@code [start, start + size)} of the spatial axes, every channel, C order. */
    float[] read(long[] start, int[] size) throws IOException;

    /** A volume {@code [D, H, W]} (one channel) or {@code [D, H, W, C]}. */
    static Values of(ZarrArray array, int spatialRank) {
        int channels = array.metadata().rank() > spatialRank ? (int) array.metadata().size(spatialRank) : 1;
        boolean channelAxis = array.metadata().rank() > spatialRank;
        return new Values() {
            @Override
            public int channels() {
                return channels;
            }

            @Override
            public float[] read(long[] start, int[] size) throws IOException {
                if (!channelAxis) {
                    return array.read(start, size);
                }
                long[] s = Arrays.copyOf(start, start.length + 1);
                int[] z = Arrays.copyOf(size, size.length + 1);
                z[size.length] = channels;
                return array.read(s, z);
            }
        };
    }

    /** {@code data} {@code [spans..., C]} covering {@code cover}. */
    static Values of(float[] data, Span[] cover, int channels) {
        int[] dims = Arrays.copyOf(Span.lengths(cover), cover.length + 1);
        dims[cover.length] = channels;
        return new Values() {
            @Override
            public int channels() {
                return channels;
            }

            @Override
            public float[] read(long[] start, int[] size) {
                int[] from = new int[dims.length];
                int[] extent = Arrays.copyOf(size, size.length + 1);
                extent[size.length] = channels;
                for (int a = 0; a < cover.length; a++) {
                    from[a] = Math.toIntExact(start[a] - cover[a].lo());
                    if (from[a] < 0 || from[a] + size[a] > dims[a]) {
                        throw new IllegalStateException("box " + Arrays.toString(start) + " + " + Arrays.toString(size)
                                + " is not inside the values' " + Arrays.toString(cover));
                    }
                }
                float[] out = new float[Math.toIntExact(Arrays.stream(extent).asLongStream().reduce(1, (x, y) -> x * y))];
                Boxes.copy(data, dims, from, out, extent, new int[extent.length], extent);
                return out;
            }
        };
    }
}
