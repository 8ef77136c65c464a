package dev.conv4j.explain;

import dev.conv4j.Conv;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvShapeException;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.FilterFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The backward operations of a forward convolution, worked with numbers: the transposed
 * convolution, the input gradient and the filter gradient, each computed by conv4j ({@link Conv}),
 * and each shown equal to a forward convolution of rearranged operands (also computed by conv4j):
 *
 * <ul>
 *   <li>transpose and input gradient ({@code dx = transpose(dy)}, the same operation): the output
 *       gradient spread by the stride (s - 1 zeros between values), padded
 *       {@code (k-1)*d - pad_before} before, convolved with the kernel flipped along every spatial
 *       axis and with its input and output channels swapped;</li>
 *   <li>filter gradient: the correlation of the padded input with the output gradient, the
 *       gradient taking the kernel's place with the stride as its dilation and the dilation as
 *       its stride; input channels become the batch, the batch becomes the channels summed over.</li>
 * </ul>
 *
 * The operands are the user's, or small integers (so every sum is exact): the filter
 * {@code 1,2,3,1,2,3,...}, the output gradient {@code 1,2,3,4,1,...}, the forward input
 * {@code 1,...,5,1,...}, in memory order.
 */
public final class BackwardExplainer {
    /** The operation explained. */
    public enum Op {
        TRANSPOSE("transpose"), GRAD_INPUT("grad-input"), GRAD_FILTER("grad-filter");

        private final String code;

        Op(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Op parse(String text) {
            for (Op op : values()) {
                if (op.code.equalsIgnoreCase(text.strip())) {
                    return op;
                }
            }
            throw new IllegalArgumentException("--op '" + text + "' is not one of forward, transpose, grad-input,"
                    + " grad-filter");
        }
    }

    /**
     * One operation worked out: its operands and result (computed by conv4j), and the same result
     * as a forward convolution ({@code identity}) of rearranged operands.
     *
     * @param op        the operation
     * @param forward   the forward convolution it belongs to
     * @param filter    the forward filter {@code [k..., in, out]}
     * @param operand   transpose: its input; gradients: the output gradient {@code dL/dy} (the forward output's shape)
     * @param input     grad-filter: the forward input; otherwise null
     * @param result    transpose: its output; grad-input: {@code dL/dx}; grad-filter: {@code dL/dw}
     * @param identity  the forward convolution that computes the same numbers
     * @param identityInput  its input
     * @param identityFilter its filter
     * @param viaForward     its output, arranged as {@code result}
     */
    public record Worked(Op op, ConvGeometry forward, Tensor filter, Tensor operand, Tensor input, Tensor result,
                         ConvGeometry identity, Tensor identityInput, Tensor identityFilter, Tensor viaForward) {
        /** The largest difference between {@code result} and {@code viaForward}. */
        public double identityError() {
            double max = 0;
            for (int i = 0; i < result.data().length; i++) {
                max = Math.max(max, Math.abs(result.data()[i] - viaForward.data()[i]));
            }
            return max;
        }

        /** The identity's input with its zero pads written in, for showing. */
        public Tensor paddedIdentityInput() {
            ConvGeometry id = identity;
            int r = id.spatialRank();
            int[] dims = id.inputShape().dims().clone();
            for (int a = 0; a < r; a++) {
                dims[a + 1] += id.padsBefore()[a] + id.padsAfter()[a];
            }
            return gather(identityInput, Shape.of(dims), c -> {
                int[] src = c.clone();
                for (int a = 0; a < r; a++) {
                    src[a + 1] = c[a + 1] - id.padsBefore()[a];
                    if (src[a + 1] < 0 || src[a + 1] >= id.inputShape().dim(a + 1)) {
                        return null;
                    }
                }
                return src;
            });
        }
    }

    private BackwardExplainer() {
    }

    /** The forward filter, output gradient and input as small integers (see the class comment). */
    public static Worked work(Op op, ConvGeometry g) {
        return work(op, g, pattern(g.filterShape(), 3), pattern(g.outputShape(), 4), pattern(g.inputShape(), 5));
    }

