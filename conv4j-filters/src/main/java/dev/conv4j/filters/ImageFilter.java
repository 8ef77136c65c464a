package dev.conv4j.filters;

import dev.conv4j.io.image.ImageData;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters a grey or RGB(A) image: the colour channels as one depthwise convolution (each
 * channel with the same kernel, see {@link Filtering}), alpha untouched. Values stay in the
 * image's own scale (0..255 or 0..65535) until {@link #render} maps them to pixels.
 */
public final class ImageFilter {
    private ImageFilter() {
    }

    /**
     * One kernel's raw result.
     *
     * @param kernel the kernel
     * @param values {@code [height, width, channels]}, unrounded, possibly negative or above the maximum
     */
    public record Result(FilterKernel kernel, float[] values) {
    }

    public static List<Result> filter(ImageData image, List<FilterKernel> kernels, Filtering.Options options) {
        List<Tensor> outs = Filtering.apply(image.tensor(), kernels, options);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < kernels.size(); i++) {
            results.add(new Result(kernels.get(i), outs.get(i).data()));
        }
        return results;
    }

    /** The result as an image of the input's depth and channels, alpha copied from the input. */
    public static ImageData render(ImageData input, float[] values, ToneMap tone) {
        return input.withSamples(tone.apply(values, input.maxValue()));
    }
}
