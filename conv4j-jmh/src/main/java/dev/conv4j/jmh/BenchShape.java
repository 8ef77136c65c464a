package dev.conv4j.jmh;

import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;

/**
 * Representative problems for the micro-benchmarks: the suite's small cases as they are, and
 * scaled-down versions of its large ones (so that one JMH iteration of a second holds many
 * operations). TensorFlow layouts: channels-last input, filter {@code [k..., in, out]}
 * (depthwise {@code [k..., C, multiplier]}).
 */
public enum BenchShape {
    /** s2_sentence: a batch of sentences, 300-wide embeddings, 100 filters of 3 words. */
    CONV1D_SENTENCE(ConvSpec.builder(1).padding(Padding.VALID).build(), Shape.of(32, 64, 300), Shape.of(3, 300, 100)),
    /** s3/s4-like: a grey image into three feature maps (few channels, memory-bound). */
    CONV2D_GRAY(ConvSpec.builder(2).padding(Padding.SAME).build(), Shape.of(1, 512, 512, 1), Shape.of(3, 3, 1, 3)),
    /** s5_vgg at a quarter of the area: 3x3, 64 -> 64 channels. */
    CONV2D_VGG56(ConvSpec.builder(2).padding(Padding.SAME).build(), Shape.of(1, 56, 56, 64), Shape.of(3, 3, 64, 64)),
    /** s6_resnet_stem: 7x7 stride 2, 3 -> 64 channels. */
    CONV2D_STEM(ConvSpec.builder(2).strides(2).padding(Padding.SAME).build(), Shape.of(1, 224, 224, 3),
            Shape.of(7, 7, 3, 64)),
    /** s7_1x1: pointwise, 256 -> 64 channels. */
    CONV2D_1X1(ConvSpec.builder(2).padding(Padding.SAME).build(), Shape.of(1, 28, 28, 256), Shape.of(1, 1, 256, 64)),
    /** s8_lenet_batch: 64 small images, 5x5, 3 -> 32 channels. */
    CONV2D_LENET(ConvSpec.builder(2).padding(Padding.VALID).build(), Shape.of(64, 32, 32, 3), Shape.of(5, 5, 3, 32)),
    /** s9_depthwise: 3x3 depthwise, 32 channels. */
    DEPTHWISE_3X3(ConvSpec.builder(2).padding(Padding.SAME).depthwise().build(), Shape.of(1, 112, 112, 32),
            Shape.of(3, 3, 32, 1)),
    /** s10_lidar at 64³: a one-channel volume, 5x5x5, into 3 maps. */
    CONV3D_LIDAR64(ConvSpec.builder(3).padding(Padding.SAME).build(), Shape.of(1, 64, 64, 64, 1),
            Shape.of(5, 5, 5, 1, 3)),
    /** s11_c3d at half the frames and half the area: 3x3x3, 64 -> 128 channels. */
    CONV3D_C3D(ConvSpec.builder(3).padding(Padding.SAME).build(), Shape.of(1, 8, 28, 28, 64),
            Shape.of(3, 3, 3, 64, 128));

    private final ConvSpec spec;
    private final Shape input;
    private final Shape filter;

    BenchShape(ConvSpec spec, Shape input, Shape filter) {
        this.spec = spec;
        this.input = input;
        this.filter = filter;
    }

    public ConvSpec spec() {
        return spec;
    }

    public Shape input() {
        return input;
    }

    public Shape filter() {
        return filter;
    }

    public ConvGeometry geometry() {
        return spec.geometry(input, filter);
    }

    /** Two FLOPs per multiply-add, as the benchmark suite counts. */
    public long flops() {
        return geometry().flops();
    }
}
