package dev.conv4j.nn.data;

import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated 3D data set: {@value #SIZE}³ volumes, one channel, each holding one solid shape,
 * a cube, a sphere or a cross (three orthogonal bars), with a random centre and size (half-width
 * 3 to 5) on a background of Gaussian noise (σ = 0.2). Balanced classes; the same seed gives the
 * same set.
 */
public final class Volumes {
    public static final int SIZE = 16;
    public static final List<String> CLASSES = List.of("cube", "sphere", "cross");

    private Volumes() {
    }

    /** {@code count} samples of shape {@code [16, 16, 16, 1]}. */
    public static Dataset generate(int count, long seed, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        int voxels = SIZE * SIZE * SIZE;
        float[] x = new float[count * voxels];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES.size();
            labels[i] = label;
            int half = 3 + random.nextInt(3);
            int cz = half + random.nextInt(SIZE - 2 * half);
            int cy = half + random.nextInt(SIZE - 2 * half);
            int cx = half + random.nextInt(SIZE - 2 * half);
            int bar = Math.max(1, half / 3);
            for (int z = 0; z < SIZE; z++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int xx = 0; xx < SIZE; xx++) {
                        int dz = Math.abs(z - cz);
                        int dy = Math.abs(y - cy);
                        int dx = Math.abs(xx - cx);
                        boolean inside = switch (label) {
                            case 0 -> dz <= half && dy <= half && dx <= half;
                            case 1 -> dz * dz + dy * dy + dx * dx <= (half + 0.5) * (half + 0.5);
                            default -> (dz <= half && dy < bar && dx < bar) || (dy <= half && dz < bar && dx < bar)
                                    || (dx <= half && dz < bar && dy < bar);
                        };
                        int v = (z * SIZE + y) * SIZE + xx;
                        x[i * voxels + v] = (float) ((inside ? 1 : 0) + 0.2 * random.nextGaussian());
                    }
                }
            }
        }
        return new Dataset(name, Tensor.wrap(Shape.of(count, SIZE, SIZE, SIZE, 1), x), labels, CLASSES);
    }

    public static Dataset train() {
        return generate(1200, 3, "volumes/train");
    }

    public static Dataset test() {
        return generate(300, 4, "volumes/test");
    }
}
