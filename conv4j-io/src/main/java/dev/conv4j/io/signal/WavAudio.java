package dev.conv4j.io.signal;

/** A WAV file's samples (as a {@link Signal} with its sample rate) and how they were stored. */
public record WavAudio(Signal signal, WavEncoding encoding) {
}
