package dev.conv4j.kernel;

import dev.conv4j.kernel.blocked.BlockedConv;
import dev.conv4j.kernel.blocked.PointwiseConv;
import dev.conv4j.kernel.blocked.WinogradConv;
import dev.conv4j.kernel.spatial.DepthwiseConv;
import dev.conv4j.kernel.spatial.SpatialConv;
import java.util.List;

/**
 * conv4j's forward algorithms in the order the planner tries them: specialised and fast first,
 * the direct algorithm (which accepts everything) last. Each specialised one rejects what the
 * next does better (the spatial kernels take few channels, the blocked ones many), so the order
 * only matters where two would both accept.
 */
public final class Algorithms {
    private Algorithms() {
    }

    /** The standard list. */
    public static List<ConvAlgorithm> standard() {
        return List.of(
                new DepthwiseConv(),
                new SpatialConv(),
                new PointwiseConv(),
                new WinogradConv(),
                new BlockedConv(),
                new DirectConv());
    }
}
