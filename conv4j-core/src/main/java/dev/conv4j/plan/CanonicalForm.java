package dev.conv4j.plan;

import dev.conv4j.kernel.BoundaryPadding;
import dev.conv4j.kernel.Layouts;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.DataFormat;

/**
 * The conversions every plan runs around its kernel, which knows only the canonical form
 * ({@link dev.conv4j.kernel.CanonicalConv}): channels-first activations transposed to
 * channels-last and back, a non-zero boundary materialised as a padded input (and the
 * gradient with respect to it folded back), and the bytes those copies take.
 */
final class CanonicalForm {
    private CanonicalForm() {
    }

    private static boolean channelsFirst(ConvGeometry g) {
        return g.spec().dataFormat() == DataFormat.CHANNELS_FIRST;
    }

    /** The forward input {@code x} channels-last and, for a non-zero boundary, padded. */
    static float[] input(ConvGeometry g, float[] x) {
        if (channelsFirst(g)) {
            x = Layouts.toChannelsLast(x, g.batch(), g.inChannels(), Math.toIntExact(g.inputVolume()));
        }
        if (g.spec().boundary() != Boundary.ZERO) {
            x = BoundaryPadding.pad(x, g.batch(), g.inChannels(), g.inputSizes(), g.padsBefore(), g.padsAfter(),
                    g.spec().boundary());
        }
        return x;
    }

    /** An activation of the output's shape ({@code y} or {@code dy}) channels-last. */
    static float[] outputSide(ConvGeometry g, float[] y) {
        return channelsFirst(g)
                ? Layouts.toChannelsLast(y, g.batch(), g.outChannels(), Math.toIntExact(g.outputVolume()))
                : y;
    }

    /**
     * The gradient with respect to the canonical input, {@code dx}, folded back through a non-zero
     * boundary and written to {@code out} in the input's layout.
     */
    static void inputGradient(ConvGeometry g, float[] dx, float[] out) {
        if (g.spec().boundary() != Boundary.ZERO) {
            dx = BoundaryPadding.fold(dx, g.batch(), g.inChannels(), g.inputSizes(), g.padsBefore(), g.padsAfter(),
                    g.spec().boundary());
        }
        if (channelsFirst(g)) {
            Layouts.toChannelsFirst(dx, g.batch(), g.inChannels(), Math.toIntExact(g.inputVolume()), out);
        } else if (dx != out) {
            System.arraycopy(dx, 0, out, 0, dx.length);
        }
    }

    /** True when the canonical input gradient is the result itself, with nothing to fold or transpose. */
    static boolean inputGradientInPlace(ConvGeometry g) {
        return !channelsFirst(g) && g.spec().boundary() == Boundary.ZERO;
    }

    /**
     * Bytes the conversions allocate besides the data given and returned: the channels-last
     * copies of channels-first input and output, and the materialised boundary pads.
     */
    static long scratchBytes(ConvGeometry geometry) {
        long elements = 0;
        if (channelsFirst(geometry)) {
            elements += geometry.inputShape().elementCount() + geometry.outputShape().elementCount();
        }
        if (geometry.spec().boundary() != Boundary.ZERO) {
            long padded = (long) geometry.batch() * geometry.inChannels();
            for (int i = 0; i < geometry.spatialRank(); i++) {
                padded *= geometry.axis(i).input() + geometry.axis(i).padBefore() + geometry.axis(i).padAfter();
            }
            elements += padded;
        }
        return elements * Float.BYTES;
    }
}
