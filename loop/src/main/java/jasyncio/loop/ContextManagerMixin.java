package jasyncio.loop;

/**
 * locks._ContextManagerMixin: Python's {@code async with lock:} for {@link Lock},
 * {@link Semaphore} and {@link Condition}, as try-with-resources:
 *
 * <pre>{@code
 * try (var _ = await(lock.hold())) {
 *     ... // the lock is held here, and released however the block ends
 * }
 * }</pre>
 *
 * The await is where the task may wait for the lock (and where it can be cancelled, in
 * which case nothing is held and nothing is released). It is the same as
 * {@code await(lock.acquire()); try { ... } finally { lock.release(); }}.
 */
public interface ContextManagerMixin {
    /** Acquires, waiting if needed; the coroutine's result is true (asyncio's acquire). */
    Coroutine<Boolean> acquire();

    /** Releases what {@link #acquire} took. */
    void release();

    /** __aenter__: a coroutine that acquires and gives back a {@link Held} whose close() releases. */
    default Coroutine<Held> hold() {
        return Coroutine.create("ContextManagerMixin.hold", () -> {
            Asyncio.await(acquire());
            return this::release;
        });
    }

    /** What {@link #hold} gives back: closing it is __aexit__, one release. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
