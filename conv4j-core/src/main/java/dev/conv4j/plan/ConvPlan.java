package dev.conv4j.plan;

import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Layouts;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.tensor.Tensor;
import java.util.List;

/**
 * A convolution ready to run: shapes validated, weights packed, kernel chosen. Built once by a
 * {@link Planner}, run on any number of inputs of the planned shape, from any number of threads
 * at once (a run keeps its state on the stack).
 *
 * <p>Around the kernel, which only knows the canonical form, a run transposes channels-first
 * data and materialises non-zero boundary pads ({@link CanonicalForm}). While the Vector API code
 * is cold in this JVM, runs go to the algorithm's scalar twin, which gives the same bits
 * ({@link ColdStart}).
 */
public final class ConvPlan extends Plan {
    private final ColdStart.Twins<ConvKernel> kernels;
    private final WorkerPool pool;

    ConvPlan(ConvGeometry geometry, String algorithm, List<PlanDecision> decisions,
             ConvKernel kernel, ConvKernel coldTwin, int threads, WorkerPool pool) {
        super(geometry, algorithm, decisions, threads);
        this.kernels = new ColdStart.Twins<>(kernel, coldTwin);
        this.pool = pool;
    }

    /** Convolves {@code input} into a new tensor of the geometry's output shape. */
    public Tensor run(Tensor input) {
        Tensor output = Tensor.zeros(geometry().outputShape());
        run(input, output);
        return output;
    }

    /** Convolves {@code input} into {@code output}, which must have the geometry's output shape. */
    public void run(Tensor input, Tensor output) {
        if (!input.shape().equals(geometry().inputShape())) {
            throw new ConvShapeException("input", "this plan was built for input " + geometry().inputShape()
                    + " but got " + input.shape());
        }
        if (!output.shape().equals(geometry().outputShape())) {
            throw new ConvShapeException("output", "this plan writes output " + geometry().outputShape()
                    + " but was given " + output.shape());
        }
        float[] x = CanonicalForm.input(geometry(), input.data());
        boolean channelsFirst = geometry().spec().dataFormat() == DataFormat.CHANNELS_FIRST;
        float[] y = channelsFirst ? new float[output.data().length] : output.data();
        ConvKernel running = kernels.forRun(algorithm(), geometry().flops());
        pool.run(running.workUnits(), threads(), (from, to) -> running.compute(x, y, from, to));
        if (channelsFirst) {
            Layouts.toChannelsFirst(y, geometry().batch(), geometry().outChannels(), Math.toIntExact(geometry().outputVolume()),
                    output.data());
        }
    }

    /** Whether a run may still go to the scalar twin ({@link ColdStart}). */
    boolean holdsColdTwin() {
        return kernels.holdsColdTwin();
    }

    /**
     * Bytes a run allocates besides its input and output: the channels-last copies of
     * channels-first data and the materialised boundary pads.
     */
    public static long scratchBytes(ConvGeometry geometry) {
        return CanonicalForm.scratchBytes(geometry);
    }

    @Override
    public String toString() {
        return "ConvPlan[" + geometry().problem() + " via " + algorithm() + "]";
    }
}