    /**
     * {@code op} of the forward convolution {@code g} on these operands; {@code input} is read by
     * grad-filter only.
     *
     * @throws ConvShapeException for shapes that do not fit {@code g}, or options the worked form
     *     does not cover (groups, depthwise, channels-first, a boundary other than zeros, a flipped kernel)
     */
    public static Worked work(Op op, ConvGeometry g, Tensor filter, Tensor operand, Tensor input) {
        ConvSpec spec = g.spec();
        requireCovered(spec, g);
        requireShape("filter", filter.shape(), g.filterShape());
        requireShape("values", operand.shape(), g.outputShape());
        int r = g.spatialRank();
        if (op == Op.GRAD_FILTER) {
            requireShape("input", input.shape(), g.inputShape());
            Tensor dw = Conv.gradFilter(spec, input, g.filterShape(), operand);
            return gradFilterIdentity(g, filter, operand, input, dw);
        }
        Tensor result = op == Op.TRANSPOSE
                ? Conv.transpose(spec, operand, filter, g.inputShape())
                : Conv.gradInput(spec, g.inputShape(), filter, operand);
        // dx = conv(spread(dy) padded, flip(w) with channels swapped), stride 1, the forward's dilation
        int[] before = new int[r];
        int[] after = new int[r];
        int[] spread = new int[r];
        for (int a = 0; a < r; a++) {
            AxisGeometry ax = g.axis(a);
            spread[a] = (ax.output() - 1) * ax.stride() + 1;
            before[a] = (ax.kernel() - 1) * ax.dilation() - ax.padBefore();
            after[a] = Math.max(0, ax.input() - 1 + ax.padBefore() - (spread[a] - 1));
            if (before[a] < 0) {
                throw new ConvShapeException("padding", "pad before " + ax.padBefore() + " along " + ax.name()
                        + " exceeds the dilated kernel's reach " + (ax.kernel() - 1) * ax.dilation()
                        + ": the transposed form would crop, which this explanation does not draw");
            }
        }
        Tensor z = gather(operand, Shape.of(withSpatial(g.outputShape().dims(), spread)), c -> {
            int[] src = c.clone();
            for (int a = 0; a < r; a++) {
                if (c[a + 1] % g.axis(a).stride() != 0) {
                    return null;
                }
                src[a + 1] = c[a + 1] / g.axis(a).stride();
            }
            return src;
        });
        Tensor flipped = flipSpatial(filter, r).permute(swapLastTwo(r + 2));
        ConvSpec identitySpec = ConvSpec.builder(r).dilations(spec.dilations())
                .padding(new Padding.Explicit(before, after)).build();
        ConvGeometry identity = identitySpec.geometry(z.shape(), flipped.shape());
        Tensor via = leading(Conv.forward(identitySpec, z, flipped), result.shape());
        return new Worked(op, g, filter, operand, null, result, identity, z, flipped, via);
    }

    /** dw[j, ci, co] = sum over batch and o of x_padded[o*s + j*d, ci] * dy[o, co]. */
    private static Worked gradFilterIdentity(ConvGeometry g, Tensor filter, Tensor dy, Tensor x, Tensor dw) {
        int r = g.spatialRank();
        int[] before = g.padsBefore();
        int[] after = g.padsAfter();
        // x [N, in..., Cin] -> [Cin, in..., N]: input channels are the batch, the batch the channels summed over
        int[] xOrder = new int[r + 2];
        xOrder[0] = r + 1;
        for (int a = 0; a < r; a++) {
            xOrder[a + 1] = a + 1;
        }
        xOrder[r + 1] = 0;
        Tensor xs = x.permute(xOrder);
        // dy [N, out..., Cout] -> [out..., N, Cout]: the gradient is the kernel
        int[] dyOrder = new int[r + 2];
        for (int a = 0; a < r; a++) {
            dyOrder[a] = a + 1;
        }
        dyOrder[r] = 0;
        dyOrder[r + 1] = r + 1;
        Tensor kernel = dy.permute(dyOrder);
        int[] strides = new int[r];
        int[] dilations = new int[r];
        for (int a = 0; a < r; a++) {
            strides[a] = g.axis(a).dilation();
            dilations[a] = g.axis(a).stride();
        }
        ConvSpec identitySpec = ConvSpec.builder(r).strides(strides).dilations(dilations)
                .padding(new Padding.Explicit(before, after)).build();
        ConvGeometry identity = identitySpec.geometry(xs.shape(), kernel.shape());
        // [Cin, k'..., Cout] with k' >= k (inputs past the last window add positions never used): keep k
        Tensor out = Conv.forward(identitySpec, xs, kernel);
        int[] kept = out.shape().dims().clone();
        for (int a = 0; a < r; a++) {
            kept[a + 1] = g.axis(a).kernel();
        }
        int[] back = new int[r + 2];
        for (int a = 0; a < r; a++) {
            back[a] = a + 1;
        }
        back[r] = 0;
        back[r + 1] = r + 1;
        Tensor via = leading(out, Shape.of(kept)).permute(back);
        return new Worked(Op.GRAD_FILTER, g, filter, dy, x, dw, identity, xs, kernel, via);
    }

