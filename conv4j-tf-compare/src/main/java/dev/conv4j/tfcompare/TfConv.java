package dev.conv4j.tfcompare;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchOp;
import dev.conv4j.spec.Padding;

/**
 * A convolution as TensorFlow is asked for it: channels-last shapes, strides and dilations per
 * spatial axis, and the padding. Unlike a {@link BenchCase} it is not validated by conv4j, so
 * that TensorFlow's own answer to a problem conv4j refuses (an empty output, say) can be seen.
 *
 * @param op        what to compute
 * @param input     input shape {@code [N, spatial..., C]} (for the gradients, the forward input's)
 * @param filter    filter shape {@code [k..., in/groups, out]}, depthwise {@code [k..., C, multiplier]}
 * @param strides   one per spatial axis
 * @param dilations one per spatial axis
 * @param padding   {@code SAME}, {@code VALID} or explicit pads
 */
record TfConv(BenchOp op, int[] input, int[] filter, int[] strides, int[] dilations, Padding padding) {
    TfConv {
        input = input.clone();
        filter = filter.clone();
        strides = strides.clone();
        dilations = dilations.clone();
    }

    static TfConv of(BenchCase c) {
        return new TfConv(c.op(), c.input().dims(), c.filter().dims(), c.strides(), c.dilations(), c.padding());
    }

    /** The explicit pad before ({@code side} 0) or after (1) spatial axis {@code axis}; 0 unless explicit. */
    int pad(int axis, int side) {
        if (!(padding instanceof Padding.Explicit e)) {
            return 0;
        }
        int[] pads = side == 0 ? e.before() : e.after();
        return pads[pads.length == 1 ? 0 : axis];
    }
}
