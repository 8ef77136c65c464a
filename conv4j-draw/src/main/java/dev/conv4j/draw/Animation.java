package dev.conv4j.draw;

import java.util.List;

/**
 * Frames shown one after another, each for its delay, looping forever.
 *
 * @param frames   the pictures, in order
 * @param delaysMs how long each frame stays, in milliseconds (GIF keeps hundredths of a second)
 */
public record Animation(List<Drawing> frames, List<Integer> delaysMs) {
    public Animation {
        frames = List.copyOf(frames);
        delaysMs = List.copyOf(delaysMs);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        if (frames.size() != delaysMs.size()) {
            throw new IllegalArgumentException(frames.size() + " frames but " + delaysMs.size() + " delays");
        }
    }
}