    private static void requireCovered(ConvSpec spec, ConvGeometry g) {
        String why = spec.depthwise() ? "a depthwise filter" : g.groups() > 1 ? "groups" : spec.dataFormat()
                != DataFormat.CHANNELS_LAST ? "channels-first data" : spec.filterFormat() != FilterFormat.HWIO
                ? "an OIHW filter" : spec.boundary() != Boundary.ZERO ? "a " + spec.boundary().code() + " boundary"
                : spec.flipKernel() ? "a flipped kernel" : null;
        if (why != null) {
            throw new ConvShapeException("op", "the backward explanation works channels-last data, HWIO filters,"
                    + " zero padding and one group; this convolution has " + why);
        }
    }

    private static void requireShape(String argument, Shape actual, Shape expected) {
        if (!actual.equals(expected)) {
            throw new ConvShapeException(argument, argument + " has shape " + actual + "; this convolution needs "
                    + expected);
        }
    }

    // ---- the words ---------------------------------------------------------------------------------------------

    /** The derivation, with the operands' numbers (channel 0 of batch 0 where there are more). */
    public static String explain(Worked w) {
        ConvGeometry g = w.forward();
        StringBuilder sb = new StringBuilder();
        String forwardLine = "forward: " + g.problem();
        switch (w.op()) {
            case TRANSPOSE -> {
                sb.append("Transposed convolution (conv4j transpose): x ").append(w.operand().shape()).append(" -> y ")
                        .append(w.result().shape()).append('\n').append(forwardLine).append("\n\n");
                sb.append("""
                        Each value of x spreads a copy of the kernel, scaled by that value, into y:
                          x[i] adds x[i] * w[j] to y[i*stride - pad_before + j*dilation], for every kernel tap j.
                        """);
                sb.append(stepsAndSizes(g));
                appendOperands(sb, w, "x", "y");
                appendWorkedSum(sb, w, "x", "y");
                sb.append("\nIdentity: the transposed convolution is the gradient of the forward one with respect to its"
                        + " input (dx = transpose(dy)), and both are a forward convolution:\n");
                appendTransposedIdentity(sb, w, "x", "y");
            }
            case GRAD_INPUT -> {
                sb.append("Input gradient (conv4j grad-input): dL/dy ").append(w.operand().shape()).append(" -> dL/dx ")
                        .append(w.result().shape()).append('\n').append(forwardLine).append("\n\n");
                sb.append("""
                        Each input x[i] reached output y[o] through the tap j with o*stride - pad_before + j*dilation = i,
                        so dL/dx[i] = sum over those (o, j) of dL/dy[o] * w[j]: every output's gradient flows back along
                        the weights that made it. It is the transposed convolution of dL/dy.
                        """);
                sb.append(stepsAndSizes(g));
                appendOperands(sb, w, "dy", "dx");
                appendWorkedSum(sb, w, "dy", "dx");
                sb.append("\nIdentity: why the input gradient is a convolution with the flipped kernel:\n");
                appendTransposedIdentity(sb, w, "dy", "dx");
            }
            case GRAD_FILTER -> {
                sb.append("Filter gradient (conv4j grad-filter): x ").append(w.input().shape()).append(" and dL/dy ")
                        .append(w.operand().shape()).append(" -> dL/dw ").append(w.result().shape()).append('\n')
                        .append(forwardLine).append("\n\n");
                sb.append("""
                        Weight w[j] met input x[o*stride - pad_before + j*dilation] at every output o,
                        so dL/dw[j] = sum over o (and the batch) of x[o*stride - pad_before + j*dilation] * dL/dy[o]:
                        the correlation of the input with the output gradient.
                        """);
                appendOperands(sb, w, "dy", "dw");
                appendWorkedSum(sb, w, "dy", "dw");
                ConvGeometry id = w.identity();
                sb.append("\nIdentity: dL/dw is a forward convolution of the input with dL/dy as its kernel:\n");
                sb.append("  input    x with its input channels as the batch: ").append(id.inputShape())
                        .append(", padded ").append(pads(g.padsBefore(), g.padsAfter())).append('\n');
                sb.append("  kernel   dL/dy ").append(id.filterShape()).append(" with the stride ")
                        .append(Arrays.toString(g.spec().strides()).replace(" ", ""))
                        .append(" as its dilation (its values stride apart on x)\n");
                sb.append("  stride   the forward dilation ").append(Arrays.toString(g.spec().dilations())
                        .replace(" ", "")).append(": neighbouring weights read inputs that far apart\n");
                sb.append("  = ").append(id.problem()).append('\n');
                sb.append(equality(w, "dw"));
            }
        }
        return sb.toString();
    }

