package dev.conv4j.explain.picture;

import dev.conv4j.draw.Animation;
import dev.conv4j.draw.Drawing;
import dev.conv4j.spec.ConvGeometry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel sliding: one {@link SlideGrid} frame per output position, in the order TensorFlow
 * produces them (last axis fastest), each frame marking its window and the outputs done so far.
 * Long axes visit only the positions the grid shows, and a frame budget keeps 2D and 3D short:
 * about 48 frames at most, so every direction of the slide is seen.
 */
public final class SlideAnimation {
    static final int FRAME_BUDGET = 48;
    static final int FRAME_MS = 700;
    static final int LAST_FRAME_MS = 2000;

    private SlideAnimation() {
    }

    /** The output positions visited, in order. */
    public static List<int[]> positions(ConvGeometry g) {
        SlideGrid grid = SlideGrid.of(g, "");
        int r = g.spatialRank();
        int perAxis = Math.max(2, (int) Math.floor(Math.pow(FRAME_BUDGET, 1.0 / r) + 1e-9));
        List<List<Integer>> axes = new ArrayList<>();
        for (AxisView v : grid.views().subList(3 - r, 3)) {
            axes.add(v.animated(perAxis));
        }
        List<int[]> positions = new ArrayList<>();
        addPositions(axes, 0, new int[r], positions);
        return positions;
    }

    private static void addPositions(List<List<Integer>> axes, int axis, int[] at, List<int[]> out) {
        if (axis == axes.size()) {
            out.add(at.clone());
            return;
        }
        for (int o : axes.get(axis)) {
            at[axis] = o;
            addPositions(axes, axis + 1, at, out);
        }
    }

    public static Animation of(ConvGeometry g, String title) {
        SlideGrid grid = SlideGrid.of(g, title);
        List<int[]> positions = positions(g);
        List<Drawing> frames = new ArrayList<>(positions.size());
        List<Integer> delays = new ArrayList<>(positions.size());
        Set<List<Integer>> done = new HashSet<>();
        for (int i = 0; i < positions.size(); i++) {
            int[] p = positions.get(i);
            frames.add(grid.frame(p, Set.copyOf(done), "step " + (i + 1) + " of " + positions.size()));
            delays.add(i == positions.size() - 1 ? LAST_FRAME_MS : FRAME_MS);
            done.add(java.util.Arrays.stream(p).boxed().toList());
        }
        return new Animation(frames, delays);
    }
}
