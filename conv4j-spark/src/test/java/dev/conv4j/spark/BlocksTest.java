package dev.conv4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.conv4j.filters.Filtering;
import dev.conv4j.filters.Kernels;
import dev.conv4j.io.zarr.Boxes;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every block of an output, computed on its own from its grown input block, equals the whole
 * array's result bit for bit: named kernels (one pass, separable passes, magnitudes) and
 * convolutions with strides, dilations and paddings, for every boundary mode, over block grids
 * that do not divide the array.
 */
class BlocksTest {
    static final long[] N = {13, 11, 17};

    static float[] volume(long[] n, int channels, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) (n[0] * n[1] * n[2] * channels)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(2001) / 100f - 10;
        }
        return v;
    }

    /** The whole output assembled from blocks of {@code block} positions each. */
    static float[] blockwise(VolumeOperation op, float[] data, long[] n, int channels, int[] block) throws Exception {
        long[] outShape = op.outputShape(n, channels);
        int[] outDims = Arrays.stream(outShape).mapToInt(Math::toIntExact).toArray();
        float[] out = new float[Arrays.stream(outDims).reduce(1, (a, b) -> a * b)];
        Values input = Values.of(data, new Span[] {new Span(0, n[0]), new Span(0, n[1]), new Span(0, n[2])}, channels);
        for (long z = 0; z < outShape[0]; z += block[0]) {
            for (long y = 0; y < outShape[1]; y += block[1]) {
                for (long x = 0; x < outShape[2]; x += block[2]) {
                    Span[] spans = {new Span(z, Math.min(outShape[0], z + block[0])),
                        new Span(y, Math.min(outShape[1], y + block[1])), new Span(x, Math.min(outShape[2], x + block[2]))};
                    float[] part = op.evaluate(input, n, spans, Planner.standard().threads(1));
                    int[] extent = {spans[0].length(), spans[1].length(), spans[2].length(), outDims[3]};
                    Boxes.copy(part, extent, new int[4], out, outDims, new int[] {(int) z, (int) y, (int) x, 0}, extent);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void namedKernelsBlockByBlockEqualTheWholeVolume(Boundary boundary) throws Exception {
        float[] data = volume(N, 1, 1);
        Tensor whole = Tensor.wrap(Shape.of(1, 13, 11, 17, 1), data);
        for (String kernel : List.of("gaussian3d:1", "sobel3d", "box3d:4", "laplacian3d")) {
            for (boolean convolve : List.of(false, true)) {
                Filtering.Options options = new Filtering.Options(boundary, convolve, Planner.standard().threads(2));
                float[] expected = Filtering.apply(whole, Kernels.parse(kernel, 3), options).data();
                VolumeOperation op = new VolumeOperation.Filter(kernel, boundary, convolve);
                for (int[] block : List.of(new int[] {4, 5, 6}, new int[] {13, 11, 17}, new int[] {3, 11, 7})) {
                    assertArrayEquals(expected, blockwise(op, data, N, 1, block),
                            kernel + " " + boundary + " convolve " + convolve + " blocks " + Arrays.toString(block));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void convolutionsBlockByBlockEqualTheWholeVolume(Boundary boundary) throws Exception {
        int channels = 2;
        float[] data = volume(N, channels, 2);
        Tensor whole = Tensor.wrap(Shape.of(1, 13, 11, 17, channels), data);
        float[] w = volume(new long[] {3, 2, 3}, channels * 3, 3);
        int[] filterShape = {3, 2, 3, channels, 3};
        record Case(int[] strides, int[] dilations, String padding) {
        }
        for (Case c : List.of(new Case(new int[] {1}, new int[] {1}, "SAME"), new Case(new int[] {2, 1, 3}, new int[] {1}, "SAME"),
                new Case(new int[] {1}, new int[] {2, 3, 1}, "SAME"), new Case(new int[] {2}, new int[] {2}, "VALID"),
                new Case(new int[] {1, 2, 1}, new int[] {1}, "1,2,0,3,2,2"))) {
            if (boundary != Boundary.ZERO && c.padding.equals("VALID")) {
                continue;
            }
            ConvSpec spec = ConvSpec.builder(3).strides(c.strides).dilations(c.dilations).padding(Padding.parse(c.padding))
                    .boundary(boundary).build();
            float[] expected = Planner.standard().threads(2).plan(spec, whole.shape(), Tensor.wrap(Shape.of(filterShape), w), null)
                    .run(whole).data();
            VolumeOperation op = new VolumeOperation.Convolution(w, filterShape, c.strides, c.dilations, c.padding, boundary, false);
            for (int[] block : List.of(new int[] {4, 5, 6}, new int[] {2, 3, 4})) {
                assertArrayEquals(expected, blockwise(op, data, N, channels, block), boundary + " " + c + " " + Arrays.toString(block));
            }
        }
    }
}
