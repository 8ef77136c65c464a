package dev.conv4j.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One value per thread (a kernel's scratch) that lives exactly as long as its owner. A
 * {@code ThreadLocal} field does not: its values stay in the long-lived worker threads' maps
 * after the kernel is unreachable, until some later lookup happens to clear them, so every plan
 * made and dropped (one per slab out of core) left its scratch behind, megabytes each.
 */
public final class PerThread<T> {
    private final Map<Thread, T> values = new ConcurrentHashMap<>();
    private final Supplier<T> initial;

    public PerThread(Supplier<T> initial) {
        this.initial = initial;
    }

    /** The calling thread's value, made on its first call. */
    public T get() {
        return values.computeIfAbsent(Thread.currentThread(), thread -> initial.get());
    }
}
