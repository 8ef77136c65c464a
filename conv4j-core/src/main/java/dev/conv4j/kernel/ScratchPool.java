package dev.conv4j.kernel;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * A kernel's working memory, lent to one {@code compute} call at a time and kept for the next:
 * allocating (and zeroing) a slab per call costs small problems a tenth of their time. The pool
 * belongs to the kernel, so it goes when the plan goes; working memory kept per thread instead
 * (a {@code ThreadLocal}) would stay with every long-lived thread that ever ran the plan (the
 * worker pool's, a server's, a Spark executor's) for as long as that thread lives. It holds at
 * most as many items as calls ever ran at once.
 *
 * @param <T> the working memory of one call
 */
public final class ScratchPool<T> {
    private final Supplier<T> factory;
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();

    public ScratchPool(Supplier<T> factory) {
        this.factory = factory;
    }

    /** An idle item, or a new one when every item is lent out. */
    public T acquire() {
        T item = idle.pollFirst();
        return item != null ? item : factory.get();
    }

    /** Returns an item for the next call; the most recently used is lent first, while it is in cache. */
    public void release(T item) {
        idle.offerFirst(item);
    }
}