    private static String stepsAndSizes(ConvGeometry g) {
        StringBuilder sb = new StringBuilder();
        for (AxisGeometry a : g.axes()) {
            int[] legal = dev.conv4j.spec.TransposedSizes.legalInputSizes(g.spec(), g.axes().indexOf(a), a.kernel(),
                    a.output());
            sb.append(String.format(Locale.ROOT, "  %-7s %d values -> %d; copies start %d apart", a.name(), a.output(),
                    a.input(), a.stride()));
            if (legal.length == 2 && legal[1] > legal[0]) {
                sb.append("; sizes ").append(legal[0]).append("..").append(legal[1])
                        .append(" all come back to ").append(a.output()).append(" forward, so the size is chosen: ")
                        .append(a.input()).append(" (output_padding ").append(a.input() - legal[0]).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void appendOperands(StringBuilder sb, Worked w, String operandName, String resultName) {
        sb.append('\n');
        if (w.op() == Op.GRAD_FILTER) {
            sb.append(grid("x", w.input(), 1)).append(grid(operandName, w.operand(), 1));
        } else {
            sb.append(grid(operandName, w.operand(), 1)).append(grid("w", w.filter(), 0));
        }
        if (w.op() == Op.GRAD_FILTER) {
            sb.append(grid(resultName, w.result(), 0));
        } else {
            sb.append(grid(resultName, w.result(), 1));
        }
    }

    /** The sum behind one result value (the middle one), term by term, with the value conv4j computed. */
    private static void appendWorkedSum(StringBuilder sb, Worked w, String operandName, String resultName) {
        ConvGeometry g = w.forward();
        int r = g.spatialRank();
        List<Term> terms = new ArrayList<>();
        int[] at = workedPosition(w);
        if (w.op() == Op.GRAD_FILTER) {
            forEach(g.outputSizes(), o -> {
                int[] xi = new int[r];
                for (int a = 0; a < r; a++) {
                    xi[a] = o[a] * g.axis(a).stride() - g.axis(a).padBefore() + at[a] * g.axis(a).dilation();
                    if (xi[a] < 0 || xi[a] >= g.axis(a).input()) {
                        return;
                    }
                }
                terms.add(new Term("x" + index(xi), w.input().get(full(xi, 0)), operandName + index(o),
                        w.operand().get(full(o, 0))));
            });
        } else {
            forEach(g.outputSizes(), o -> forEach(g.kernelSizes(), j -> {
                for (int a = 0; a < r; a++) {
                    if (o[a] * g.axis(a).stride() - g.axis(a).padBefore() + j[a] * g.axis(a).dilation() != at[a]) {
                        return;
                    }
                }
                terms.add(new Term(operandName + index(o), w.operand().get(full(o, 0)), "w" + index(j),
                        w.filter().get(kernelIndex(j, 0, 0))));
            }));
        }
        float value = w.op() == Op.GRAD_FILTER ? w.result().get(kernelIndex(at, 0, 0)) : w.result().get(full(at, 0));
        sb.append('\n').append(resultName).append(index(at)).append(w.op() == Op.GRAD_FILTER ? " (channels 0, 0)" : "")
                .append(" = ");
        if (terms.isEmpty()) {
            sb.append("0 (no ").append(operandName).append(" value reaches it)");
        } else {
            int shown = Math.min(terms.size(), 8);
            sb.append(String.join(" + ", terms.subList(0, shown).stream().map(t -> t.a + "*" + t.b).toList()))
                    .append(terms.size() > shown ? " + ... (" + terms.size() + " terms)" : "").append("\n    = ")
                    .append(String.join(" + ", terms.subList(0, shown).stream()
                            .map(t -> number(t.av) + "*" + number(t.bv)).toList()))
                    .append(terms.size() > shown ? " + ..." : "");
            double sum = terms.stream().mapToDouble(t -> (double) t.av * t.bv).sum();
            sb.append(" = ").append(number((float) sum));
        }
        sb.append("   (conv4j: ").append(number(value)).append(w.forward().inChannels() > 1
                || w.forward().outChannels() > 1 ? "; other channels add to it" : "").append(")\n");
    }

    /** The result position the text works out term by term (and the still picture lights). */
    public static int[] workedPosition(Worked w) {
        ConvGeometry g = w.forward();
        int[] at = new int[g.spatialRank()];
        for (int a = 0; a < at.length; a++) {
            at[a] = w.op() == Op.GRAD_FILTER ? g.axis(a).kernel() / 2 : busiest(g.axis(a));
        }
        return at;
    }

    /**
     * The input position near the middle of an axis that the most (output, tap) pairs reach: the
     * positions repeat with the stride, so one stride's worth is searched.
     */
    private static int busiest(AxisGeometry a) {
        int best = a.input() / 2;
        int most = -1;
        for (int i = a.input() / 2; i < Math.min(a.input(), a.input() / 2 + a.stride()); i++) {
            int count = 0;
            for (int o = 0; o < a.output(); o++) {
                for (int j = 0; j < a.kernel(); j++) {
                    count += o * a.stride() - a.padBefore() + j * a.dilation() == i ? 1 : 0;
                }
            }
            if (count > most) {
                most = count;
                best = i;
            }
        }
        return best;
    }

    private record Term(String a, float av, String b, float bv) {
    }

    private static void appendTransposedIdentity(StringBuilder sb, Worked w, String operandName, String resultName) {
        ConvGeometry g = w.forward();
        ConvGeometry id = w.identity();
        int[] gaps = g.spec().strides();
        sb.append("  1. spread ").append(operandName).append(" by the stride ").append(Arrays.toString(gaps)
                .replace(" ", "")).append(": ").append(Arrays.stream(gaps).map(s -> s - 1).boxed().toList())
                .append(" zeros between neighbours -> ").append(id.inputShape()).append('\n');
        sb.append("  2. pad it ").append(pads(id.padsBefore(), id.padsAfter()))
                .append(": (k-1)*dilation - pad_before before, and after whatever reaches the last of ")
                .append(resultName).append('\n');
        sb.append("  3. flip the kernel along every spatial axis and swap its in/out channels: ")
                .append(w.filter().shape()).append(" -> ").append(w.identityFilter().shape()).append('\n');
        sb.append("  4. convolve (stride 1, the same dilation): ").append(id.problem()).append('\n');
        sb.append(grid("  spread and padded " + operandName, w.paddedIdentityInput(), 1));
        sb.append(grid("  flipped w", w.identityFilter(), 0));
        sb.append(equality(w, resultName));
    }

    private static String equality(Worked w, String resultName) {
        double error = w.identityError();
        return grid("  the forward convolution gives", w.viaForward(), w.op() == Op.GRAD_FILTER ? 0 : 1) + "  "
                + (error == 0 ? "equal to " + resultName + " above, value for value"
                : "equal to " + resultName + " above to " + String.format(Locale.ROOT, "%.2g", error)
                + " (float rounding)") + "\n";
    }

    private static String pads(int[] before, int[] after) {
        return Arrays.toString(before).replace(" ", "") + " before, " + Arrays.toString(after).replace(" ", "")
                + " after";
    }

    /**
     * A tensor's first channel (of batch 0) as rows of numbers: {@code spatialFrom} is 1 for data
     * {@code [N, spatial..., C]}, 0 for filters {@code [k..., I, O]}. Large ones are cut with "...".
     */
    static String grid(String name, Tensor t, int spatialFrom) {
        int rank = t.rank() - 2;
        int[] dims = t.shape().dims();
        StringBuilder sb = new StringBuilder(name.isEmpty() ? "" : name + " " + t.shape()
                + (moreThanOneChannel(t, spatialFrom) ? " (first channel)" : "") + ":\n");
        int depth = rank == 3 ? dims[spatialFrom] : 1;
        int rows = rank >= 2 ? dims[spatialFrom + rank - 2] : 1;
        int cols = dims[spatialFrom + rank - 1];
        for (int d = 0; d < Math.min(depth, 4); d++) {
            if (rank == 3) {
                sb.append("    depth ").append(d).append('\n');
            }
            for (int y = 0; y < Math.min(rows, 12); y++) {
                sb.append("    ");
                for (int x = 0; x < Math.min(cols, 16); x++) {
                    int[] c = rank == 3 ? new int[] {d, y, x} : rank == 2 ? new int[] {y, x} : new int[] {x};
                    float v = t.get(spatialFrom == 1 ? full(c, 0) : kernelIndex(c, 0, 0));
                    sb.append(String.format(Locale.ROOT, "%6s", number(v)));
                }
                sb.append(cols > 16 ? "  ..." : "").append('\n');
            }
            if (rows > 12) {
                sb.append("    ...\n");
            }
        }
        return sb.toString();
    }

    private static boolean moreThanOneChannel(Tensor t, int spatialFrom) {
        int[] d = t.shape().dims();
        return spatialFrom == 1 ? d[d.length - 1] > 1 : d[d.length - 1] * d[d.length - 2] > 1;
    }

    /** A value as the text and pictures print it: whole numbers without a point. */
    public static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String index(int[] c) {
        return Arrays.toString(c).replace(" ", "");
    }

    /** {@code [0, c..., channel]}. */
    static int[] full(int[] spatial, int channel) {
        int[] c = new int[spatial.length + 2];
        System.arraycopy(spatial, 0, c, 1, spatial.length);
        c[spatial.length + 1] = channel;
        return c;
    }

    /** {@code [j..., in, out]}. */
    static int[] kernelIndex(int[] j, int in, int out) {
        int[] c = Arrays.copyOf(j, j.length + 2);
        c[j.length] = in;
        c[j.length + 1] = out;
        return c;
    }

    // ---- rearranging tensors -----------------------------------------------------------------------------------

    /** Values {@code 1..period} repeated in memory order. */
    static Tensor pattern(Shape shape, int period) {
        float[] v = new float[shape.checkedElementCount("operand")];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % period + 1;
        }
        return Tensor.wrap(shape, v);
    }

    /** A tensor of {@code shape} whose element at {@code c} is {@code src} at {@code sourceOf(c)}, or 0 for null. */
    static Tensor gather(Tensor src, Shape shape, Function<int[], int[]> sourceOf) {
        float[] out = new float[shape.checkedElementCount("tensor")];
        int[] dims = shape.dims();
        int[] c = new int[dims.length];
        for (int i = 0; i < out.length; i++) {
            int[] from = sourceOf.apply(c);
            out[i] = from == null ? 0 : src.get(from);
            for (int a = dims.length - 1; a >= 0 && ++c[a] == dims[a]; a--) {
                c[a] = 0;
            }
        }
        return Tensor.wrap(shape, out);
    }

    private static Tensor flipSpatial(Tensor w, int r) {
        int[] dims = w.shape().dims();
        return gather(w, w.shape(), c -> {
            int[] src = c.clone();
            for (int a = 0; a < r; a++) {
                src[a] = dims[a] - 1 - c[a];
            }
            return src;
        });
    }

    /** The leading block of {@code t} with {@code shape} (each axis no longer than t's). */
    private static Tensor leading(Tensor t, Shape shape) {
        return shape.equals(t.shape()) ? t : gather(t, shape, int[]::clone);
    }

    private static int[] swapLastTwo(int rank) {
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = i;
        }
        order[rank - 2] = rank - 1;
        order[rank - 1] = rank - 2;
        return order;
    }

    private static int[] withSpatial(int[] dims, int[] spatial) {
        int[] out = dims.clone();
        System.arraycopy(spatial, 0, out, 1, spatial.length);
        return out;
    }

    /** Calls {@code body} with every index of a box of {@code sizes}, the last axis fastest. */
    public static void forEach(int[] sizes, java.util.function.Consumer<int[]> body) {
        long n = 1;
        for (int s : sizes) {
            n *= s;
        }
        int[] c = new int[sizes.length];
        for (long i = 0; i < n; i++) {
            body.accept(c.clone());
            for (int a = sizes.length - 1; a >= 0 && ++c[a] == sizes[a]; a--) {
                c[a] = 0;
            }
        }
    }
}
