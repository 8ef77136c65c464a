package dev.conv4j.explain;

import dev.conv4j.plan.PlanDecision;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Explains a convolution in words, from its geometry alone: the directions the kernel slides
 * in, each axis's output size with the user's numbers, the pads and which side gets the odd one,
 * receptive field, cost, memory, and what the planner would run.
 */
public final class ConvExplainer {
    private ConvExplainer() {
    }

    /** The full explanation; {@code planner} decides the algorithm section. */
    public static String explain(ConvGeometry g, boolean hasBias, Planner planner) {
        StringBuilder sb = new StringBuilder();
        sb.append(g.problem()).append("\n\n");
        sb.append("Directions\n");
        for (String line : directions(g)) {
            sb.append("  ").append(line).append('\n');
        }
        sb.append('\n').append(shapeDerivation(g));
        sb.append('\n').append(costs(g, hasBias));
        sb.append("\nAlgorithm (").append(planner.threads()).append(" thread(s))\n");
        for (PlanDecision d : planner.decide(g, hasBias)) {
            sb.append("  ").append(d).append('\n');
        }
        return sb.toString();
    }

    /** Why the convolution is r-dimensional and how filters become output channels. */
    static List<String> directions(ConvGeometry g) {
        ConvSpec spec = g.spec();
        int r = g.spatialRank();
        List<String> names = axisNames(g);
        List<String> lines = new ArrayList<>();
        lines.add("The kernel slides in " + r + " direction" + (r == 1 ? "" : "s") + ": " + String.join(", ", names)
                + " -- a " + r + "D convolution, whatever the rank of the tensors (" + (r + 2) + " here, with batch"
                + " and channels).");
        Shape kernel = Shape.of(g.kernelSizes());
        String filterBlock = kernel + " x " + g.inChannelsPerGroup() + " channel" + (g.inChannelsPerGroup() == 1 ? "" : "s");
        String map = r + "D map " + Shape.of(g.outputSizes());
        if (spec.depthwise()) {
            int multiplier = g.outChannelsPerGroup();
            lines.add("Depthwise: " + (g.inChannels() == 1 ? "the one input channel has its own " : "each of the "
                    + g.inChannels() + " input channels has its own ") + multiplier
                    + " filter" + (multiplier == 1 ? "" : "s") + " of " + kernel + "; filter m of channel c gives output"
                    + " channel c*" + multiplier + "+m, so " + g.inChannels() + " x " + multiplier + " = "
                    + g.outChannels() + (g.outChannels() == 1 ? " map." : " maps."));
        } else if (g.groups() > 1) {
            lines.add("The " + g.inChannels() + " input channels form " + g.groups() + " groups of "
                    + g.inChannelsPerGroup() + "; each group has its own " + g.outChannelsPerGroup() + " filters of "
                    + filterBlock + ", each yielding one " + map + ": " + g.outChannels() + " maps in all.");
        } else {
            lines.add("Each filter " + filterBlock + " spans every input channel, so it does not slide along"
                    + " channels: it yields one " + map + ".");
            lines.add(g.outChannels() + " filter" + (g.outChannels() == 1 ? " gives 1 map" : "s give "
                    + g.outChannels() + " maps") + ", stacked as the output's channels.");
        }
        return lines;
    }

    static String shapeDerivation(ConvGeometry g) {
        ConvSpec spec = g.spec();
        int r = g.spatialRank();
        String format = spec.dataFormat().code(r);
        List<String> names = axisNames(g);
        int width = Math.max("channels".length(), names.stream().mapToInt(String::length).max().orElse(0));
        String row = "  %-" + width + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Output shape  %s %s -> %s %s%n", format, g.inputShape(), format,
                g.outputShape()));
        sb.append(String.format(Locale.ROOT, row, "batch", g.batch() + " -> " + g.batch()
                + " (each item is convolved on its own)"));
        for (int i = 0; i < r; i++) {
            AxisGeometry a = g.axis(i);
            sb.append(String.format(Locale.ROOT, row, a.name(), a.formula()));
        }
        sb.append(String.format(Locale.ROOT, row, "channels", g.inChannels() + " -> " + g.outChannels()
                + (spec.depthwise() ? " (channels x multiplier)" : " (one per filter)")));
        if (spec.boundary() != dev.conv4j.spec.Boundary.ZERO && hasPads(g)) {
            sb.append("  padded positions repeat the input (").append(spec.boundary().code())
                    .append(" boundary) instead of holding zeros\n");
        }
        return sb.toString();
    }

    static String costs(ConvGeometry g, boolean hasBias) {
        StringBuilder sb = new StringBuilder();
        int r = g.spatialRank();
        int[] field = new int[r];
        for (int i = 0; i < r; i++) {
            field[i] = g.axis(i).effectiveKernel();
        }
        sb.append(String.format(Locale.ROOT, "Receptive field  %s input positions per output value (x %d channel%s);"
                + " neighbouring outputs are %s apart%n", join(field), g.inChannelsPerGroup(),
                g.inChannelsPerGroup() == 1 ? "" : "s", join(g.spec().strides())));
        sb.append(String.format(Locale.ROOT, "Cost      %,d multiply-adds = %,d FLOPs; %,d parameters (%s)%n",
                g.multiplyAdds(), g.flops(), g.parameters(hasBias), hasBias ? "weights and bias" : "weights, no bias"));
        sb.append(String.format(Locale.ROOT, "Memory    input %s, filter %s, output %s (float32)%n",
                bytes(g.inputShape().elementCount()), bytes(g.filterShape().elementCount()),
                bytes(g.outputShape().elementCount())));
        return sb.toString();
    }

    private static boolean hasPads(ConvGeometry g) {
        for (AxisGeometry a : g.axes()) {
            if (a.padBefore() + a.padAfter() > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<String> axisNames(ConvGeometry g) {
        return g.axes().stream().map(AxisGeometry::name).toList();
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : "x").append(values[i]);
        }
        return sb.toString();
    }

    private static String bytes(long elements) {
        long b = elements * Float.BYTES;
        if (b < 1 << 10) {
            return b + " B";
        }
        if (b < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
}
