package dev.conv4j.cli;

import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shape}: the output shape and, per axis, its derivation with the user's numbers. No data needed. */
@Command(name = "shape", description = "Print the output shape and per-axis formula and pads, from shapes alone.")
final class ShapeCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    ProblemShapes problem;

    @Override
    public Integer call() {
        ConvGeometry g = problem.geometry();
        ConvSpec spec = g.spec();
        PrintWriter out = command.commandLine().getOut();
        int r = spec.spatialRank();
        out.printf("%dD convolution (the kernel slides along %d %s): input %s %s, filter %s %s -> output %s %s%n",
                r, r, r == 1 ? "axis" : "axes", spec.dataFormat().code(r), g.inputShape(), spec.filterFormat().code(r),
                g.filterShape(), spec.dataFormat().code(r), g.outputShape());
        int width = g.axes().stream().mapToInt(a -> a.name().length()).max().orElse(0);
        for (AxisGeometry axis : g.axes()) {
            out.printf("  %-" + width + "s  %s%n", axis.name(), axis.formula());
        }
        out.printf(Locale.ROOT, "  pads before %s, after %s; %,d multiply-adds%n",
                Arrays.toString(g.padsBefore()), Arrays.toString(g.padsAfter()), multiplyAdds(g));
        return 0;
    }

    /**
     * {@code N * prod(out) * C_out * prod(k) * C_in / groups}, exactly: a problem that is only
     * sized, never run, may count more than a long holds.
     */
    static BigInteger multiplyAdds(ConvGeometry g) {
        BigInteger count = BigInteger.valueOf(g.batch())
                .multiply(BigInteger.valueOf(g.outChannels()))
                .multiply(BigInteger.valueOf(g.inChannelsPerGroup()));
        for (int i = 0; i < g.spatialRank(); i++) {
            count = count.multiply(BigInteger.valueOf(g.outputSizes()[i]))
                    .multiply(BigInteger.valueOf(g.kernelSizes()[i]));
        }
        return count;
    }
}
