package dev.conv4j.testkit;

import dev.conv4j.reference.Accuracy;
import dev.conv4j.reference.ConvFunction;
import dev.conv4j.reference.ReferenceConv;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.tensor.Tensor;

/**
 * A concrete forward convolution problem, as {@link ConvProblems} generates it: what to compute,
 * the data, and how many threads a plan should use. A comparison with the reference is
 * {@code convCase.check(Conv::forward)}.
 *
 * @param bias    one value per output channel, or null
 * @param threads for a plan: the number of threads to split the work over (the result must not depend on it)
 */
public record ConvCase(ConvSpec spec, Tensor input, Tensor filter, Tensor bias, int threads) {

    public ConvGeometry geometry() {
        return spec.geometry(input.shape(), filter.shape());
    }

    /** The float64 reference output (computed on each call). */
    public ReferenceConv.Result reference() {
        return ReferenceConv.forward(spec, input, filter, bias);
    }

    /** Computes this case with {@code conv} and checks it against the reference by {@link Accuracy#assertAccurate}. */
    public void check(ConvFunction conv) {
        Accuracy.assertAccurate(toString(), conv.apply(spec, input, filter, bias), reference());
    }

    /**
     * The one-line problem string, with what it leaves out added, e.g.
     * {@code conv2d n1 in5x5x4 k3x3x2x6 out3x3x6 s1x1 d2x2 pad0+0,0+0 g2 NCHW reflect OIHW bias threads=3}.
     */
    @Override
    public String toString() {
        return geometry().problem()
                + (spec.filterFormat() == FilterFormat.OIHW ? " OIHW" : "")
                + (bias != null ? " bias" : "")
                + " threads=" + threads;
    }
}
