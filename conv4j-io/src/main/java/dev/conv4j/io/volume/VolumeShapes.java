package dev.conv4j.io.volume;

import java.util.Arrays;

/** Shape helpers for volumes. */
public final class VolumeShapes {
    private VolumeShapes() {
    }

    /**
     * {@code [D, H, W]} from a shape whose extra axes have size 1 ({@code [1, D, H, W, 1]},
     * {@code [D, H, W, 1]}); a 2D {@code [H, W]} becomes {@code [1, H, W]}.
     *
     * @throws IllegalArgumentException naming {@code what} when more than three axes exceed 1
     */
    public static int[] squeezeTo3d(int[] dims, String what) {
        int[] d = dims;
        int lo = 0;
        int hi = d.length;
        while (hi - lo > 3 && d[lo] == 1) {
            lo++;
        }
        while (hi - lo > 3 && d[hi - 1] == 1) {
            hi--;
        }
        int[] core = Arrays.copyOfRange(d, lo, hi);
        if (core.length == 3) {
            return core;
        }
        if (core.length == 2) {
            return new int[] {1, core[0], core[1]};
        }
        if (core.length == 1) {
            return new int[] {1, 1, core[0]};
        }
        throw new IllegalArgumentException(what + " of shape " + Arrays.toString(dims).replace(" ", "")
                + " is not a volume: expected [D,H,W] (extra axes of size 1 allowed, e.g. [1,D,H,W,1])");
    }
}
