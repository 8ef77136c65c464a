package dev.conv4j.plan;

import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.DirectConv;
import dev.conv4j.kernel.DirectGradFilter;
import dev.conv4j.kernel.GradFilterAlgorithm;
import dev.conv4j.kernel.blocked.BlockedDirectConv;
import dev.conv4j.kernel.blocked.BlockedGemmConv;
import dev.conv4j.kernel.blocked.PlanarDirectConv;
import dev.conv4j.kernel.blocked.WinogradConv;
import dev.conv4j.kernel.blocked.WinogradTile;
import dev.conv4j.kernel.gradfilter.BlockedGradFilter;
import dev.conv4j.kernel.gradfilter.WinogradGradFilter;
import dev.conv4j.kernel.spatial.DepthwiseConv;
import dev.conv4j.kernel.spatial.SpatialConv;
import java.util.List;

/**
 * conv4j's algorithms per operation, in the order the planner tries them: specialised and fast
 * first, a direct algorithm that accepts everything last. Each specialised one rejects what the
 * next does better (the spatial kernels take few channels, the blocked ones many), so the order
 * only matters where two would both accept. Adding an algorithm is one class and one line here.
 *
 * <p>The input gradient has no list of its own: it is the forward convolution of the spread
 * output gradient (so every forward algorithm serves it), with
 * {@link dev.conv4j.kernel.DirectGradInput} behind them for the one case they cannot take.
 */
public final class Algorithms {
    private Algorithms() {
    }

    /** The forward convolution's list. */
    public static List<ConvAlgorithm> standard() {
        return List.of(
                new DepthwiseConv(),
                new SpatialConv(),
                new BlockedGemmConv(),
                new WinogradConv(WinogradTile.F2X3),
                // after F(2x2), which takes every problem it takes, so only chosen by name: its
                // error follows a 6x6 patch, not an output's own taps, and breaks the accuracy
                // rule where the input has zero regions (docs/semantics.md, "Winograd's error")
                new WinogradConv(WinogradTile.F4X3),
                // before blocked-direct, which takes every problem it takes: it takes only the
                // few-channel layers (stems) it was measured to win (PlanarDirectConv says which)
                PlanarDirectConv.standard(),
                new BlockedDirectConv(),
                new DirectConv());
    }

    /** The filter gradient's list. */
    public static List<GradFilterAlgorithm> gradFilter() {
        return List.of(
                BlockedGradFilter.standard(),
                // after blocked, which takes every problem it takes, so it runs only when asked for by
                // name: it breaks the accuracy rule where a few values dwarf the rest by many orders
                // of magnitude (docs/semantics.md, "Winograd's error"), which a plan cannot see
                WinogradGradFilter.standard(),
                new DirectGradFilter());
    }
}
