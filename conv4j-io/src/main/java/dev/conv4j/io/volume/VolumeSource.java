package dev.conv4j.io.volume;

import dev.conv4j.tensor.Tensor;
import java.io.IOException;

/**
 * A volume {@code [depth, height, width]} read plane by plane, so that filtering can stream it
 * in slabs: from memory ({@link #of}) or from a memory-mapped file ({@link MappedVolume}).
 */
public interface VolumeSource extends AutoCloseable {
    int depth();

    int height();

    int width();

    /** Copies planes {@code [from, to)} (C order, float32) into {@code dst} from {@code offset}. */
    void read(int from, int to, float[] dst, int offset) throws IOException;

    /** The stored bytes per voxel (for throughput figures). */
    default int bytesPerVoxel() {
        return Float.BYTES;
    }

    /**
     * Planes before {@code plane} will (most likely) not be read again: a mapped file may drop
     * them from memory, so that the resident set stays near a slab's worth, not the file's size.
     */
    default void release(int plane) {
    }

    @Override
    default void close() throws IOException {
    }

    default long planeVoxels() {
        return (long) height() * width();
    }

    /** A volume in memory: {@code [D, H, W]}, or any shape whose other axes are 1 ({@code [1, D, H, W, 1]}). */
    static VolumeSource of(Tensor volume) {
        int[] dhw = VolumeShapes.squeezeTo3d(volume.shape().dims(), "volume");
        float[] data = volume.data();
        return new VolumeSource() {
            @Override
            public int depth() {
                return dhw[0];
            }

            @Override
            public int height() {
                return dhw[1];
            }

            @Override
            public int width() {
                return dhw[2];
            }

            @Override
            public void read(int from, int to, float[] dst, int offset) {
                int plane = dhw[1] * dhw[2];
                System.arraycopy(data, from * plane, dst, offset, (to - from) * plane);
            }
        };
    }
}
