package dev.conv4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Reading that tells a short source apart from a full one, so callers can say what is missing. */
final class ChannelReads {
    private ChannelReads() {
    }

    /**
     * Reads until {@code buffer} is full or the channel ends.
     *
     * @return whether the buffer was filled; if not, its position says how much was read
     */
    static boolean fill(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
