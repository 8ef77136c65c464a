package dev.conv4j.reference;

import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * The gradients of the reference convolution, in float64: the forward pass is
 * {@code y[o] = sum of x[i] * w[k]} over the products {@link ReferenceConv} enumerates, so
 * {@code dx[i] += dy[o] * w[k]} and {@code dw[k] += x[i] * dy[o]} over the same products. Nothing
 * here restates the indexing: every layout, boundary mode, group and flip comes with the loop.
 *
 * <p>Each result carries, per element, {@code sum |a * b|} over its products, so the accuracy
 * rule applies to gradients as it does to the forward pass (a gradient is itself a correlation).
 */
public final class ReferenceGradients {
    private ReferenceGradients() {
    }

    /** {@code dL/dx} for the forward convolution over inputs of {@code inputShape}. */
    public static ReferenceConv.Result input(ConvSpec spec, Shape inputShape, Tensor filter, Tensor gradOutput) {
        Sums dx = new Sums(inputShape);
        float[] w = filter.data();
        float[] dy = gradOutput.data();
        ReferenceConv.forEachProduct(spec, Tensor.zeros(inputShape), filter, (o, i, k) -> dx.add(i, (double) dy[o] * w[k]));
        return dx.result();
    }

    /** {@code dL/dW} in the filter's layout. */
    public static ReferenceConv.Result filter(ConvSpec spec, Tensor input, Shape filterShape, Tensor gradOutput) {
        Sums dw = new Sums(filterShape);
        float[] x = input.data();
        float[] dy = gradOutput.data();
        ReferenceConv.forEachProduct(spec, input, Tensor.zeros(filterShape), (o, i, k) -> dw.add(k, (double) x[i] * dy[o]));
        return dw.result();
    }

    private static final class Sums {
        private final Shape shape;
        private final double[] values;
        private final double[] absSum;

        Sums(Shape shape) {
            this.shape = shape;
            this.values = new double[shape.checkedElementCount("gradient")];
            this.absSum = new double[values.length];
        }

        void add(int at, double product) {
            values[at] += product;
            absSum[at] += Math.abs(product);
        }

        ReferenceConv.Result result() {
            return new ReferenceConv.Result(shape, values, absSum);
        }
    }
}
