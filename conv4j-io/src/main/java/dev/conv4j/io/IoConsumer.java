package dev.conv4j.io;

import java.io.IOException;

/** A {@link java.util.function.Consumer} that may throw {@link IOException}, for code that writes. */
@FunctionalInterface
public interface IoConsumer<T> {
    void accept(T value) throws IOException;
}
