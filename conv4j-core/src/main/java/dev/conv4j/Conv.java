package dev.conv4j;

import dev.conv4j.plan.ConvPlan;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;

/**
 * The descriptor API in a few lines: describe the convolution with a {@link ConvSpec}, then
 * compute it once ({@link #forward}) or plan it and run the plan many times ({@link #plan}).
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).strides(2).padding(Padding.SAME).build();
 * Tensor y = Conv.forward(spec, x, w);             // x [1,224,224,3], w [7,7,3,64] -> y [1,112,112,64]
 * }</pre>
 */
public final class Conv {
    private Conv() {
    }

    /** Output shape and pads, without data. */
    public static ConvGeometry geometry(ConvSpec spec, Shape input, Shape filter) {
        return spec.geometry(input, filter);
    }

    public static Tensor forward(ConvSpec spec, Tensor input, Tensor filter) {
        return forward(spec, input, filter, null);
    }

    /** Convolves once, with all processors; {@code bias} ({@code [C_out]}) may be null. */
    public static Tensor forward(ConvSpec spec, Tensor input, Tensor filter, Tensor bias) {
        return plan(spec, input.shape(), filter, bias).run(input);
    }

    /** A plan for inputs of {@code inputShape}, with the standard planner and all processors. */
    public static ConvPlan plan(ConvSpec spec, Shape inputShape, Tensor filter, Tensor bias) {
        return Planner.standard().plan(spec, inputShape, filter, bias);
    }
}
