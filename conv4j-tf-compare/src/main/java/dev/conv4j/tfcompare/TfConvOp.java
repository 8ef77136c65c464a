package dev.conv4j.tfcompare;

import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropFilter;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * One convolution as a TensorFlow graph, built once and run in a session: placeholders with
 * static shapes fed with TF tensors (not constants, so grappler cannot fold the convolution),
 * channels-last (TensorFlow's CPU kernels are), and {@code tf.nn.conv1d}'s own expansion to
 * Conv2D for 1D. Conv3D has no explicit padding mode, so explicit pads are a {@code tf.pad}
 * before a {@code VALID} Conv3D, as {@code tf.keras} pads. Each {@link #run} is one
 * {@code Session.run}, including the allocation of the output tensor.
 *
 * <p>The two fed inputs are: forward ops (x, w); {@code conv2d_grad_input} (w, dy);
 * {@code conv2d_grad_filter} (x, dy), with dy of the forward output's shape.
 */
final class TfConvOp implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> a;
    private final Placeholder<TFloat32> b;
    private final Operand<TFloat32> y;
    private final TFloat32 ta;
    private final TFloat32 tb;

    /**
     * @param first  x, or w for {@code conv2d_grad_input}
     * @param second w, or dy for the gradients
     */
    TfConvOp(TfConv c, Tensor first, Tensor second, ConfigProto config) {
        graph = new Graph();
        Ops tf = Ops.create(graph);
        int rank = c.strides().length;
        a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(shape(first)));
        b = tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(shape(second)));
        List<Long> strides = full(c.strides(), rank);
        List<Long> dilations = full(c.dilations(), rank);
        String padding = c.padding() instanceof Padding.Explicit ? "EXPLICIT" : c.padding().toString();
        List<Long> explicit = explicitPads(c, rank);
        Operand<TFloat32> out = switch (c.op()) {
            case CONV2D -> tf.nn.conv2d(a, b, strides, padding, Conv2d.dilations(dilations),
                    Conv2d.explicitPaddings(explicit), Conv2d.dataFormat("NHWC"));
            case CONV1D -> {
                // tf.nn.conv1d: NWC -> N1WC, [K,Ci,Co] -> [1,K,Ci,Co], Conv2D, squeeze
                Operand<TFloat32> x4 = tf.expandDims(a, tf.constant(1));
                Operand<TFloat32> w4 = tf.expandDims(b, tf.constant(0));
                List<Long> explicit4 = explicit.isEmpty() ? List.of()
                        : List.of(0L, 0L, 0L, 0L, explicit.get(2), explicit.get(3), 0L, 0L);
                Operand<TFloat32> y4 = tf.nn.conv2d(x4, w4, List.of(1L, 1L, strides.get(1), 1L), padding,
                        Conv2d.dilations(List.of(1L, 1L, dilations.get(1), 1L)), Conv2d.explicitPaddings(explicit4),
                        Conv2d.dataFormat("NHWC"));
                yield tf.squeeze(y4, Squeeze.axis(1L));
            }
            case CONV3D -> {
                Operand<TFloat32> x = a;
                String pad = padding;
                if (pad.equals("EXPLICIT")) { // Conv3D has no EXPLICIT mode: zero-pad, then VALID
                    int[][] p = new int[5][2];
                    for (int i = 0; i < 3; i++) {
                        p[1 + i][0] = c.pad(i, 0);
                        p[1 + i][1] = c.pad(i, 1);
                    }
                    x = tf.pad(x, tf.constant(p), tf.constant(0f));
                    pad = "VALID";
                }
                yield tf.nn.conv3d(x, b, strides, pad, Conv3d.dilations(dilations), Conv3d.dataFormat("NDHWC"));
            }
            case DEPTHWISE2D -> tf.nn.depthwiseConv2dNative(a, b, strides, padding,
                    DepthwiseConv2dNative.dilations(dilations), DepthwiseConv2dNative.explicitPaddings(explicit),
                    DepthwiseConv2dNative.dataFormat("NHWC"));
            case CONV2D_GRAD_INPUT -> tf.nn.conv2dBackpropInput(tf.constant(c.input()), a, b, strides, padding,
                    Conv2dBackpropInput.dilations(dilations), Conv2dBackpropInput.explicitPaddings(explicit),
                    Conv2dBackpropInput.dataFormat("NHWC"));
            case CONV2D_GRAD_FILTER -> tf.nn.conv2dBackpropFilter(a, tf.constant(c.filter()), b, strides,
                    padding, Conv2dBackpropFilter.dilations(dilations),
                    Conv2dBackpropFilter.explicitPaddings(explicit), Conv2dBackpropFilter.dataFormat("NHWC"));
        };
        y = tf.withName("y").identity(out);
        session = new Session(graph, config);
        ta = tensor(first);
        tb = tensor(second);
    }

    /** intra-op and inter-op threads, pinned through the session's config. */
    static ConfigProto config(int intraThreads, int interThreads) {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraThreads)
                .setInterOpParallelismThreads(interThreads)
                .build();
    }

    /** One Session.run; the result tensor is freed. */
    void run() {
        try (Result r = session.runner().feed(a, ta).feed(b, tb).fetch(y).run()) {
            if (r.size() != 1) {
                throw new IllegalStateException("TensorFlow returned " + r.size() + " tensors");
            }
        }
    }

    /** One run, with its output copied out. */
    Tensor runAndFetch() {
        try (Result r = session.runner().feed(a, ta).feed(b, tb).fetch(y).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            long[] dims = t.shape().asArray();
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Math.toIntExact(dims[i]);
            }
            float[] data = new float[Math.toIntExact(t.shape().size())];
            t.copyTo(DataBuffers.of(data, false, false));
            return Tensor.wrap(dev.conv4j.tensor.Shape.of(shape), data);
        }
    }

    @Override
    public void close() {
        ta.close();
        tb.close();
        session.close();
        graph.close();
    }

    private static Shape shape(Tensor t) {
        return Shape.of(toLong(t.shape().dims()));
    }

    private static TFloat32 tensor(Tensor t) {
        return TFloat32.tensorOf(shape(t), DataBuffers.of(t.data(), true, false));
    }

    /** {@code [1, per-axis..., 1]}; a single value applies to every axis. */
    private static List<Long> full(int[] perAxis, int rank) {
        List<Long> out = new ArrayList<>();
        out.add(1L);
        for (int i = 0; i < rank; i++) {
            out.add((long) (perAxis.length == 1 ? perAxis[0] : perAxis[i]));
        }
        out.add(1L);
        return out;
    }

    /** TF's explicit_paddings {@code [0,0, b0,a0, ..., 0,0]} when the padding is explicit; empty otherwise. */
    private static List<Long> explicitPads(TfConv c, int rank) {
        if (!(c.padding() instanceof Padding.Explicit)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>(List.of(0L, 0L));
        for (int i = 0; i < rank; i++) {
            out.add((long) c.pad(i, 0));
            out.add((long) c.pad(i, 1));
        }
        out.add(0L);
        out.add(0L);
        return out;
    }

    private static long[] toLong(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
